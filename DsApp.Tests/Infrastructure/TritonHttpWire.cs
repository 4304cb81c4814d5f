using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace DsApp.Tests.Infrastructure;

/// <summary>
/// The Open Inference Protocol over HTTP as NVIDIA's <c>tritonclient.http</c> speaks it by default, written from the
/// binary tensor data extension's documentation and the client's documented defaults, apart from DsApp's own code:
/// <c>set_data_from_numpy(..., binary_data=True)</c> sends each input's raw little-endian row-major bytes after the JSON
/// and says how many in <c>parameters.binary_data_size</c> (BYTES: each element a 4-byte little-endian length then its
/// bytes; BOOL one byte); <c>InferRequestedOutput(name, binary_data=True)</c> asks <c>parameters.binary_data</c>; with
/// no outputs named the request asks <c>parameters.binary_data_output</c>. The JSON is compact (python-rapidjson's
/// <c>dumps</c>), in the client's key order; <c>Inference-Header-Content-Length</c> gives its length when binary data
/// follows, and the client sets no Content-Type.
/// </summary>
public static class TritonHttpWire
{
    public const string HeaderLength = "Inference-Header-Content-Length";

    /// <summary>One input: <see cref="Raw"/> for binary data (what <c>binary_data=True</c> sends), else <see cref="Data"/> as JSON.</summary>
    public sealed record Input(string Name, string Datatype, long[] Shape, byte[]? Raw, object[]? Data = null)
    {
        /// <summary>Numbers as binary data in the datatype's native little-endian form (numpy's <c>tobytes()</c>).</summary>
        public static Input Binary(string name, string datatype, params double[] values) =>
            new(name, datatype, [values.Length], NativeBytes(datatype, values));

        /// <summary>Strings as binary BYTES (tritonclient's <c>serialize_byte_tensor</c>): a 4-byte little-endian length, then the UTF-8 bytes.</summary>
        public static Input Bytes(string name, params string[] values)
        {
            using var raw = new MemoryStream();
            Span<byte> length = stackalloc byte[4];
            foreach (var value in values)
            {
                var bytes = Encoding.UTF8.GetBytes(value);
                BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)bytes.Length);
                raw.Write(length);
                raw.Write(bytes);
            }
            return new Input(name, "BYTES", [values.Length], raw.ToArray());
        }

        /// <summary>Booleans as binary BOOL: one byte each, 1 or 0.</summary>
        public static Input Bools(string name, params bool[] values) =>
            new(name, "BOOL", [values.Length], values.Select(v => v ? (byte)1 : (byte)0).ToArray());

        /// <summary>An input sent as JSON <c>data</c> (<c>binary_data=False</c>).</summary>
        public static Input Json(string name, string datatype, params object[] values) => new(name, datatype, [values.Length], null, values);
    }

    /// <summary>A requested output; <c>binary_data</c> is true unless said otherwise, as in <c>InferRequestedOutput</c>.</summary>
    public sealed record Output(string Name, bool Binary = true);

    /// <summary>The body tritonclient sends, and the length of its JSON when binary data follows (else null: no header).</summary>
    public static (byte[] Body, int? HeaderLength) Encode(IReadOnlyList<Input> inputs, IReadOnlyList<Output>? outputs = null, string? id = null)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (id is not null) writer.WriteString("id", id);
            writer.WriteStartArray("inputs");
            foreach (var input in inputs)
            {
                writer.WriteStartObject();
                writer.WriteString("name", input.Name);
                writer.WriteStartArray("shape");
                foreach (var d in input.Shape) writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WriteString("datatype", input.Datatype);
                if (input.Raw is not null)
                {
                    writer.WriteStartObject("parameters");
                    writer.WriteNumber("binary_data_size", input.Raw.Length);
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WritePropertyName("data");
                    JsonSerializer.Serialize(writer, input.Data);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            if (outputs is { Count: > 0 })
            {
                writer.WriteStartArray("outputs");
                foreach (var output in outputs)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", output.Name);
                    writer.WriteStartObject("parameters");
                    writer.WriteBoolean("binary_data", output.Binary);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            else
            {
                writer.WriteStartObject("parameters");
                writer.WriteBoolean("binary_data_output", true);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        var header = json.ToArray();
        var raws = inputs.Where(i => i.Raw is not null).Select(i => i.Raw!).ToList();
        if (raws.Count == 0) return (header, null);
        return ([.. header, .. raws.SelectMany(r => r)], header.Length);
    }

    /// <summary>The POST tritonclient makes: the body, <c>Inference-Header-Content-Length</c> when binary data follows, no Content-Type.</summary>
    public static HttpRequestMessage Post(string path, byte[] body, int? headerLength, string? contentType = null)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (headerLength is not null) request.Headers.TryAddWithoutValidation(HeaderLength, headerLength.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request;
    }

    /// <summary>
    /// Reads an answer as tritonclient's <c>InferResult</c> does: with <c>Inference-Header-Content-Length</c> the JSON is that
    /// many bytes and each output with <c>parameters.binary_data_size</c> takes the next that many bytes, in output order;
    /// other outputs carry <c>data</c>. Each output decodes to <c>string[]</c> (BYTES), <c>bool[]</c> (BOOL) or <c>float[]</c> (FP32).
    /// </summary>
    public static async Task<Answer> DecodeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        var headerLength = response.Headers.TryGetValues(HeaderLength, out var values) ? int.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture) : body.Length;
        using var document = JsonDocument.Parse(body.AsMemory(0, headerLength));
        var json = document.RootElement.Clone();
        var buffer = body.AsMemory(headerLength);
        var at = 0;
        var outputs = new Dictionary<string, (long[] Shape, Array Data, bool WasBinary)>();
        foreach (var output in json.GetProperty("outputs").EnumerateArray())
        {
            var name = output.GetProperty("name").GetString()!;
            var datatype = output.GetProperty("datatype").GetString()!;
            var shape = output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            Array data;
            var binary = output.TryGetProperty("parameters", out var parameters) && parameters.TryGetProperty("binary_data_size", out _);
            if (binary)
            {
                Assert.False(output.TryGetProperty("data", out _), $"binary output '{name}' also carries data");
                var size = parameters.GetProperty("binary_data_size").GetInt32();
                data = DecodeBinary(datatype, buffer.Span.Slice(at, size));
                at += size;
            }
            else
            {
                var items = output.GetProperty("data").EnumerateArray();
                data = datatype switch
                {
                    "BYTES" => items.Select(e => e.GetString()!).ToArray(),
                    "BOOL" => items.Select(e => e.GetBoolean()).ToArray(),
                    "FP32" => items.Select(e => e.GetSingle()).ToArray(),
                    _ => throw new NotSupportedException(datatype),
                };
            }
            Assert.Equal(shape.Aggregate(1L, (a, b) => a * b), data.Length);
            outputs[name] = (shape, data, binary);
        }
        Assert.Equal(buffer.Length, at);
        return new Answer(json, outputs);
    }

    public sealed record Answer(JsonElement Json, IReadOnlyDictionary<string, (long[] Shape, Array Data, bool WasBinary)> Outputs)
    {
        public string[] Texts(string name) => (string[])Outputs[name].Data;
        public float[] Numbers(string name) => (float[])Outputs[name].Data;
        public bool[] Flags(string name) => (bool[])Outputs[name].Data;
    }

    private static Array DecodeBinary(string datatype, ReadOnlySpan<byte> bytes)
    {
        switch (datatype)
        {
            case "FP32":
                var numbers = new float[bytes.Length / 4];
                for (var i = 0; i < numbers.Length; i++) numbers[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
                return numbers;
            case "BOOL":
                return bytes.ToArray().Select(b => b != 0).ToArray();
            case "BYTES":
                var texts = new List<string>();
                for (var at = 0; at < bytes.Length;)
                {
                    var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);
                    texts.Add(Encoding.UTF8.GetString(bytes.Slice(at + 4, length)));
                    at += 4 + length;
                }
                return texts.ToArray();
            default:
                throw new NotSupportedException(datatype);
        }
    }

    /// <summary>Numbers in a datatype's native little-endian form, as numpy's <c>tobytes()</c> gives them.</summary>
    public static byte[] NativeBytes(string datatype, double[] values)
    {
        var size = datatype switch
        {
            "BOOL" or "INT8" or "UINT8" => 1,
            "FP16" or "INT16" or "UINT16" => 2,
            "FP32" or "INT32" or "UINT32" => 4,
            "FP64" or "INT64" or "UINT64" => 8,
            _ => throw new NotSupportedException(datatype),
        };
        var bytes = new byte[values.Length * size];
        for (var i = 0; i < values.Length; i++)
        {
            var slot = bytes.AsSpan(i * size, size);
            var v = values[i];
            switch (datatype)
            {
                case "BOOL": slot[0] = v != 0 ? (byte)1 : (byte)0; break;
                case "INT8": slot[0] = unchecked((byte)(sbyte)v); break;
                case "UINT8": slot[0] = (byte)v; break;
                case "FP16": BinaryPrimitives.WriteHalfLittleEndian(slot, (Half)v); break;
                case "INT16": BinaryPrimitives.WriteInt16LittleEndian(slot, (short)v); break;
                case "UINT16": BinaryPrimitives.WriteUInt16LittleEndian(slot, (ushort)v); break;
                case "FP32": BinaryPrimitives.WriteSingleLittleEndian(slot, (float)v); break;
                case "INT32": BinaryPrimitives.WriteInt32LittleEndian(slot, (int)v); break;
                case "UINT32": BinaryPrimitives.WriteUInt32LittleEndian(slot, (uint)v); break;
                case "FP64": BinaryPrimitives.WriteDoubleLittleEndian(slot, v); break;
                case "INT64": BinaryPrimitives.WriteInt64LittleEndian(slot, (long)v); break;
                case "UINT64": BinaryPrimitives.WriteUInt64LittleEndian(slot, (ulong)v); break;
            }
        }
        return bytes;
    }
}
