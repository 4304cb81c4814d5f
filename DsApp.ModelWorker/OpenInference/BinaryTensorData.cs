namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// The names of the binary tensor data extension (Triton's, adopted by KServe): tensors travel as raw bytes after the
/// JSON inference request or answer, whose length in bytes the <see cref="HeaderLength"/> header gives.
/// </summary>
public static class BinaryTensorData
{
    /// <summary>The name <c>GET /v2</c> lists among the extensions served.</summary>
    public const string Extension = "binary_tensor_data";

    /// <summary>The HTTP header giving the length in bytes of the JSON that opens the body, on requests and answers.</summary>
    public const string HeaderLength = "Inference-Header-Content-Length";

    /// <summary>An input's or answered output's parameter: the size in bytes of its binary data.</summary>
    public const string Size = "binary_data_size";

    /// <summary>A requested output's parameter: true to have it back as binary data.</summary>
    public const string OutputAsBinary = "binary_data";

    /// <summary>A request's parameter: true to have every output back as binary data unless the output says otherwise.</summary>
    public const string AllOutputsAsBinary = "binary_data_output";

    /// <summary>The media type of a body that carries binary tensors.</summary>
    public const string MediaType = "application/octet-stream";
}
