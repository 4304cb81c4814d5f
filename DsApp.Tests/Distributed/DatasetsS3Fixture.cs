using DsApp.Tests.Support;

namespace DsApp.Tests.Distributed;

/// <summary>The whole app with its object store on S3: an s3rver on a loopback port, path-style, its credentials passed through the AppHost.</summary>
public sealed class DatasetsS3Fixture : DsAppFixture, IAsyncLifetime
{
    public S3rverFixture S3 { get; } = new();

    protected override IEnumerable<string> Settings =>
    [
        "Storage:Provider=S3",
        $"Storage:ServiceUrl={S3.ServiceUrl}",
        $"Storage:Bucket={S3rverFixture.Bucket}",
        "Storage:ForcePathStyle=true",
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
