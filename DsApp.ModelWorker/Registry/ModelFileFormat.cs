namespace DsApp.ModelWorker.Registry;

/// <summary>Which runtime an imported file is for, from its media type, or from its first bytes when it is sent as <c>application/octet-stream</c>.</summary>
public static class ModelFileFormat
{
    public const string Zip = "application/zip";
    public const string Onnx = "application/onnx";
    public const string Bytes = "application/octet-stream";

    public static readonly string[] MediaTypes = [Zip, Onnx, Bytes];

    /// <summary>The runtime for <paramref name="mediaType"/>; null for a media type that is not a model file's.</summary>
    public static ModelRuntime? Of(string? mediaType, ReadOnlySpan<byte> head) => mediaType switch
    {
        Zip => ModelRuntime.Mlnet,
        Onnx => ModelRuntime.Onnx,
        // Every zip starts with a local file header or, empty, an end-of-directory record ("PK\3\4", "PK\5\6"); an ONNX
        // file is a protobuf message, which never does (its first byte is a field tag, 0x08 for ir_version).
        Bytes => head is [(byte)'P', (byte)'K', 3, 4, ..] or [(byte)'P', (byte)'K', 5, 6, ..] ? ModelRuntime.Mlnet : ModelRuntime.Onnx,
        _ => null,
    };
}
