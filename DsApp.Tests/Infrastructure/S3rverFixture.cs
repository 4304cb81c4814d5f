using System.Diagnostics;
using Amazon.Runtime;
using Amazon.S3;
using DsApp.Platform.Storage;

namespace DsApp.Tests.Infrastructure;

/// <summary>
/// A real S3 wire-protocol server (Node's s3rver, installed by test.sh into .tools/) on a loopback
/// port, with one bucket, for as long as the tests that share it run.
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string Bucket = "dsapp-test";
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private Process? _process;
    private string _directory = "";

    public int Port { get; private set; }
    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        var program = Path.Combine(RepositoryPaths.Root, ".tools", "node_modules", ".bin", "s3rver");
        if (!File.Exists(program))
            throw new InvalidOperationException($"s3rver is not installed at {program}: run ./test.sh, which installs it.");
        _directory = Directory.CreateTempSubdirectory("dsapp-s3rver-").FullName;
        Port = FreePort.Next();
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-d", _directory, "-a", "127.0.0.1", "-p", Port.ToString(), "--silent", "--configure-bucket", Bucket })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException("s3rver did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(20));
    }

    public IAmazonS3 CreateClient() => new AmazonS3Client(
        new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonS3Config { ServiceURL = ServiceUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    /// <summary>
    /// s3rver ignores <c>If-None-Match</c> and <c>If-Match</c> on PUT (<c>S3ObjectStoreTests</c> shows it), so a store
    /// on it must not claim conditional writes: <c>Storage:ConditionalWrites=false</c>, as <see cref="StorageSettings"/> sets.
    /// </summary>
    public IObjectStore CreateStore(string prefix) => new S3ObjectStore(CreateClient(), Bucket, prefix, conditionalWrites: false);

    /// <summary>The <c>Storage</c> settings of a service whose store is this s3rver, under <paramref name="prefix"/>.</summary>
    public IEnumerable<KeyValuePair<string, string>> StorageSettings(string prefix = "")
    {
        yield return new("Storage:Provider", "S3");
        yield return new("Storage:ServiceUrl", ServiceUrl);
        yield return new("Storage:Bucket", Bucket);
        if (prefix.Length > 0) yield return new("Storage:Prefix", prefix);
        yield return new("Storage:ForcePathStyle", "true");
        yield return new("Storage:ConditionalWrites", "false");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}

/// <summary>The tests that share one s3rver.</summary>
[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver";
}
