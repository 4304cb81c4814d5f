using System.Buffers;
using System.IO.Pipelines;
using DsApp.ServiceDefaults.Requests;

namespace DsApp.Tests.Unit.ServiceDefaults.Requests;

/// <summary>
/// A body read through <see cref="CancellableRequestBody"/> over a real pipe: a cancelled read leaves the pipe's reader
/// readable (Kestrel's drain reads it after the answer), and a cancel meant for another read costs no byte.
/// </summary>
public sealed class CancellableRequestBodyTests
{
    [Fact]
    public async Task A_read_cancelled_by_its_token_throws_and_leaves_the_reader_whole_with_every_byte_for_the_next_reader()
    {
        var pipe = new Pipe();
        var body = new CancellableRequestBody(pipe.Reader);
        using var stop = new CancellationTokenSource();
        var pending = body.ReadAsync(new byte[16], stop.Token).AsTask();
        Assert.False(pending.IsCompleted);

        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        // The reader is not left mid-read: it reads on (as Kestrel's drain does) and gets what came after.
        await pipe.Writer.WriteAsync("rest"u8.ToArray());
        var next = await pipe.Reader.ReadAsync();
        Assert.Equal("rest"u8.ToArray(), next.Buffer.ToArray());
        pipe.Reader.AdvanceTo(next.Buffer.End);
    }

    [Fact]
    public async Task A_cancel_that_lands_on_no_pending_read_is_taken_by_the_next_read_without_losing_its_bytes()
    {
        var pipe = new Pipe();
        var body = new CancellableRequestBody(pipe.Reader);
        await pipe.Writer.WriteAsync("a,b\n1,2\n"u8.ToArray());
        await pipe.Writer.CompleteAsync();

        // As when a token fires just as the read it was meant for completes.
        pipe.Reader.CancelPendingRead();
        using var read = new MemoryStream();
        await body.CopyToAsync(read);
        Assert.Equal("a,b\n1,2\n"u8.ToArray(), read.ToArray());
    }

    [Fact]
    public async Task Megabytes_held_in_many_segments_of_the_pipe_are_read_whole_a_buffer_at_a_time()
    {
        var sent = new byte[3 << 20];
        new Random(19).NextBytes(sent);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        foreach (var piece in sent.Chunk(4093)) pipe.Writer.Write(piece);
        await pipe.Writer.CompleteAsync();

        var body = new CancellableRequestBody(pipe.Reader);
        using var read = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int count;
        while ((count = await body.ReadAsync(buffer)) > 0)
        {
            Assert.InRange(count, 1, buffer.Length);
            read.Write(buffer, 0, count);
        }
        Assert.True(sent.AsSpan().SequenceEqual(read.ToArray()), $"read {read.Length} bytes of {sent.Length}, or other bytes");
    }

    [Fact]
    public async Task A_read_takes_no_more_than_its_buffer_and_the_next_read_gets_the_rest()
    {
        var pipe = new Pipe();
        var body = new CancellableRequestBody(pipe.Reader);
        await pipe.Writer.WriteAsync("abcdef"u8.ToArray());
        await pipe.Writer.CompleteAsync();

        var buffer = new byte[4];
        Assert.Equal(4, await body.ReadAsync(buffer));
        Assert.Equal("abcd"u8.ToArray(), buffer);
        Assert.Equal(2, await body.ReadAsync(buffer));
        Assert.Equal("ef"u8.ToArray(), buffer[..2]);
        Assert.Equal(0, await body.ReadAsync(buffer));
    }
}
