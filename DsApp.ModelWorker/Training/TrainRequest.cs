using System.Text.Json;

namespace DsApp.ModelWorker.Training;

/// <summary>The body of <c>POST /api/models/{name}/versions</c>. Strings and raw options, so each wrong value is a 400 naming its field.</summary>
public sealed record TrainRequest(string? DatasetId, int? DatasetVersion = null, string? Trainer = null, double? TestFraction = null, int? Seed = null, JsonElement? Options = null);
