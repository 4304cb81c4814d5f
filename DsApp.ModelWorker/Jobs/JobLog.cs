namespace DsApp.ModelWorker.Jobs;

/// <summary>What a job's life writes to the log; the ids (job, model, version, dataset) come from the scope the worker opens.</summary>
public static partial class JobLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({Kind}) started, attempt {Attempt}")]
    public static partial void Started(ILogger logger, string jobId, string kind, long attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} succeeded in {Seconds:F1} s")]
    public static partial void Succeeded(ILogger logger, string jobId, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} cancelled after {Seconds:F1} s")]
    public static partial void Cancelled(ILogger logger, string jobId, double seconds);

    /// <summary>
    /// A failure the job's input explains (a bad row, a deleted model): the job's problem says why, to its client; the log
    /// keeps the status and title only, as the detail may quote a value of the data.
    /// </summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed after {Seconds:F1} s: {Status} {Title}")]
    public static partial void Failed(ILogger logger, string jobId, double seconds, int status, string title);

    /// <summary>A failure nobody planned for: logged with its exception.</summary>
    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed after {Seconds:F1} s")]
    public static partial void Crashed(ILogger logger, Exception error, string jobId, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} interrupted by shutdown; another worker takes it over after the claim timeout")]
    public static partial void Interrupted(ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} stopped after {Seconds:F2} s: its claim is another worker's now, or could not be renewed; that worker runs it")]
    public static partial void LeaseLost(ILogger logger, string jobId, double seconds);
}
