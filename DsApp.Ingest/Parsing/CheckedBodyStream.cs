using System.Security.Cryptography;
using System.Text.Unicode;
using DsApp.ServiceDefaults.Requests;

namespace DsApp.Ingest.Parsing;

/// <summary>
/// Reads an upload body once, checking on the way what no parser reports precisely: that it is
/// valid UTF-8 (naming the line of the first bad byte), that it stays under the upload limit, and
/// when asked, hashing it (SHA-256) so an Idempotency-Key can be matched to its body without keeping it.
/// </summary>
public sealed class CheckedBodyStream(Stream inner, long limit, bool hash = false) : ReadOnlyBodyStream
{
    private readonly IncrementalHash? _hash = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    // Bytes of a UTF-8 sequence cut by the end of the previous read, checked with the next one.
    private readonly byte[] _carry = new byte[4];
    private int _carryLength;
    private long _lines;

    public long BytesRead { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Check(buffer.Span[..read], endOfBody: read == 0);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Check(buffer.AsSpan(offset, read), endOfBody: read == 0);
        return read;
    }

    /// <summary>The SHA-256 of everything read so far, as lowercase hex; null when not asked for.</summary>
    public string? BodyHash() => _hash is null ? null : Convert.ToHexStringLower(_hash.GetCurrentHash());

    private void Check(ReadOnlySpan<byte> chunk, bool endOfBody)
    {
        BytesRead += chunk.Length;
        if (BytesRead > limit) throw new UploadTooLargeException(limit);
        _hash?.AppendData(chunk);
        if (endOfBody)
        {
            if (_carryLength > 0) throw BadByte(_lines);
            return;
        }
        var start = 0;
        if (_carryLength > 0)
        {
            // Complete the cut sequence with the first bytes of this chunk.
            var needed = Math.Min(4 - _carryLength, chunk.Length);
            Span<byte> joined = stackalloc byte[_carryLength + needed];
            _carry.AsSpan(0, _carryLength).CopyTo(joined);
            chunk[..needed].CopyTo(joined[_carryLength..]);
            var status = System.Text.Rune.DecodeFromUtf8(joined, out _, out var consumed);
            if (status == System.Buffers.OperationStatus.NeedMoreData && needed == chunk.Length)
            {
                chunk.CopyTo(_carry.AsSpan(_carryLength));
                _carryLength += chunk.Length;
                return;
            }
            if (status != System.Buffers.OperationStatus.Done) throw BadByte(_lines);
            start = consumed - _carryLength;
            _carryLength = 0;
        }
        var rest = chunk[start..];
        var cut = IncompleteTail(rest);
        var whole = rest[..^cut];
        if (!Utf8.IsValid(whole))
        {
            var bad = FirstInvalid(whole);
            throw BadByte(_lines + whole[..bad].Count((byte)'\n'));
        }
        _lines += whole.Count((byte)'\n');
        rest[^cut..].CopyTo(_carry);
        _carryLength = cut;
    }

    private BadInputException BadByte(long linesBefore) => BadInputException.AtLine(linesBefore + 1, "the body is not valid UTF-8.");

    /// <summary>How many bytes at the end start a multi-byte sequence that the chunk cuts short (0 to 3).</summary>
    private static int IncompleteTail(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80) continue; // continuation byte: keep looking for the lead
            var length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return length > back ? back : 0;
        }
        return 0;
    }

    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        var index = 0;
        while (index < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[index..], out _, out var consumed) != System.Buffers.OperationStatus.Done) return index;
            index += consumed;
        }
        return index;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash?.Dispose();
        base.Dispose(disposing);
    }

    protected override long BytesCounted => BytesRead;
}
