using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading.Channels;

namespace DsApp.Ingest.Parsing;

/// <summary>
/// A <see cref="TextReader"/> whose UTF-8 decoding (and the reading of the body beneath it) runs on
/// a task of its own, a few chunks ahead of the parser: on a multi-core machine the two halves of
/// an upload's work overlap instead of taking turns. At most <see cref="ChunksAhead"/> chunks wait,
/// so memory stays bounded. A leading BOM is dropped. An exception of the body (bad UTF-8, over the
/// limit) surfaces, unchanged, from the next read.
/// </summary>
public sealed class DecodingTextReader : TextReader
{
    public const int ChunkBytes = 64 * 1024;
    public const int ChunksAhead = 4;

    private readonly Channel<(char[] Chars, int Length)> _chunks =
        Channel.CreateBounded<(char[], int)>(new BoundedChannelOptions(ChunksAhead) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop;
    private readonly Task _producer;
    private char[]? _current;
    private int _position;
    private int _length;
    private bool _first = true;

    public DecodingTextReader(Stream body, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _producer = Task.Run(() => ProduceAsync(body, _stop.Token));
    }

    private async Task ProduceAsync(Stream body, CancellationToken cancellationToken)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetDecoder();
        var bytes = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            while (true)
            {
                var read = await body.ReadAsync(bytes.AsMemory(0, ChunkBytes), cancellationToken);
                var chars = ArrayPool<char>.Shared.Rent(ChunkBytes + 4);
                var count = decoder.GetChars(bytes.AsSpan(0, read), chars, flush: read == 0);
                if (count > 0) await _chunks.Writer.WriteAsync((chars, count), cancellationToken);
                else ArrayPool<char>.Shared.Return(chars);
                if (read == 0) break;
            }
            _chunks.Writer.Complete();
        }
        catch (Exception e)
        {
            _chunks.Writer.Complete(e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
    {
        if (_position == _length && !await NextChunkAsync(cancellationToken)) return 0;
        var count = Math.Min(buffer.Length, _length - _position);
        _current.AsSpan(_position, count).CopyTo(buffer.Span);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(char[] buffer, int index, int count) => ReadAsync(buffer.AsMemory(index, count)).AsTask();

    public override int Read(Span<char> buffer) => throw new NotSupportedException("DecodingTextReader is read asynchronously.");

    public override int Read(char[] buffer, int index, int count) => throw new NotSupportedException("DecodingTextReader is read asynchronously.");

    public override int Peek() => throw new NotSupportedException("DecodingTextReader is read asynchronously.");

    private async ValueTask<bool> NextChunkAsync(CancellationToken cancellationToken)
    {
        if (_current is not null) ArrayPool<char>.Shared.Return(_current);
        _current = null;
        _position = _length = 0;
        try
        {
            while (await _chunks.Reader.WaitToReadAsync(cancellationToken))
            {
                if (!_chunks.Reader.TryRead(out var chunk)) continue;
                (_current, _length) = chunk;
                if (_first && _length > 0 && _current[0] == '\uFEFF') _position = 1;
                _first = false;
                if (_position < _length) return true;
            }
            return false;
        }
        catch (ChannelClosedException closed) when (closed.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(closed.InnerException);
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Cancels a body read still pending (a table refused before its body ends): a request's body must be one whose
            // cancelled read leaves the server's reader whole (CancellableRequestBody), or the server's drain fails after.
            _stop.Cancel();
            // Let the producer see the cancellation before its buffers go back to the pool.
            try { _producer.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
            while (_chunks.Reader.TryRead(out var chunk)) ArrayPool<char>.Shared.Return(chunk.Chars);
            if (_current is not null) ArrayPool<char>.Shared.Return(_current);
            _current = null;
            _stop.Dispose();
        }
        base.Dispose(disposing);
    }
}
