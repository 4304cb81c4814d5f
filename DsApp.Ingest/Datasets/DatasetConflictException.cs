namespace DsApp.Ingest.Datasets;

/// <summary>The write does not fit the dataset's current state: it exists already (409), or If-Match names another ETag (412).</summary>
public sealed class DatasetConflictException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static DatasetConflictException AlreadyExists(string id) =>
        new(StatusCodes.Status409Conflict, $"Dataset '{id}' exists already: PUT /api/datasets/{id} adds a version.");

    public static DatasetConflictException PreconditionFailed(string id) =>
        new(StatusCodes.Status412PreconditionFailed, $"If-Match does not match the current ETag of dataset '{id}'.");
}
