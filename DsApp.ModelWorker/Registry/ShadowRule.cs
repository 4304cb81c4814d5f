namespace DsApp.ModelWorker.Registry;

/// <summary>A version that also answers <see cref="Percent"/> % of requests, compared but never returned.</summary>
public sealed record ShadowRule(int Version, int Percent);
