using System.IO.Pipelines;
using DsApp.ServiceDefaults.Requests;

namespace DsApp.Tests.Unit.ServiceDefaults.Requests;

/// <summary>
/// A read that waited for data goes on on the thread pool, not on the thread that delivered the data (in a service,
/// the socket thread, which serves other connections); a read that finds data buffered goes on at once.
/// </summary>
public sealed class PoolResumedBodyTests
{
    [Fact]
    public Task A_read_that_waited_goes_on_on_the_thread_pool_not_on_the_thread_that_delivered_the_data() => Task.Run(async () =>
    {
        var (delivered, continued) = await ReadDeliveredByAThreadOfItsOwn(body => new PoolResumedBody(body));
        Assert.True(continued.IsThreadPoolThread);
        Assert.NotEqual(delivered, continued.ManagedThreadId);
    });

    [Fact]
    public Task Without_it_the_read_goes_on_on_the_delivering_thread() => Task.Run(async () =>
    {
        var (delivered, continued) = await ReadDeliveredByAThreadOfItsOwn(body => body);
        Assert.Equal(delivered, continued.ManagedThreadId);
    });

    [Fact]
    public async Task A_read_that_finds_data_buffered_completes_at_once_with_it()
    {
        var pipe = InlinePipe();
        await pipe.Writer.WriteAsync("iris"u8.ToArray());
        var buffer = new byte[16];

        var read = new PoolResumedBody(pipe.Reader.AsStream()).ReadAsync(buffer);

        Assert.True(read.IsCompleted);
        Assert.Equal("iris", System.Text.Encoding.UTF8.GetString(buffer, 0, await read));
    }

    /// <summary>Starts a read before any data, waits on it, then delivers the data from a dedicated thread, and says
    /// which thread the code after the read ran on.</summary>
    private static async Task<(int Delivered, Thread Continued)> ReadDeliveredByAThreadOfItsOwn(Func<Stream, Stream> wrap)
    {
        var pipe = InlinePipe();
        var read = wrap(pipe.Reader.AsStream()).ReadAsync(new byte[16]);
        Assert.False(read.IsCompleted);
        var continued = ThreadAfter(read); // waiting on the read before the data comes
        var deliverer = new Thread(() => pipe.Writer.WriteAsync("iris"u8.ToArray()).AsTask().GetAwaiter().GetResult());
        deliverer.Start();
        // no Join: without the hop, this very code runs on the deliverer's thread
        return (deliverer.ManagedThreadId, await continued.ConfigureAwait(false));
    }

    private static async Task<Thread> ThreadAfter(ValueTask<int> read)
    {
        Assert.Equal(4, await read.ConfigureAwait(false));
        return Thread.CurrentThread;
    }

    /// <summary>A pipe whose reader goes on on the writer's thread, as Kestrel's does under inline scheduling.</summary>
    private static Pipe InlinePipe() => new(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
}
