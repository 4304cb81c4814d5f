using System.Text.Json.Serialization;

namespace DsApp.ModelWorker.Registry;

/// <summary>
/// One input or output of an ONNX graph as the runtime declares it. <see cref="Type"/> is the element type of a tensor
/// (<c>float</c>, <c>double</c>, <c>int64</c>, <c>int32</c>, <c>string</c>, <c>bool</c>) or <c>seq(map(int64,float))</c> for a
/// ZipMap; <see cref="Shape"/> has -1 for a free dimension (the batch) and is null for a value that is not a tensor.
/// <see cref="Features"/> (inputs) are the model's features it is filled from, in order; <see cref="Role"/> (outputs) is what
/// DsApp reads from it: <c>label</c>, <c>probabilities</c> or <c>value</c> (null: not read).
/// </summary>
public sealed record GraphValue(
    string Name,
    string Type,
    IReadOnlyList<long>? Shape,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Features = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role = null);
