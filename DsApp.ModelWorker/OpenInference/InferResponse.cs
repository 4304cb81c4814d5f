using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// Writes an infer answer. When no output is asked as binary data it is the plain JSON answer. Otherwise the body is the
/// JSON answer (binary outputs carry <c>parameters.binary_data_size</c> and no <c>data</c>) followed by the binary
/// outputs' bytes in the order they are listed, with <c>Inference-Header-Content-Length</c> giving the JSON's length.
/// </summary>
public static class InferResponse
{
    public static IResult Write(HttpResponse response, string model, int version, string id, IReadOnlyList<(OutputTensor Tensor, bool Binary)> outputs)
    {
        var binary = new ArrayBufferWriter<byte>();
        var tensors = new JsonArray();
        foreach (var (tensor, asBinary) in outputs)
        {
            var node = new JsonObject
            {
                ["name"] = tensor.Name,
                ["shape"] = new JsonArray(tensor.Shape.Select(d => (JsonNode)d).ToArray()),
                ["datatype"] = tensor.Datatype,
            };
            var parameters = new JsonObject(tensor.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
            if (asBinary) parameters[BinaryTensorData.Size] = BinaryTensorWriter.Write(binary, tensor.Data);
            if (parameters.Count > 0) node["parameters"] = parameters;
            if (!asBinary) node["data"] = JsonData(tensor.Data);
            tensors.Add(node);
        }
        var answer = new JsonObject
        {
            ["model_name"] = model,
            ["model_version"] = version.ToString(CultureInfo.InvariantCulture),
            ["id"] = id,
            ["outputs"] = tensors,
        };
        if (!outputs.Any(o => o.Binary)) return TypedResults.Json(answer);

        var header = JsonSerializer.SerializeToUtf8Bytes(answer);
        var body = new byte[header.Length + binary.WrittenCount];
        header.CopyTo(body, 0);
        binary.WrittenSpan.CopyTo(body.AsSpan(header.Length));
        response.Headers[BinaryTensorData.HeaderLength] = header.Length.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Bytes(body, BinaryTensorData.MediaType);
    }

    private static JsonArray JsonData(Array data) => data switch
    {
        float[] numbers => new JsonArray(numbers.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
        bool[] flags => new JsonArray(flags.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
        string[] texts => new JsonArray(texts.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
        _ => throw new ArgumentException($"No JSON form for {data.GetType().Name} tensors.", nameof(data)),
    };
}
