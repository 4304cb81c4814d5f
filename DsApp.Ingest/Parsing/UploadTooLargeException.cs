namespace DsApp.Ingest.Parsing;

/// <summary>The body went past the configured upload limit (answered 413).</summary>
public sealed class UploadTooLargeException(long limit)
    : Exception($"The body is larger than the upload limit of {limit} bytes.")
{
    public long Limit { get; } = limit;
}
