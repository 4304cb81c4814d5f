using System.Globalization;
using DsApp.ModelWorker.Inference;
using DsApp.Platform.Contracts;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>The <c>{m}</c> and optional <c>/versions/{v}</c> of a <c>/v2</c> path, checked: a model name and a version number.</summary>
public readonly record struct ModelTarget(string Name, int? Version)
{
    /// <summary>A <c>{v}</c> as the document gives it: a number from 1 (the protocol's versions are strings).</summary>
    public const string VersionPattern = "^[1-9][0-9]{0,9}$";

    /// <summary>The target, or the <c>{"error"}</c> answer (400) for a name or version that cannot be one.</summary>
    public static IResult? TryParse(string model, string? version, out ModelTarget target)
    {
        target = default;
        if (!ResourceName.IsValid(model)) return InferenceErrors.Invalid(ResourceName.Explain(model));
        if (version is null)
        {
            target = new ModelTarget(model, null);
            return null;
        }
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            return InferenceErrors.Invalid($"'{version}' is not a version number.");
        target = new ModelTarget(model, number);
        return null;
    }

    /// <summary>The model and the loaded version a request without infer's rows would be answered by (metadata, readiness, config).</summary>
    public static async Task<((CatalogEntry Entry, LoadedModel Loaded)? Resolved, IResult? Error)> ResolveAsync(
        PredictionService predictions, string model, string? version, CancellationToken cancellationToken)
    {
        if (TryParse(model, version, out var target) is { } invalid) return (null, invalid);
        try
        {
            return (await predictions.ResolveAsync(target.Name, target.Version, cancellationToken), null);
        }
        catch (ModelRequestException refusal)
        {
            return (null, refusal.ToError());
        }
    }
}
