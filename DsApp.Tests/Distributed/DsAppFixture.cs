using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DsApp.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.Tests.Distributed;

/// <summary>
/// The whole app (Redis, ingest, modelworker, gateway) as real processes on random ports, started
/// once and shared by every test of the collection. The store is a fresh temporary folder.
/// </summary>
public class DsAppFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    public static readonly string[] Services = ["cache", "ingest", "modelworker", "api"];

    private readonly string _storePath = Directory.CreateTempSubdirectory("dsapp-app-store-").FullName;

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>Receives every span and metric the app's services export.</summary>
    public OtlpReceiver Telemetry { get; } = new();
    public string StorePath => _storePath;

    /// <summary>Extra AppHost settings a derived fixture adds (e.g. an S3 store).</summary>
    protected virtual IEnumerable<string> Settings => [];

    public async Task InitializeAsync()
    {
        await Telemetry.StartAsync();
        string[] args = ["Cache:Mode=local", $"Storage:Path={_storePath}", $"Telemetry:OtlpEndpoint={Telemetry.Endpoint}", .. Settings];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DsApp_AppHost>(args);
        App = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(timeout.Token);
        await WaitUntilHealthyAsync(Services, timeout.Token);
    }

    public HttpClient CreateGatewayClient() => App.CreateHttpClient("api");

    public Task WaitUntilHealthyAsync(IEnumerable<string> resources, CancellationToken cancellationToken) =>
        Task.WhenAll(resources.Select(name => App.ResourceNotifications.WaitForResourceHealthyAsync(name, cancellationToken)));

    public Task<ExecuteCommandResult> RunCommandAsync(string resource, string command) =>
        App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command);

    /// <summary>Kills the process tree of a running resource, as a crash would.</summary>
    public void KillProcessOf(string resource)
    {
        if (!App.ResourceNotifications.TryGetCurrentState(resource, out var state))
            throw new InvalidOperationException($"{resource} has no state");
        var pid = state.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value;
        using var process = System.Diagnostics.Process.GetProcessById(Convert.ToInt32(pid));
        process.Kill(entireProcessTree: true);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Telemetry.DisposeAsync();
        try { Directory.Delete(_storePath, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class DsAppCollection : ICollectionFixture<DsAppFixture>
{
    public const string Name = "the running app";
}
