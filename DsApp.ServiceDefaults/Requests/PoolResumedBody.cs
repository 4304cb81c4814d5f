namespace DsApp.ServiceDefaults.Requests;

/// <summary>
/// A request body whose reads, when they had to wait for data, go on on the thread pool rather than on the socket
/// thread that completed them (<see cref="HeavyRequestHandoffMiddleware"/>). A read that finds data buffered goes on
/// where it is: no wait, no hop.
/// </summary>
public sealed class PoolResumedBody(Stream body) : Stream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = body.ReadAsync(buffer, cancellationToken);
        if (read.IsCompleted) return await read;
        var count = await read.ConfigureAwait(false);
        await Task.Yield(); // no synchronization context in a service: the rest is queued to the thread pool
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => body.Read(buffer, offset, count);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
