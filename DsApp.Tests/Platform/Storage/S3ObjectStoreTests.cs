using System.Text;
using Amazon.S3.Model;
using DsApp.Platform.Storage;

namespace DsApp.Tests.Platform.Storage;

/// <summary>
/// The store on s3rver. s3rver has no conditional writes (see the first test), so its stores run with
/// <c>ConditionalWrites=false</c>: a conditional write checks, then writes, and only the Redis lock makes it safe; the
/// race cases of <see cref="AtomicObjectStoreConformance"/> are not asked of it.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class S3ObjectStoreTests(S3rverFixture s3) : ObjectStoreConformance
{
    // Each test gets its own prefix, so tests sharing the bucket cannot see each other.
    protected override IObjectStore Store { get; } = s3.CreateStore($"conformance/{Guid.NewGuid():N}");

    [Fact]
    public async Task S3rver_ignores_if_none_match_and_if_match_on_put_so_its_stores_run_without_conditional_writes()
    {
        using var client = s3.CreateClient();
        var key = $"conformance/{Guid.NewGuid():N}/headers.json";
        var first = await client.PutObjectAsync(Put(key, "first"));

        // AWS S3 answers 412 to both; s3rver 3.7.1 replaces the object and answers 200.
        var createOnly = Put(key, "second, create-only");
        createOnly.IfNoneMatch = "*";
        await client.PutObjectAsync(createOnly);
        Assert.Equal("second, create-only", await ReadAsync(client, key));

        var staleMatch = Put(key, "third, over a stale etag");
        staleMatch.IfMatch = first.ETag;
        await client.PutObjectAsync(staleMatch);
        Assert.Equal("third, over a stale etag", await ReadAsync(client, key));

        // Hence every store the tests point at s3rver checks, then writes, under the Redis lock.
        Assert.False(Store.AtomicConditionalWrites);
    }

    private static PutObjectRequest Put(string key, string body) => new()
    {
        BucketName = S3rverFixture.Bucket, Key = key, ContentBody = body, ContentType = "application/json", UseChunkEncoding = false,
    };

    private static async Task<string> ReadAsync(Amazon.S3.IAmazonS3 client, string key)
    {
        using var response = await client.GetObjectAsync(S3rverFixture.Bucket, key);
        using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    // Real S3 replaces objects atomically; s3rver rewrites the file in place, and the SDK's
    // checksum, ETag parsing or the HTTP length check refuses what it would tear. Such a refusal is allowed here, a torn object never.
    protected override Func<Exception, bool> IsDetectedTornRead =>
        e => e is Amazon.Runtime.AmazonClientException or Amazon.S3.AmazonS3Exception
            or System.Net.Http.HttpIOException { HttpRequestError: System.Net.Http.HttpRequestError.ResponseEnded }
            || e.TargetSite?.DeclaringType?.FullName?.StartsWith("Amazon.", StringComparison.Ordinal) == true;
}
