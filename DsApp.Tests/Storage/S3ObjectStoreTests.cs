using DsApp.ServiceDefaults.Storage;
using DsApp.Tests.Support;

namespace DsApp.Tests.Storage;

[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver";
}

[Collection(S3rverCollection.Name)]
public sealed class S3ObjectStoreTests(S3rverFixture s3) : ObjectStoreConformance
{
    // Each test gets its own prefix, so tests sharing the bucket cannot see each other.
    protected override IObjectStore Store { get; } = s3.CreateStore($"conformance/{Guid.NewGuid():N}");

    // Real S3 replaces objects atomically; s3rver rewrites the file in place, and the SDK's
    // checksum, ETag parsing or the HTTP length check refuses what it would tear. Such a refusal is allowed here, a torn object never.
    protected override Func<Exception, bool> IsDetectedTornRead =>
        e => e is Amazon.Runtime.AmazonClientException or Amazon.S3.AmazonS3Exception
            or System.Net.Http.HttpIOException { HttpRequestError: System.Net.Http.HttpRequestError.ResponseEnded }
            || e.TargetSite?.DeclaringType?.FullName?.StartsWith("Amazon.", StringComparison.Ordinal) == true;
}
