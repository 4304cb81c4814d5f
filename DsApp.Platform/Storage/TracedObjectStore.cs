using System.Diagnostics;

namespace DsApp.Platform.Storage;

/// <summary>
/// Gives every object-store call a client span (the store's own SDKs make none for the folder store,
/// and S3's would not carry our key), so a request's trace shows its reads and writes.
/// </summary>
public sealed class TracedObjectStore(IObjectStore inner, ActivitySource source, string system) : IObjectStore
{
    public async Task PutAsync(string key, Stream content, string contentType = "application/octet-stream", CancellationToken cancellationToken = default)
    {
        using var activity = Start("put", key);
        await inner.PutAsync(key, content, contentType, cancellationToken);
    }

    public async Task<Stream?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        using var activity = Start("get", key);
        var stream = await inner.GetAsync(key, cancellationToken);
        activity?.SetTag("dsapp.object.found", stream is not null);
        return stream;
    }

    public async Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default)
    {
        using var activity = Start("head", key);
        return await inner.HeadAsync(key, cancellationToken);
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, string? startAfter = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var activity = Start("list", prefix);
        await foreach (var item in inner.ListAsync(prefix, startAfter, cancellationToken))
        {
            yield return item;
        }
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        using var activity = Start("delete", key);
        return await inner.DeleteAsync(key, cancellationToken);
    }

    public bool AtomicConditionalWrites => inner.AtomicConditionalWrites;

    public async Task<StoredObject?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        using var activity = Start("read", key);
        var found = await inner.ReadAsync(key, cancellationToken);
        activity?.SetTag("dsapp.object.found", found is not null);
        return found;
    }

    public async Task<bool> PutIfAsync(string key, ReadOnlyMemory<byte> content, string? ifMatch, string contentType = "application/json", CancellationToken cancellationToken = default)
    {
        using var activity = Start("put-if", key);
        var written = await inner.PutIfAsync(key, content, ifMatch, contentType, cancellationToken);
        activity?.SetTag("dsapp.object.written", written);
        return written;
    }

    private Activity? Start(string operation, string key)
    {
        var activity = source.StartActivity($"objectstore {operation}", ActivityKind.Client);
        activity?.SetTag("dsapp.object.store", system);
        activity?.SetTag("dsapp.object.key", key);
        return activity;
    }
}
