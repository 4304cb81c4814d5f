namespace DsApp.ModelWorker.Monitoring;

/// <summary>The answer of <c>GET /api/models/{name}/drift</c>.</summary>
public sealed record DriftReport(
    string Model,
    int Version,
    string Window,
    DateTimeOffset From,
    DateTimeOffset To,
    double Threshold,
    long Rows,
    IReadOnlyList<FeatureDrift> Features,
    IReadOnlyList<string> Drifted);
