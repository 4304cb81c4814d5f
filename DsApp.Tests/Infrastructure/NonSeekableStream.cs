namespace DsApp.Tests.Infrastructure;

/// <summary>A forward-only stream like a request body, which can be told to fail partway through.</summary>
public sealed class NonSeekableStream(byte[] data, int failAfter = int.MaxValue) : Stream
{
    private int _position;

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position >= failAfter) throw new IOException("the client went away");
        var n = Math.Min(Math.Min(count, data.Length - _position), Math.Max(1, failAfter - _position));
        Array.Copy(data, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
