using System.ComponentModel.DataAnnotations;

namespace DsApp.ModelWorker.Jobs;

/// <summary>The <c>Jobs</c> section: how the worker polls the queue and when it takes over a job whose worker went silent.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Jobs this replica runs at once.</summary>
    [Range(1, 16)] public int Concurrency { get; set; } = 1;

    /// <summary>
    /// How often an idle worker looks at the queue. Each new job also wakes every worker at once (Redis pub/sub); the
    /// poll finds a job whose wake was lost (a worker reconnecting), so it need not be frequent: each poll wakes the
    /// worker and Redis, which a one-connection prediction then meets on the two CPUs.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")] public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A running job whose worker has not renewed its claim for this long is taken over by another worker.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times a job is started before it is marked failed rather than taken over again.</summary>
    [Range(1, 10)] public int MaxAttempts { get; set; } = 2;

    /// <summary>How long Redis keeps an ended job.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")] public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
