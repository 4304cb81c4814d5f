using DsApp.ModelWorker.Registry;
using DsApp.Platform.Records;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// Which version answers, as the contract orders it: <c>?version=</c> if given, else the traffic split, else the
/// <c>production</c> alias, else the latest ready version.
/// </summary>
public static class VersionSelector
{
    public const string ProductionAlias = "production";

    /// <param name="draw">A number in [0, 1) that picks a side of the traffic split.</param>
    public static VersionChoice Choose(Model model, IReadOnlyList<ModelVersion> versions, int? requested, double draw)
    {
        if (requested is { } asked)
        {
            var version = versions.FirstOrDefault(v => v.Version == asked);
            if (version is null) return VersionChoice.Fail(OutcomeKind.NotFound, $"Model '{model.Name}' has no version {asked}.");
            return version.Status switch
            {
                VersionStatus.Ready => VersionChoice.Of(version, "requested"),
                VersionStatus.Training => VersionChoice.Fail(OutcomeKind.Conflict, $"Version {asked} of model '{model.Name}' is still training."),
                _ => VersionChoice.Fail(OutcomeKind.Conflict, $"Version {asked} of model '{model.Name}' failed to train and cannot answer."),
            };
        }
        var ready = versions.Where(v => v.Status == VersionStatus.Ready).ToDictionary(v => v.Version);
        var rules = model.Traffic.Where(r => r.Weight > 0 && ready.ContainsKey(r.Version)).ToList();
        if (rules.Count > 0)
        {
            var total = rules.Sum(r => (double)r.Weight);
            var point = draw * total;
            foreach (var rule in rules)
            {
                point -= rule.Weight;
                if (point < 0) return VersionChoice.Of(ready[rule.Version], "traffic");
            }
            return VersionChoice.Of(ready[rules[^1].Version], "traffic");
        }
        if (model.Aliases.TryGetValue(ProductionAlias, out var production) && ready.TryGetValue(production, out var aliased))
            return VersionChoice.Of(aliased, "production");
        var latest = versions.Where(v => v.Status == VersionStatus.Ready).MaxBy(v => v.Version);
        if (latest is not null) return VersionChoice.Of(latest, "latest");
        return versions.Any(v => v.Status == VersionStatus.Training)
            ? VersionChoice.Fail(OutcomeKind.Conflict, $"Model '{model.Name}' has no ready version yet: its first version is still training.")
            : VersionChoice.Fail(OutcomeKind.Conflict, $"Model '{model.Name}' has no ready version: train or import one first.");
    }

    /// <summary>Every version the model's rules can route to without <c>?version=</c>: a replica loads these before it switches.</summary>
    public static IReadOnlyList<int> Routable(Model model, IReadOnlyList<ModelVersion> versions)
    {
        var ready = versions.Where(v => v.Status == VersionStatus.Ready).Select(v => v.Version).ToHashSet();
        var routable = new SortedSet<int>(model.Traffic.Select(r => r.Version).Where(ready.Contains));
        if (model.Aliases.TryGetValue(ProductionAlias, out var production) && ready.Contains(production)) routable.Add(production);
        if (model.Shadow is { } shadow && ready.Contains(shadow.Version)) routable.Add(shadow.Version);
        if (routable.Count == 0 && ready.Count > 0) routable.Add(ready.Max());
        return routable.ToList();
    }
}
