using System.Globalization;
using System.Text.Json;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using DsApp.Platform.Storage;

namespace DsApp.ModelWorker.Monitoring;

/// <summary>
/// The training data's profile of each feature, kept next to the version (<c>models/{folder}/versions/{v}/profile.json</c>,
/// written before the version manifest, removed with the version folder): what drift is measured against.
/// </summary>
public sealed class TrainingProfiles(IObjectStore store)
{
    public static string Key(Model model, int version) => $"{ModelRegistry.VersionFolder(model, version)}profile.json";

    public static IReadOnlyList<FeatureProfile> Build(IReadOnlyList<FeatureColumn> features, ColumnTable table)
    {
        var profiles = new List<FeatureProfile>(features.Count);
        foreach (var feature in features)
        {
            var column = table.Columns.FirstOrDefault(c => c.Name == feature.Name);
            if (column is null) continue;
            if (column.Kind == ColumnKind.Number) profiles.Add(FeatureProfile.OfNumbers(feature.Name, column.Numbers!));
            else if (column.Kind == ColumnKind.Text) profiles.Add(FeatureProfile.OfCategories(feature.Name, column.Texts!.Select(t => t.ToString())));
            else if (column.Kind == ColumnKind.Boolean) profiles.Add(FeatureProfile.OfCategories(feature.Name, column.Booleans!.Select(b => b ? "true" : "false")));
        }
        return profiles;
    }

    public async Task SaveAsync(Model model, int version, IReadOnlyList<FeatureColumn> features, ColumnTable table, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(Build(features, table), RegistryJson.Options));
        await store.PutAsync(Key(model, version), content, "application/json", cancellationToken);
    }

    /// <summary>The profiles of a version, or null for a version trained before profiles were kept.</summary>
    public async Task<IReadOnlyList<FeatureProfile>?> GetAsync(Model model, int version, CancellationToken cancellationToken)
    {
        await using var content = await store.GetAsync(Key(model, version), cancellationToken);
        if (content is null) return null;
        return await JsonSerializer.DeserializeAsync<List<FeatureProfile>>(content, RegistryJson.Options, cancellationToken);
    }
}
