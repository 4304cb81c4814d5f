using System.Globalization;
using System.Text.Json.Serialization;
using DsApp.ModelWorker.Registry;
using DsApp.Platform.Paging;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// The model repository index as Triton shapes it: one entry per version of every model in the registry, <c>READY</c>
/// when the version can answer (any replica loads it on its first request) and <c>UNAVAILABLE</c> with the reason
/// otherwise; a model without versions is one entry without a version.
/// </summary>
public static class RepositoryIndex
{
    public const string Ready = "READY";
    public const string Unavailable = "UNAVAILABLE";

    public static async Task<IReadOnlyList<RepositoryIndexEntry>> ReadAsync(ModelRegistry registry, bool readyOnly, CancellationToken cancellationToken)
    {
        var entries = new List<RepositoryIndexEntry>();
        var page = new PageRequest(PageRequest.MaxLimit, null);
        while (true)
        {
            var models = await registry.ListAsync(page, cancellationToken);
            foreach (var model in models.Items)
            {
                var versions = await registry.ListVersionsAsync(model, cancellationToken);
                if (versions.Count == 0) entries.Add(new RepositoryIndexEntry(model.Name, null, Unavailable, "the model has no version yet"));
                entries.AddRange(versions.OrderBy(v => v.Version).Select(v => Entry(model, v)));
            }
            if (models.NextCursor is null) break;
            if (!PageRequest.TryParse(PageRequest.MaxLimit, models.NextCursor, out page, out _))
                throw new InvalidOperationException($"The registry's page cursor '{models.NextCursor}' does not read back.");
        }
        return readyOnly ? entries.Where(e => e.State == Ready).ToList() : entries;
    }

    private static RepositoryIndexEntry Entry(Model model, ModelVersion version) => new(
        model.Name,
        version.Version.ToString(CultureInfo.InvariantCulture),
        version.Status == VersionStatus.Ready ? Ready : Unavailable,
        version.Status switch
        {
            VersionStatus.Ready => "",
            VersionStatus.Training => "the version is still training",
            _ => $"the version failed to train{(version.Error is { Length: > 0 } error ? $": {error}" : "")}",
        });
}

/// <summary>One <c>{"name","version","state","reason"}</c> of the index.</summary>
public sealed record RepositoryIndexEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Version,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("reason")] string Reason);
