using DsApp.Platform.Records;

namespace DsApp.Ingest.Datasets;

/// <summary>The write does not fit the dataset's current state: it exists already, was re-created (conflict), or If-Match names another ETag.</summary>
public sealed class DatasetConflictException(OutcomeKind kind, string message) : Exception(message)
{
    public OutcomeKind Kind { get; } = kind;

    public static DatasetConflictException AlreadyExists(string id) =>
        new(OutcomeKind.Conflict, $"Dataset '{id}' exists already: PUT /api/datasets/{id} adds a version.");

    public static DatasetConflictException PreconditionFailed(string id) =>
        new(OutcomeKind.PreconditionFailed, $"If-Match does not match the current ETag of dataset '{id}'.");
}
