namespace DsApp.ModelWorker.Registry;

/// <summary>A share of predictions sent to one version (canary).</summary>
public sealed record TrafficRule(int Version, int Weight);
