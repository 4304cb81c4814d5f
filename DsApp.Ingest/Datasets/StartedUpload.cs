namespace DsApp.Ingest.Datasets;

/// <summary>
/// An upload as it began: the dataset it found (null: none; then a commit must find none or one that a racing upload just
/// created, else it finds the same incarnation), the generation it creates the dataset with if it is the first, and the
/// key its data streams to.
/// </summary>
public sealed record StartedUpload(DatasetUpload Upload, Dataset? Dataset, string NewGeneration, string DataKey);
