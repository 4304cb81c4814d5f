using System.Globalization;
using System.Text.Json;
using DsApp.Platform.Storage;

namespace DsApp.ModelWorker.Monitoring;

/// <summary>Bins the captured inputs of a window by the training profile of each feature and computes the PSI.</summary>
public sealed class DriftCalculator(IObjectStore store)
{
    /// <summary>The count of rows in each bin of each feature, and the number of captured rows read.</summary>
    public async Task<(long Rows, Dictionary<string, long[]> Counts)> CountAsync(
        string folder, int version, IReadOnlyList<FeatureProfile> profiles, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var counts = profiles.ToDictionary(p => p.Name, p => new long[p.BinCount]);
        var rows = 0L;
        var prefix = PayloadCapture.ModelPrefix(folder, version);
        var firstHour = from.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        await foreach (var item in store.ListAsync(prefix, cancellationToken: cancellationToken))
        {
            var name = item.Key[prefix.Length..];
            if (name.Length < 10 || string.CompareOrdinal(name[..10], firstHour) < 0) continue; // an hour before the window
            await using var content = await store.GetAsync(item.Key, cancellationToken);
            if (content is null) continue;
            using var reader = new StreamReader(content);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length == 0) continue;
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.GetProperty("at").GetDateTimeOffset() < from) continue;
                rows++;
                var input = root.GetProperty("input");
                foreach (var profile in profiles)
                {
                    if (!input.TryGetProperty(profile.Name, out var value)) continue;
                    if (profile.Kind == FeatureProfile.Numeric && value.ValueKind == JsonValueKind.Number)
                        counts[profile.Name][profile.BinOf(value.GetSingle())]++; // as a float, as training held it: a value on an edge stays in its bin
                    else if (profile.Kind == FeatureProfile.Categorical && value.ValueKind is JsonValueKind.String or JsonValueKind.True or JsonValueKind.False)
                        counts[profile.Name][profile.BinOf(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetBoolean() ? "true" : "false")]++;
                }
            }
        }
        return (rows, counts);
    }
}
