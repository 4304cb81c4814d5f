namespace DsApp.ModelWorker.Jobs;

/// <summary>A job failed for a reason its user can act on; becomes the job's <c>error</c> with this status and detail.</summary>
public sealed class JobFailedException(int status, string title, string detail, Exception? inner = null) : Exception(detail, inner)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
}
