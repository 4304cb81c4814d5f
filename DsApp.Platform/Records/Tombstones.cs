using System.Text.Json;
using DsApp.Platform.Storage;
using Microsoft.Extensions.Logging;

namespace DsApp.Platform.Records;

/// <summary>
/// Deletes that finish. A delete first writes a tombstone naming the folders and objects to remove, then hides the resource (its
/// manifest), then removes the folders and the tombstone. Nothing it does is tied to the caller's request: a client that
/// hangs up, a restart or a store error part way leaves the tombstone, and <see cref="TombstoneSweeper"/> finishes it.
/// The folders belong to one generation of the resource, so a resource re-created meanwhile never sees them.
/// The delete happens when the manifest goes, not when the tombstone is written: a tombstone whose resource still shows
/// the same generation (the hide failed, or the process stopped before it) is left alone, since that resource lives on
/// and may take new versions; a later delete of it writes the tombstone again.
/// </summary>
public sealed partial class Tombstones(IObjectStore store, ILogger<Tombstones> logger)
{
    public const string Prefix = "tombstones/";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Removes <paramref name="objects"/> and every object under <paramref name="folders"/> behind a tombstone named
    /// <paramref name="name"/> (unique per generation), after <paramref name="hide"/> has removed <paramref name="manifest"/>,
    /// the manifest that makes the resource's <paramref name="generation"/> visible (its JSON <c>generation</c>, null for none).
    /// </summary>
    public async Task DeleteAsync(string name, string manifest, string? generation, IReadOnlyList<string> folders, IReadOnlyList<string> objects, Func<Task> hide)
    {
        var key = $"{Prefix}{name}.json";
        var tombstone = new Tombstone(folders, objects, DateTimeOffset.UtcNow, manifest, generation);
        await store.PutAsync(key, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(tombstone, Json)), "application/json", CancellationToken.None);
        await hide();
        try
        {
            await FinishAsync(key, tombstone);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The resource is gone for every reader; the sweeper removes the rest.
            LogLeftForSweeper(logger, name, error);
        }
    }

    /// <summary>Finishes every delete a tombstone still names whose resource is hidden; returns how many it finished.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var finished = 0;
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(Prefix, cancellationToken: cancellationToken)) keys.Add(item.Key);
        foreach (var key in keys)
        {
            var found = await store.ReadAsync(key, cancellationToken);
            if (found is null) continue;
            var tombstone = JsonSerializer.Deserialize<Tombstone>(found.Content, Json)!;
            if (await StillShownAsync(tombstone, cancellationToken))
            {
                // The delete never hid the resource (or is hiding it now): removing its objects would break a live resource.
                LogNotDeleted(logger, key);
                continue;
            }
            await FinishAsync(key, tombstone);
            finished++;
        }
        return finished;
    }

    /// <summary>Whether the tombstone's manifest still shows the generation it was written to delete.</summary>
    private async Task<bool> StillShownAsync(Tombstone tombstone, CancellationToken cancellationToken)
    {
        if (tombstone.Manifest is null) return false;
        var manifest = await store.ReadAsync(tombstone.Manifest, cancellationToken);
        if (manifest is null) return false;
        using var document = JsonDocument.Parse(manifest.Content);
        var shown = document.RootElement.TryGetProperty("generation", out var generation) && generation.ValueKind == JsonValueKind.String ? generation.GetString() : null;
        return shown == tombstone.Generation;
    }

    private async Task FinishAsync(string key, Tombstone tombstone)
    {
        foreach (var item in tombstone.Objects ?? []) await store.DeleteAsync(item, CancellationToken.None);
        foreach (var folder in tombstone.Folders) await store.DeletePrefixAsync(folder, CancellationToken.None);
        await store.DeleteAsync(key, CancellationToken.None);
    }

    private sealed record Tombstone(IReadOnlyList<string> Folders, IReadOnlyList<string>? Objects, DateTimeOffset CreatedAt, string? Manifest = null, string? Generation = null);

    [LoggerMessage(Level = LogLevel.Information, Message = "The tombstone {Key} names a resource that is still shown: its delete did not happen, so nothing is removed")]
    private static partial void LogNotDeleted(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The delete of {Name} stopped part way; the tombstone sweeper finishes it")]
    private static partial void LogLeftForSweeper(ILogger logger, string name, Exception error);
}
