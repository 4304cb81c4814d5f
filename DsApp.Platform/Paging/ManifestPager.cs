using System.Text.Json;
using DsApp.Platform.Storage;

namespace DsApp.Platform.Paging;

/// <summary>
/// Pages through resources stored as one manifest each (<c>{prefix}{id}/{manifestName}</c>), in id order,
/// reading only the manifests of the page asked for.
/// </summary>
public static class ManifestPager
{
    public static async Task<Page<T>> ReadPageAsync<T>(IObjectStore store, string prefix, string manifestName, PageRequest page, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var keys = new List<string>(page.Limit + 1);
        await foreach (var item in store.ListAsync(prefix, page.After, cancellationToken))
        {
            if (!IsManifest(item.Key, prefix, manifestName)) continue;
            keys.Add(item.Key);
            if (keys.Count > page.Limit) break;
        }
        var hasMore = keys.Count > page.Limit;
        if (hasMore) keys.RemoveAt(keys.Count - 1);

        var items = new List<T>(keys.Count);
        foreach (var key in keys)
        {
            await using var stream = await store.GetAsync(key, cancellationToken);
            if (stream is null) continue; // deleted since it was listed
            var item = await JsonSerializer.DeserializeAsync<T>(stream, json, cancellationToken);
            if (item is not null) items.Add(item);
        }
        return new Page<T>(items, hasMore ? PageRequest.EncodeCursor(keys[^1]) : null);
    }

    private static bool IsManifest(string key, string prefix, string manifestName)
    {
        var rest = key.AsSpan(prefix.Length);
        var slash = rest.IndexOf('/');
        return slash > 0 && rest[(slash + 1)..].SequenceEqual(manifestName);
    }
}
