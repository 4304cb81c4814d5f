
namespace DsApp.Tests.Stack;

/// <summary>
/// The whole app with its object store on S3: an s3rver on a loopback port, path-style, without conditional writes (s3rver
/// has none: the services write manifests under the Redis lock), its credentials passed through the AppHost.
/// </summary>
public sealed class DatasetsS3Fixture : DsAppFixture, IAsyncLifetime
{
    public S3rverFixture S3 { get; } = new();

    protected override IEnumerable<string> Settings =>
    [
        // ConditionalWrites=false among them: s3rver ignores If-None-Match / If-Match on PUT.
        .. S3.StorageSettings().Select(setting => $"{setting.Key}={setting.Value}"),
        $"AWS_ACCESS_KEY_ID={S3rverFixture.AccessKey}",
        $"AWS_SECRET_ACCESS_KEY={S3rverFixture.SecretKey}",
    ];

    async Task IAsyncLifetime.InitializeAsync()
    {
        await S3.InitializeAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await S3.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DatasetsS3Collection : ICollectionFixture<DatasetsS3Fixture>
{
    public const string Name = "the running app on S3";
}
