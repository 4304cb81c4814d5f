using Amazon.S3;
using Amazon.S3.Model;

namespace DsApp.Tests.Stack;

/// <summary>The dataset's life on an app whose store is S3, checked with the raw S3 API.</summary>
[Collection(DatasetsS3Collection.Name)]
public sealed class DatasetsOnS3Tests(DatasetsS3Fixture app) : DatasetsLifecycle
{
    private readonly IAmazonS3 _s3 = app.S3.CreateClient();

    protected override HttpClient CreateGateway() => app.CreateGatewayClient();

    protected override async Task<IReadOnlyList<string>> StoredKeysAsync(string prefix)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = S3rverFixture.Bucket, Prefix = prefix };
        ListObjectsV2Response page;
        do
        {
            page = await _s3.ListObjectsV2Async(request);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = page.NextContinuationToken;
        } while (page.IsTruncated == true);
        return keys;
    }

    protected override async Task<byte[]?> ReadObjectAsync(string key)
    {
        try
        {
            using var response = await _s3.GetObjectAsync(S3rverFixture.Bucket, key);
            using var bytes = new MemoryStream();
            await response.ResponseStream.CopyToAsync(bytes);
            return bytes.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
