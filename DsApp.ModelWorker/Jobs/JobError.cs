namespace DsApp.ModelWorker.Jobs;

/// <summary>Why a job failed, shaped as problem details.</summary>
public sealed record JobError(string Type, string Title, int Status, string Detail, string? TraceId = null);
