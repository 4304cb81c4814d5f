namespace DsApp.ServiceDefaults.Requests;

/// <summary>
/// A request body whose reads, when they had to wait for data, go on on the thread pool rather than on the socket
/// thread that completed them (<see cref="HeavyRequestHandoffMiddleware"/>). A read that finds data buffered goes on
/// where it is: no wait, no hop.
/// </summary>
public sealed class PoolResumedBody(Stream body) : ReadOnlyBodyStream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = body.ReadAsync(buffer, cancellationToken);
        if (read.IsCompleted) return await read;
        var count = await read.ConfigureAwait(false);
        await Task.Yield(); // no synchronization context in a service: the rest is queued to the thread pool
        return count;
    }
}
