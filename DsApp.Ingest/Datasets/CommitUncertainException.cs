namespace DsApp.Ingest.Datasets;

/// <summary>
/// The write that commits a version failed, and reading the manifest back failed too: the version may or may not be
/// committed, so nothing the upload stored may be removed. Reported as the dependency's outage it wraps.
/// </summary>
public sealed class CommitUncertainException(Exception failure) : Exception("The commit may or may not have landed.", failure);
