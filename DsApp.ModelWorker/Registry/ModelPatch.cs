using DsApp.Platform.Records;
using System.Text.Json;
using DsApp.Platform.Contracts;
using DsApp.ModelWorker.Http;

namespace DsApp.ModelWorker.Registry;

/// <summary>
/// Applies a JSON merge patch (RFC 7396) to a model's <c>description</c>, <c>aliases</c>, <c>traffic</c>, <c>shadow</c>
/// <c>cachePredictions</c>, <c>capture</c> and <c>batching</c>. A rule naming a version that does not exist or is not ready is a conflict (409).
/// </summary>
public static class ModelPatch
{

    public static Outcome<Model> Apply(Model model, JsonElement patch, IReadOnlyList<ModelVersion> versions)
    {
        var errors = new Dictionary<string, string[]>();
        var conflicts = new Dictionary<string, string[]>();
        if (patch.ValueKind != JsonValueKind.Object)
            return Outcome<Model>.Invalid(new Dictionary<string, string[]> { ["body"] = ["A merge patch must be a JSON object."] });
        var ready = versions.Where(v => v.Status == VersionStatus.Ready).Select(v => v.Version).ToHashSet();
        void CheckReady(string field, int version)
        {
            var known = versions.FirstOrDefault(v => v.Version == version);
            if (known is null) conflicts[field] = [$"version {version} does not exist."];
            else if (!ready.Contains(version)) conflicts[field] = [$"version {version} is {RegistryJson.Kebab(known.Status)}, not ready."];
        }

        var result = model;
        foreach (var property in patch.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "description":
                    if (value.ValueKind is JsonValueKind.String or JsonValueKind.Null) result = result with { Description = value.GetString() };
                    else errors["description"] = ["must be a string or null."];
                    break;
                case "cachePredictions":
                    if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) result = result with { CachePredictions = value.GetBoolean() };
                    else errors["cachePredictions"] = ["must be true or false."];
                    break;
                case "aliases":
                    if (value.ValueKind == JsonValueKind.Null)
                    {
                        result = result with { Aliases = new Dictionary<string, int>() };
                        break;
                    }
                    if (value.ValueKind != JsonValueKind.Object)
                    {
                        errors["aliases"] = ["must be an object of alias → version (null removes an alias)."];
                        break;
                    }
                    var aliases = new Dictionary<string, int>(result.Aliases);
                    foreach (var alias in value.EnumerateObject())
                    {
                        var field = $"aliases.{alias.Name}";
                        if (!ResourceName.IsValid(alias.Name)) errors[field] = [ResourceName.Explain(alias.Name)];
                        else if (alias.Value.ValueKind == JsonValueKind.Null) aliases.Remove(alias.Name);
                        else if (JsonNumbers.TryGetInt32(alias.Value, out var version) && version > 0)
                        {
                            CheckReady(field, version);
                            aliases[alias.Name] = version;
                        }
                        else errors[field] = ["must be a version number or null."];
                    }
                    result = result with { Aliases = aliases };
                    break;
                case "traffic":
                    if (value.ValueKind == JsonValueKind.Null)
                    {
                        result = result with { Traffic = [] };
                        break;
                    }
                    if (value.ValueKind != JsonValueKind.Array)
                    {
                        errors["traffic"] = ["must be an array of {\"version\", \"weight\"} or null."];
                        break;
                    }
                    var rules = new List<TrafficRule>();
                    var index = 0;
                    foreach (var element in value.EnumerateArray())
                    {
                        var field = $"traffic[{index++}]";
                        if (ReadTrafficRule(element, field, errors) is not { } rule) continue;
                        if (rules.Any(r => r.Version == rule.Version)) errors[field] = [$"version {rule.Version} appears twice."];
                        CheckReady(field, rule.Version);
                        rules.Add(rule);
                    }
                    // In long: two weights near int.MaxValue would overflow the checked int sum.
                    var total = rules.Sum(r => (long)r.Weight);
                    if (rules.Count > 0 && total == 0) errors["traffic"] = ["the weights add up to 0."];
                    else if (total > int.MaxValue) errors["traffic"] = [$"the weights add up to {total}, more than {int.MaxValue}."];
                    result = result with { Traffic = rules };
                    break;
                case "shadow":
                    if (value.ValueKind == JsonValueKind.Null)
                    {
                        result = result with { Shadow = null };
                        break;
                    }
                    var shadowVersion = result.Shadow?.Version;
                    var percent = result.Shadow?.Percent;
                    if (value.ValueKind != JsonValueKind.Object)
                    {
                        errors["shadow"] = ["must be {\"version\": n, \"percent\": p} or null."];
                        break;
                    }
                    foreach (var part in value.EnumerateObject())
                    {
                        var field = $"shadow.{part.Name}";
                        if (part.Name == "version")
                        {
                            if (JsonNumbers.TryGetInt32(part.Value, out var sv) && sv > 0) shadowVersion = sv;
                            else errors[field] = ["must be a version number ≥ 1."];
                        }
                        else if (part.Name == "percent")
                        {
                            if (JsonNumbers.TryGetInt32(part.Value, out var sp) && sp is >= 0 and <= 100) percent = sp;
                            else errors[field] = ["must be a whole number between 0 and 100."];
                        }
                        else errors[field] = ["is not a field of shadow (version, percent)."];
                    }
                    if (shadowVersion is null || percent is null)
                    {
                        errors["shadow"] = ["needs both version and percent."];
                        break;
                    }
                    CheckReady("shadow.version", shadowVersion.Value);
                    result = result with { Shadow = new ShadowRule(shadowVersion.Value, percent.Value) };
                    break;
                case "capture":
                    if (CaptureRule.TryRead(value, out var capture, out var captureError)) result = result with { Capture = capture };
                    else errors[captureError.Key] = [captureError.Value];
                    break;
                case "batching":
                    result = result with { Batching = BatchingRule.Read(value, result.Batching, errors) };
                    break;
                default:
                    errors[property.Name] = ["cannot be changed (patchable: description, aliases, traffic, shadow, cachePredictions, capture, batching)."];
                    break;
            }
        }
        if (errors.Count > 0) return Outcome<Model>.Invalid(errors);
        if (conflicts.Count > 0) return Outcome<Model>.Conflict("The patch routes to versions that are not ready: " + string.Join("; ", conflicts.Select(e => $"{e.Key}: {e.Value[0]}")), conflicts);
        return Outcome<Model>.Ok(result);
    }

    /// <summary>One <c>{"version": n, "weight": w}</c> of <c>traffic</c>, or null with the fault recorded under the field it is in.</summary>
    private static TrafficRule? ReadTrafficRule(JsonElement rule, string field, Dictionary<string, string[]> errors)
    {
        if (rule.ValueKind != JsonValueKind.Object || rule.EnumerateObject().Any(p => p.Name is not ("version" or "weight")))
        {
            errors[field] = ["must be {\"version\": n, \"weight\": w}, nothing else."];
            return null;
        }
        var version = 0;
        var weight = 0;
        var versionOk = rule.TryGetProperty("version", out var v) && JsonNumbers.TryGetInt32(v, out version) && version >= 1;
        var weightOk = rule.TryGetProperty("weight", out var w) && JsonNumbers.TryGetInt32(w, out weight) && weight >= 0;
        if (!versionOk) errors[$"{field}.version"] = ["must be a version number ≥ 1."];
        if (!weightOk) errors[$"{field}.weight"] = ["must be a whole number ≥ 0."];
        return versionOk && weightOk ? new TrafficRule(version, weight) : null;
    }
}
