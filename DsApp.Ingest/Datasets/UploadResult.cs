namespace DsApp.Ingest.Datasets;

/// <summary>A committed upload: the dataset as it now is, whether the upload created it, and the SHA-256 of the body when the upload asked for it.</summary>
public sealed record UploadResult(Dataset Dataset, bool Created, string? BodyHash);
