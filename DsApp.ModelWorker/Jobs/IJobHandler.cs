using System.Text.Json;
using System.Text.Json.Nodes;

namespace DsApp.ModelWorker.Jobs;

/// <summary>Runs the jobs of one kind. Throws <see cref="JobFailedException"/> for a failure the user can act on.</summary>
public interface IJobHandler
{
    JobKind Kind { get; }

    Task<JsonObject?> RunAsync(Job job, JsonElement payload, Func<double, Task> reportProgress, CancellationToken cancellationToken);

    /// <summary>Cleans up after a job that was cancelled or failed (e.g. a version left in training).</summary>
    Task AbandonAsync(Job job, JsonElement payload, JobError error, CancellationToken cancellationToken);
}
