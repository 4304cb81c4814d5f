using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DsApp.ModelWorker.Jobs;

/// <summary>A background job, as the contract describes it; held in a Redis hash while Redis keeps it.</summary>
public sealed record Job(
    string Id,
    JobKind Kind,
    JobStatus Status,
    double Progress,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    JsonObject? Result,
    JobError? Error)
{
    [JsonIgnore]
    public bool HasEnded => Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;
}
