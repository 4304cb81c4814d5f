using System.Text.Json;
using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.Tables;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// Reads an infer request's input tensors into a table: one tensor per feature, named after it, shape <c>[N]</c> or
/// <c>[N,1]</c>, data flat or nested (row-major) in JSON or sent as binary data, and every tensor with the same N.
/// Errors are <see cref="InputException"/>s.
/// </summary>
public static class TensorReader
{
    public static ColumnTable Read(InputLayout layout, JsonElement request, int maxRows) =>
        Read(layout, request, ReadOnlyMemory<byte>.Empty, maxRows);

    /// <param name="binary">
    /// The bytes after the JSON request (binary tensor data extension): each input whose parameters carry
    /// <c>binary_data_size</c> takes the next that many bytes, in the order of the inputs; they must add up to all of it.
    /// </param>
    public static ColumnTable Read(InputLayout layout, JsonElement request, ReadOnlyMemory<byte> binary, int maxRows)
    {
        if (request.ValueKind != JsonValueKind.Object) throw Fail("the request must be a JSON object with \"inputs\".");
        if (!request.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array || inputs.GetArrayLength() == 0)
            throw Fail("\"inputs\" must be a non-empty array of tensors.");
        var features = layout.Features;
        var numbers = new float[]?[features.Count];
        var texts = new ReadOnlyMemory<char>[]?[features.Count];
        var seen = new bool[features.Count];
        int? rows = null;
        var binaryRead = 0;
        foreach (var tensor in inputs.EnumerateArray())
        {
            if (tensor.ValueKind != JsonValueKind.Object || !tensor.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
                throw Fail("every input tensor needs a \"name\".");
            var name = nameElement.GetString()!;
            if (!layout.TryGetIndex(name, out var f))
                throw Fail($"input '{name}' is not a feature of this model (its inputs: {string.Join(", ", features.Select(x => x.Name))}).");
            if (seen[f]) throw Fail($"input '{name}' is given twice.");
            seen[f] = true;
            var datatype = tensor.TryGetProperty("datatype", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
            if (!TensorTypes.Accepts(features[f], datatype))
                throw Fail($"input '{name}' has datatype '{datatype}'; this feature takes {TensorTypes.Of(features[f])}.");
            var n = ReadShape(name, tensor);
            if (n > maxRows) throw new InputException(new Dictionary<string, string[]> { [name] = [$"has {n} rows; at most {maxRows} are taken in one request."] }, InputRefusal.TooLarge);
            if (rows is not null && rows != n) throw Fail($"input '{name}' has {n} rows but another input has {rows}.");
            rows = n;
            if (BinarySize(name, tensor) is { } size)
            {
                if (tensor.TryGetProperty("data", out _)) throw Fail($"input '{name}' has both \"data\" and a binary_data_size; send one.");
                if (size > binary.Length - binaryRead)
                    throw Fail($"input '{name}' has binary_data_size {size} but the body holds only {binary.Length - binaryRead} more bytes of binary data.");
                var bytes = binary.Span.Slice(binaryRead, (int)size);
                binaryRead += (int)size;
                if (FeatureTypes.KindOf(features[f].Type) == ColumnKind.Text) texts[f] = BinaryTensorReader.ReadTexts(name, bytes, n);
                else numbers[f] = BinaryTensorReader.ReadNumbers(name, features[f], datatype, bytes, n);
                continue;
            }
            if (!tensor.TryGetProperty("data", out var data)) throw Fail($"input '{name}' has no \"data\".");
            var values = Flatten(name, data, tensor.GetProperty("shape").GetArrayLength());
            if (values.Count != n) throw Fail($"input '{name}': shape says {n} values but data has {values.Count}.");
            if (FeatureTypes.KindOf(features[f].Type) == ColumnKind.Text)
            {
                var column = texts[f] = new ReadOnlyMemory<char>[n];
                for (var i = 0; i < n; i++)
                {
                    if (values[i].ValueKind != JsonValueKind.String) throw Fail($"input '{name}': element {i} is not a string.");
                    column[i] = values[i].GetString().AsMemory();
                }
            }
            else
            {
                var column = numbers[f] = new float[n];
                for (var i = 0; i < n; i++)
                {
                    var value = values[i];
                    if (TensorTypes.TryReadJson(value, datatype, out var number)) column[i] = number;
                    else if (value.ValueKind == JsonValueKind.String && features[f].Type == FeatureTypes.DateTime && FeatureTypes.TryParseField(FeatureTypes.DateTime, value.GetString(), out var moment)) column[i] = moment;
                    else throw Fail($"input '{name}': element {i} is {Shown(value)}; each {datatype} element is {TensorTypes.Describe(datatype)}.");
                }
            }
        }
        if (binaryRead != binary.Length)
            throw Fail($"the body has {binary.Length - binaryRead} bytes after the binary tensors its inputs declare (their binary_data_size add up to {binaryRead}).");
        var missing = features.Where((_, i) => !seen[i]).Select(x => x.Name).ToList();
        if (missing.Count > 0) throw Fail($"missing input tensor(s): {string.Join(", ", missing)}.");
        if (rows == 0) throw Fail("the tensors have no rows.");
        return layout.FromColumns(numbers, texts);
    }

    private static int ReadShape(string name, JsonElement tensor)
    {
        if (!tensor.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array)
            throw Fail($"input '{name}' needs a \"shape\".");
        var dims = shape.EnumerateArray().Select(x => x.TryGetInt32(out var v) ? v : -1).ToArray();
        if (dims.Length is < 1 or > 2 || dims[0] < 0 || (dims.Length == 2 && dims[1] != 1))
            throw Fail($"input '{name}' has shape [{string.Join(",", dims)}]; a feature takes [N] or [N,1].");
        return dims[0];
    }

    /// <summary>The input's <c>parameters.binary_data_size</c>, or null when it comes as JSON <c>data</c>.</summary>
    private static long? BinarySize(string name, JsonElement tensor)
    {
        if (InferRequestShape.Parameters(tensor, $"input '{name}'") is not { } parameters || !parameters.TryGetProperty(BinaryTensorData.Size, out var size))
            return null;
        if (size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var bytes) && bytes >= 0) return bytes;
        throw Fail($"input '{name}' has binary_data_size {size.GetRawText()}; it must be a number of bytes (an integer, 0 or more).");
    }

    /// <summary>
    /// The data's elements in row-major order: a flat list, or nested as the shape is (a <c>[N,1]</c> tensor's rows as
    /// one-element arrays). Deeper nesting is another shape than the one declared, not one to flatten.
    /// </summary>
    private static List<JsonElement> Flatten(string name, JsonElement data, int dimensions)
    {
        if (data.ValueKind != JsonValueKind.Array) return [data];
        var values = new List<JsonElement>();
        foreach (var item in data.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Array)
            {
                values.Add(item);
                continue;
            }
            if (dimensions < 2 || item.EnumerateArray().Any(inner => inner.ValueKind == JsonValueKind.Array))
                throw Fail($"input '{name}': data is nested deeper than its shape of {dimensions} dimension(s).");
            values.AddRange(item.EnumerateArray());
        }
        return values;
    }

    /// <summary>A JSON value as an error quotes it, cut short when long.</summary>
    private static string Shown(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 40 ? text : text[..40] + "…";
    }

    private static InputException Fail(string message) => InputException.For("inputs", message);
}
