namespace DsApp.Platform.Storage;

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

    /// <summary>Reads a small object (a manifest) whole, with its entity tag; null when there is none.</summary>
    Task<StoredObject?> ReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a small object only if the store still holds what the writer read: the object whose entity tag is
    /// <paramref name="ifMatch"/>, or, when it is null, no object at all (create-only). False when another write came first.
    /// </summary>
    Task<bool> PutIfAsync(string key, ReadOnlyMemory<byte> content, string? ifMatch, string contentType = "application/json", CancellationToken cancellationToken = default);

    /// <summary>
    /// True when the store itself decides <see cref="PutIfAsync"/> atomically (the File store, AWS S3). False when it
    /// can only check, then write (an S3 look-alike without conditional writes): then only a lock held across every
    /// replica makes a conditional write safe.
    /// </summary>
    bool AtomicConditionalWrites { get; }
}
