namespace DsApp.ModelWorker.Monitoring;

/// <summary>One feature's PSI between training and the window's captured inputs, and whether it passes the threshold.</summary>
public sealed record FeatureDrift(string Name, string Kind, double Psi, bool Drifted, long Rows);
