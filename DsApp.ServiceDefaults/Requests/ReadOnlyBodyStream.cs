namespace DsApp.ServiceDefaults.Requests;

/// <summary>
/// What every request-body wrapper shares: read forward only, asynchronously (<see cref="Stream.ReadAsync(Memory{byte}, CancellationToken)"/>
/// is each one's own), never written or sought. <see cref="Position"/> is the bytes read so far where a wrapper counts them.
/// </summary>
public abstract class ReadOnlyBodyStream : Stream
{
    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("A request body is read asynchronously.");

    /// <summary>The bytes read so far, where the wrapper counts them.</summary>
    protected virtual long BytesCounted => throw new NotSupportedException();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesCounted; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
