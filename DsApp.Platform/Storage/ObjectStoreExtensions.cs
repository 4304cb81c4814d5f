namespace DsApp.Platform.Storage;

public static class ObjectStoreExtensions
{
    /// <summary>Removes every object under <paramref name="prefix"/>; returns how many were removed.</summary>
    public static async Task<int> DeletePrefixAsync(this IObjectStore store, string prefix, CancellationToken cancellationToken = default)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(prefix, cancellationToken: cancellationToken))
        {
            keys.Add(item.Key);
        }
        foreach (var key in keys)
        {
            await store.DeleteAsync(key, cancellationToken);
        }
        return keys.Count;
    }
}
