namespace DsApp.Platform.Storage;

/// <summary>The <c>Storage</c> configuration section: where the object store lives.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>File</c> (a local folder, the default) or <c>S3</c>.</summary>
    public string Provider { get; set; } = StorageProviders.File;

    /// <summary>The folder of the <c>File</c> provider.</summary>
    public string Path { get; set; } = ".data/store";

    public string? Bucket { get; set; }

    /// <summary>A key prefix inside the bucket, so several deployments can share one.</summary>
    public string Prefix { get; set; } = "";

    public string? Region { get; set; }

    /// <summary>An S3-compatible endpoint (s3rver, MinIO); empty for AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    public bool ForcePathStyle { get; set; }

    /// <summary>
    /// Whether the S3 endpoint honours <c>If-Match</c> and <c>If-None-Match: *</c> on PUT (AWS S3 and MinIO do; s3rver
    /// ignores them). Without them a manifest is written only under a lock held in Redis, and not at all while Redis is away.
    /// </summary>
    public bool ConditionalWrites { get; set; } = true;
}
