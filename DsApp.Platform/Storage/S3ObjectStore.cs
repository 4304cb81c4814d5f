using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace DsApp.Platform.Storage;

/// <summary>
/// The object store on S3 (or anything speaking its wire protocol). Streams of unknown length are
/// sent in parts of <see cref="PartSize"/> so memory stays bounded; S3 makes an object visible only
/// once its single PUT or its multipart upload completes, which gives atomic writes. Conditional writes use S3's
/// <c>If-Match</c> / <c>If-None-Match: *</c> on PUT; a look-alike without them (<paramref name="conditionalWrites"/>
/// false) gets a check, then a write, which only a lock across replicas makes safe.
/// </summary>
public sealed class S3ObjectStore(IAmazonS3 s3, string bucket, string prefix, bool conditionalWrites = true) : IObjectStore
{
    public const int PartSize = 8 * 1024 * 1024;

    private readonly string _prefix = prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";

    public bool AtomicConditionalWrites => conditionalWrites;

    public async Task<StoredObject?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = S3Key(key) }, cancellationToken);
            using var content = new MemoryStream(response.ContentLength > 0 ? (int)response.ContentLength : 0);
            await response.ResponseStream.CopyToAsync(content, cancellationToken);
            return new StoredObject(content.ToArray(), response.ETag);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> PutIfAsync(string key, ReadOnlyMemory<byte> content, string? ifMatch, string contentType = "application/json", CancellationToken cancellationToken = default)
    {
        if (!conditionalWrites)
        {
            var current = await ReadAsync(key, cancellationToken);
            if (ifMatch is null ? current is not null : current?.ETag != ifMatch) return false;
        }
        using var body = new MemoryStream(content.ToArray(), writable: false);
        var request = new PutObjectRequest { BucketName = bucket, Key = S3Key(key), InputStream = body, ContentType = contentType, UseChunkEncoding = false, AutoCloseStream = false };
        if (conditionalWrites)
        {
            if (ifMatch is null) request.IfNoneMatch = "*";
            else request.IfMatch = ifMatch;
        }
        try
        {
            await s3.PutObjectAsync(request, cancellationToken);
            return true;
        }
        // 412: the object is not the one read; 409: a concurrent conditional write of the same key is in flight;
        // 404: If-Match named an object that is gone.
        catch (AmazonS3Exception e) when (conditionalWrites && (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict
            || e.StatusCode == HttpStatusCode.NotFound && ifMatch is not null))
        {
            return false;
        }
    }

    public async Task PutAsync(string key, Stream content, string contentType = "application/octet-stream", CancellationToken cancellationToken = default)
    {
        var s3Key = S3Key(key);
        var buffer = new byte[PartSize];
        var filled = await FillAsync(content, buffer, cancellationToken);
        if (filled < PartSize)
        {
            using var body = new MemoryStream(buffer, 0, filled, writable: false);
            // UseChunkEncoding = false: s3rver would otherwise store the aws-chunked framing in the object.
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = s3Key, InputStream = body, ContentType = contentType, UseChunkEncoding = false, AutoCloseStream = false }, cancellationToken);
            return;
        }
        await PutMultipartAsync(s3Key, content, buffer, filled, contentType, cancellationToken);
    }

    private async Task PutMultipartAsync(string s3Key, Stream content, byte[] buffer, int filled, string contentType, CancellationToken cancellationToken)
    {
        var upload = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = s3Key, ContentType = contentType }, cancellationToken);
        var parts = new List<PartETag>();
        try
        {
            for (var partNumber = 1; filled > 0; partNumber++)
            {
                using var body = new MemoryStream(buffer, 0, filled, writable: false);
                var part = await s3.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket, Key = s3Key, UploadId = upload.UploadId, PartNumber = partNumber,
                    InputStream = body, PartSize = filled, UseChunkEncoding = false,
                }, cancellationToken);
                parts.Add(new PartETag(partNumber, part.ETag));
                filled = await FillAsync(content, buffer, cancellationToken);
            }
            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = s3Key, UploadId = upload.UploadId, PartETags = parts }, cancellationToken);
        }
        catch (Exception failure)
        {
            // Nothing became visible. Free the parts already stored (a bucket lifecycle rule for
            // incomplete uploads collects them if this fails too), then let the first failure surface.
            try
            {
                await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = s3Key, UploadId = upload.UploadId }, CancellationToken.None);
            }
            catch (AmazonS3Exception abortFailure)
            {
                failure.Data["AbortMultipartUpload"] = abortFailure.Message;
            }
            throw;
        }
    }

    public async Task<Stream?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = S3Key(key) }, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            var meta = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = S3Key(key) }, cancellationToken);
            return new ObjectInfo(key, meta.ContentLength, ToUtc(meta.LastModified));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, string? startAfter = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix);
        var request = new ListObjectsV2Request
        {
            BucketName = bucket,
            Prefix = _prefix + prefix,
            StartAfter = startAfter is null ? null : S3Key(startAfter),
        };
        while (true)
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return new ObjectInfo(item.Key[_prefix.Length..], item.Size ?? 0, ToUtc(item.LastModified));
            }
            if (page.IsTruncated != true) yield break;
            request.ContinuationToken = page.NextContinuationToken;
            request.StartAfter = null;
        }
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        // S3 answers 204 whether or not the object existed; ask first so callers can tell.
        if (await HeadAsync(key, cancellationToken) is null) return false;
        await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = S3Key(key) }, cancellationToken);
        return true;
    }

    private string S3Key(string key) => _prefix + ObjectKey.Validate(key);

    private static DateTimeOffset ToUtc(DateTime? value) =>
        value is { } time ? new DateTimeOffset(DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc)) : DateTimeOffset.MinValue;

    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0) break;
            filled += read;
        }
        return filled;
    }
}
