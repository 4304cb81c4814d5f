using System.Buffers.Binary;
using System.Text;
using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// Decodes one input tensor sent as binary data: little-endian, row-major, no padding; BOOL one byte (0 or 1); BYTES each
/// element a 4-byte little-endian length followed by that many bytes (UTF-8 text here). Errors are
/// <see cref="InputException"/>s that name the input.
/// </summary>
public static class BinaryTensorReader
{
    // Invalid UTF-8 is the client's mistake: refuse it rather than feed the model U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private delegate float ElementDecoder(ReadOnlySpan<byte> element);

    /// <summary>
    /// The column of a feature held as numbers (numbers, integers, booleans as 1/0; datetimes sent as BYTES text become
    /// Unix seconds, as in the JSON form) from <paramref name="count"/> elements of <paramref name="datatype"/>.
    /// </summary>
    public static float[] ReadNumbers(string input, FeatureColumn feature, string datatype, ReadOnlySpan<byte> data, int count)
    {
        var column = new float[count];
        if (datatype == "BYTES")
        {
            var texts = ReadTexts(input, data, count);
            for (var i = 0; i < count; i++)
            {
                if (!FeatureTypes.TryParseField(feature.Type, texts[i].Span, out column[i]))
                    throw Fail(input, $"element {i} is not a {feature.Type} value.");
            }
            return column;
        }

        var size = TensorTypes.ElementSize(datatype);
        var decode = DecoderOf(datatype);
        if (size is null || decode is null) throw Fail(input, $"datatype '{datatype}' cannot be read as binary data.");
        if (data.Length % size.Value != 0)
            throw Fail(input, $"binary_data_size {data.Length} is not a multiple of {size} bytes, the size of one {datatype} element.");
        if (data.Length / size.Value != count)
            throw Fail(input, $"shape says {count} elements ({(long)count * size.Value} bytes of {datatype}) but binary_data_size is {data.Length} bytes ({data.Length / size.Value} elements).");
        for (var i = 0; i < count; i++)
        {
            var element = data.Slice(i * size.Value, size.Value);
            if (datatype == "BOOL" && element[0] > 1) throw Fail(input, $"BOOL element {i} is the byte {element[0]}; a BOOL is 0 or 1.");
            var value = decode(element);
            // The JSON form refuses NaN and infinities; the binary form answers the same.
            if (!float.IsFinite(value)) throw Fail(input, $"element {i} is not a finite number.");
            column[i] = value;
        }
        return column;
    }

    /// <summary>The column of a text feature from <paramref name="count"/> BYTES elements.</summary>
    public static ReadOnlyMemory<char>[] ReadTexts(string input, ReadOnlySpan<byte> data, int count)
    {
        var texts = new ReadOnlyMemory<char>[count];
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            if (data.Length - offset < sizeof(uint))
                throw Fail(input, $"BYTES element {i} has no 4-byte length: the tensor's {data.Length} bytes end at {offset}; shape says {count} elements.");
            var length = BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
            offset += sizeof(uint);
            if (length > (uint)(data.Length - offset))
                throw Fail(input, $"BYTES element {i} says {length} bytes but only {data.Length - offset} remain in the tensor's binary data.");
            try
            {
                texts[i] = StrictUtf8.GetString(data.Slice(offset, (int)length)).AsMemory();
            }
            catch (DecoderFallbackException)
            {
                throw Fail(input, $"BYTES element {i} is not UTF-8 text.");
            }
            offset += (int)length;
        }
        if (offset != data.Length)
            throw Fail(input, $"shape says {count} elements, which take {offset} bytes, but binary_data_size is {data.Length}.");
        return texts;
    }

    private static ElementDecoder? DecoderOf(string datatype) => datatype switch
    {
        "BOOL" or "UINT8" => e => e[0],
        "INT8" => e => (sbyte)e[0],
        "INT16" => e => BinaryPrimitives.ReadInt16LittleEndian(e),
        "UINT16" => e => BinaryPrimitives.ReadUInt16LittleEndian(e),
        "INT32" => e => BinaryPrimitives.ReadInt32LittleEndian(e),
        "UINT32" => e => BinaryPrimitives.ReadUInt32LittleEndian(e),
        "INT64" => e => BinaryPrimitives.ReadInt64LittleEndian(e),
        "UINT64" => e => BinaryPrimitives.ReadUInt64LittleEndian(e),
        "FP16" => e => (float)BinaryPrimitives.ReadHalfLittleEndian(e),
        "FP32" => e => BinaryPrimitives.ReadSingleLittleEndian(e),
        "FP64" => e => (float)BinaryPrimitives.ReadDoubleLittleEndian(e),
        _ => null,
    };

    private static InputException Fail(string input, string message) => InputException.For("inputs", $"input '{input}': {message}");
}
