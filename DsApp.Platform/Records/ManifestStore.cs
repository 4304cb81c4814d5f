using System.Text.Json;
using DsApp.Platform.Storage;

namespace DsApp.Platform.Records;

/// <summary>
/// The JSON manifests that make datasets and models (and their versions) exist. A manifest is read with its entity tag
/// and written only over what was read, or only where none is: of two writers that read the same state, one wins and
/// the other is told so, whether or not a lock held them apart.
/// </summary>
public sealed class ManifestStore(IObjectStore store, JsonSerializerOptions json)
{
    public IObjectStore Objects => store;

    public async Task<Versioned<T>?> GetAsync<T>(string key, CancellationToken cancellationToken) where T : class
    {
        var found = await store.ReadAsync(key, cancellationToken);
        return found is null ? null : new Versioned<T>(JsonSerializer.Deserialize<T>(found.Content, json)!, found.ETag);
    }

    public async Task<T?> ReadAsync<T>(string key, CancellationToken cancellationToken) where T : class =>
        (await GetAsync<T>(key, cancellationToken))?.Value;

    /// <summary>Writes the manifest only where there is none; false when one exists.</summary>
    public Task<bool> CreateAsync<T>(string key, T value, CancellationToken cancellationToken) =>
        store.PutIfAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, json), ifMatch: null, cancellationToken: cancellationToken);

    /// <summary>Replaces the manifest read as <paramref name="etag"/>; false when it changed (or went) since.</summary>
    public Task<bool> ReplaceAsync<T>(string key, T value, string etag, CancellationToken cancellationToken) =>
        store.PutIfAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, json), etag, cancellationToken: cancellationToken);

    /// <summary>Replaces what was read, or creates when nothing was (<paramref name="read"/> null).</summary>
    public Task<bool> WriteOverAsync<T>(string key, T value, Versioned<T>? read, CancellationToken cancellationToken) where T : class =>
        read is null ? CreateAsync(key, value, cancellationToken) : ReplaceAsync(key, value, read.ETag, cancellationToken);
}
