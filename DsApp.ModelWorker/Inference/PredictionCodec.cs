using System.Buffers.Binary;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// A <see cref="Prediction"/> as the prediction cache keeps it: the prediction itself, not one protocol's answer, so a row
/// cached through REST predict answers an Open Inference Protocol infer too, and the other way round. Little-endian:
/// format byte, value, flag, probability, class index, then the class probabilities' count (-1: none) and values.
/// </summary>
public static class PredictionCodec
{
    /// <summary>Part of every cache key, so answers cached in another format (an older replica's JSON) are never read as this one.</summary>
    public const string Format = "p1";

    private const byte FormatByte = 1;
    private const int FixedSize = 1 + 4 + 1 + 4 + 4 + 4;

    public static byte[] Encode(in Prediction prediction)
    {
        var probabilities = prediction.Probabilities;
        var bytes = new byte[FixedSize + 4 * (probabilities?.Length ?? 0)];
        var span = bytes.AsSpan();
        span[0] = FormatByte;
        BinaryPrimitives.WriteSingleLittleEndian(span[1..], prediction.Value);
        span[5] = prediction.Flag ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteSingleLittleEndian(span[6..], prediction.Probability);
        BinaryPrimitives.WriteInt32LittleEndian(span[10..], prediction.ClassIndex);
        BinaryPrimitives.WriteInt32LittleEndian(span[14..], probabilities?.Length ?? -1);
        for (var i = 0; i < (probabilities?.Length ?? 0); i++) BinaryPrimitives.WriteSingleLittleEndian(span[(FixedSize + 4 * i)..], probabilities![i]);
        return bytes;
    }

    /// <summary>The prediction, or false for bytes that are not one (a foreign or damaged entry: the row is predicted again).</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out Prediction prediction)
    {
        prediction = default;
        if (bytes.Length < FixedSize || bytes[0] != FormatByte || bytes[5] > 1) return false;
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[14..]);
        if (count < -1 || bytes.Length != FixedSize + 4 * Math.Max(count, 0)) return false;
        float[]? probabilities = null;
        if (count >= 0)
        {
            probabilities = new float[count];
            for (var i = 0; i < count; i++) probabilities[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(FixedSize + 4 * i)..]);
        }
        prediction = new Prediction(
            BinaryPrimitives.ReadSingleLittleEndian(bytes[1..]),
            bytes[5] == 1,
            BinaryPrimitives.ReadSingleLittleEndian(bytes[6..]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[10..]),
            probabilities);
        return true;
    }
}
