namespace DsApp.ServiceDefaults.Storage;

/// <summary>
/// The object store every service keeps its source of truth in: a local folder or S3.
/// Keys are '/'-separated paths; a write is atomic to readers (no one ever reads half an object).
/// </summary>
public interface IObjectStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="key"/>, replacing any object there.</summary>
    Task PutAsync(string key, Stream content, string contentType = "application/octet-stream", CancellationToken cancellationToken = default);

    /// <summary>Opens the object for reading, or null when there is none. The caller disposes the stream.</summary>
    Task<Stream?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The object's size and date, or null when there is none.</summary>
    Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, in ordinal key order, after <paramref name="startAfter"/> when given.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, string? startAfter = null, CancellationToken cancellationToken = default);

    /// <summary>Removes the object; false when there was none.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);
}
