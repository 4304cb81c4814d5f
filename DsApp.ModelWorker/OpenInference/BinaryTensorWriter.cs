using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// Encodes an output tensor's data as binary tensor data: FP32 little-endian, BOOL one byte (1 or 0), BYTES each element
/// a 4-byte little-endian length followed by its UTF-8 bytes; row-major, no padding.
/// </summary>
public static class BinaryTensorWriter
{
    /// <summary>Appends the data to <paramref name="output"/>; returns the number of bytes written (the output's binary_data_size).</summary>
    public static int Write(IBufferWriter<byte> output, Array data)
    {
        switch (data)
        {
            case float[] numbers:
            {
                var span = output.GetSpan(numbers.Length * sizeof(float));
                for (var i = 0; i < numbers.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(span[(i * sizeof(float))..], numbers[i]);
                output.Advance(numbers.Length * sizeof(float));
                return numbers.Length * sizeof(float);
            }
            case bool[] flags:
            {
                var span = output.GetSpan(flags.Length);
                for (var i = 0; i < flags.Length; i++) span[i] = flags[i] ? (byte)1 : (byte)0;
                output.Advance(flags.Length);
                return flags.Length;
            }
            case string[] texts:
            {
                var written = 0;
                foreach (var text in texts)
                {
                    var length = Encoding.UTF8.GetByteCount(text);
                    var span = output.GetSpan(sizeof(uint) + length);
                    BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)length);
                    Encoding.UTF8.GetBytes(text, span[sizeof(uint)..]);
                    output.Advance(sizeof(uint) + length);
                    written += sizeof(uint) + length;
                }
                return written;
            }
            default:
                throw new ArgumentException($"No binary form for {data.GetType().Name} tensors.", nameof(data));
        }
    }
}
