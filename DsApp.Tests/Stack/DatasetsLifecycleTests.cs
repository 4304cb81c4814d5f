namespace DsApp.Tests.Stack;

/// <summary>The dataset's life on the shared app, whose store is a local folder.</summary>
[Collection(DsAppCollection.Name)]
public sealed class DatasetsLifecycleTests(DsAppFixture app) : DatasetsLifecycle
{
    protected override HttpClient CreateGateway() => app.CreateGatewayClient();

    protected override Task<IReadOnlyList<string>> StoredKeysAsync(string prefix)
    {
        var root = app.StorePath;
        IReadOnlyList<string> keys = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal))
            .ToList();
        return Task.FromResult(keys);
    }

    protected override async Task<byte[]?> ReadObjectAsync(string key)
    {
        var path = Path.Combine(app.StorePath, key);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path) : null;
    }
}
