using System.Collections.Concurrent;
using System.Diagnostics;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DsApp.ModelWorker.Jobs;

/// <summary>
/// Takes jobs from the Redis stream as one consumer of the <c>workers</c> group, so replicas share the work.
/// While a job runs, its worker renews its claim on the message; a job whose worker went silent longer than
/// <see cref="JobOptions.ClaimTimeout"/> is claimed by another (XAUTOCLAIM) and run again, or marked failed after
/// <see cref="JobOptions.MaxAttempts"/> starts, so no job stays running forever. A worker renews only a claim it
/// still holds, and stops its run when the claim is another's or cannot be renewed for a claim timeout: then the job is
/// the other worker's to run, never both at once.
/// </summary>
public sealed class JobWorker(
    IConnectionMultiplexer redis,
    JobStore jobs,
    IEnumerable<IJobHandler> handlers,
    IOptions<JobOptions> options,
    ModelWorkerMetrics metrics,
    ILogger<JobWorker> logger) : BackgroundService
{
    private readonly string _consumer = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Dictionary<JobKind, IJobHandler> _handlers = handlers.ToDictionary(h => h.Kind);

    public static readonly JobError CancelledError = new("about:blank", "Cancelled", 409, "The job was cancelled.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var subscribed = false;
        var queueLost = false;
        var slots = new SemaphoreSlim(settings.Concurrency);
        var lastReclaim = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!subscribed)
                {
                    await EnsureGroupAsync();
                    var subscriber = redis.GetSubscriber();
                    await subscriber.SubscribeAsync(JobStore.WakeChannel, (_, _) => _wake.Release());
                    await subscriber.SubscribeAsync(JobStore.CancelChannel, (_, id) =>
                    {
                        if (_running.TryGetValue((string)id!, out var cancel)) cancel.Cancel();
                    });
                    subscribed = true;
                }
                if (queueLost)
                {
                    await EnsureGroupAsync();
                    queueLost = false;
                }
                await slots.WaitAsync(stoppingToken);
                StreamEntry? entry = null;
                if (DateTime.UtcNow - lastReclaim > settings.ClaimTimeout / 4)
                {
                    lastReclaim = DateTime.UtcNow;
                    var claimed = await redis.GetDatabase().StreamAutoClaimAsync(JobStore.QueueKey, JobStore.Group, _consumer,
                        (long)settings.ClaimTimeout.TotalMilliseconds, "0-0", 1);
                    if (claimed.ClaimedEntries.Length > 0) entry = claimed.ClaimedEntries[0];
                }
                if (entry is null)
                {
                    var read = await redis.GetDatabase().StreamReadGroupAsync(JobStore.QueueKey, JobStore.Group, _consumer, ">", 1);
                    if (read.Length > 0) entry = read[0];
                }
                if (entry is not { } message)
                {
                    slots.Release();
                    await _wake.WaitAsync(settings.PollInterval, stoppingToken);
                    continue;
                }
                _ = Task.Run(async () =>
                {
                    try { await RunAsync(message, stoppingToken); }
                    finally { slots.Release(); }
                }, CancellationToken.None);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error) when (error is RedisException or TimeoutException)
            {
                // The queue's group is gone (Redis restarted without persistence, or was emptied): made again next round.
                queueLost |= error is RedisServerException && error.Message.StartsWith("NOGROUP", StringComparison.Ordinal);
                logger.LogWarning(error, "The job queue is unreachable; trying again shortly");
                if (slots.CurrentCount < settings.Concurrency) slots.Release();
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { });
            }
        }
    }

    private async Task EnsureGroupAsync()
    {
        try
        {
            await redis.GetDatabase().StreamCreateConsumerGroupAsync(JobStore.QueueKey, JobStore.Group, "0-0", createStream: true);
        }
        catch (RedisServerException error) when (error.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another replica made it first.
        }
    }

    private async Task RunAsync(StreamEntry message, CancellationToken stoppingToken)
    {
        var id = (string)message["id"]!;
        var ticket = await jobs.GetTicketAsync(id);
        if (ticket is null || ticket.Job.HasEnded || ticket.CancelRequested)
        {
            if (ticket is { CancelRequested: true } && _handlers.TryGetValue(ticket.Job.Kind, out var cancelled))
                await cancelled.AbandonAsync(ticket.Job, ticket.Payload, CancelledError, CancellationToken.None);
            if (ticket is { Job.HasEnded: false }) await FinishAsync(ticket.Job, JobStatus.Cancelled, null, null);
            await AcknowledgeAsync(message.Id);
            return;
        }
        var job = ticket.Job;
        var attempts = await jobs.CountAttemptAsync(id);
        if (!_handlers.TryGetValue(job.Kind, out var handler) || attempts > options.Value.MaxAttempts)
        {
            var error = handler is null
                ? new JobError("about:blank", "No handler", 500, $"This worker cannot run '{RegistryJson.Kebab(job.Kind)}' jobs.")
                : new JobError("about:blank", "Worker lost", 500, $"The job was started {attempts - 1} times and its worker stopped each time; it was given up.");
            if (handler is not null) await handler.AbandonAsync(job, ticket.Payload, error, CancellationToken.None);
            await FinishAsync(job, JobStatus.Failed, null, error);
            await AcknowledgeAsync(message.Id);
            return;
        }

        var running = job with { Status = JobStatus.Running, StartedAt = DateTimeOffset.UtcNow, Progress = 0 };
        if (!await jobs.SaveAsync(running))
        {
            // Cancelled while queued since its state was read (the cancel undid what it made), or lost by Redis: not to run.
            await AcknowledgeAsync(message.Id);
            return;
        }
        job = running;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _running[id] = cancel;
        var ids = JobTracing.Ids(job, ticket.Payload);
        using var activity = JobTracing.Start(job, message, ids);
        using var scope = logger.BeginScope(ids);
        var watch = Stopwatch.StartNew();
        metrics.JobStarted(RegistryJson.Kebab(job.Kind));
        JobLog.Started(logger, id, RegistryJson.Kebab(job.Kind), attempts);
        using var heartbeat = new CancellationTokenSource();
        var lease = new Lease();
        var beating = HeartbeatAsync(id, message.Id, cancel, lease, heartbeat.Token);
        try
        {
            var current = job;
            var result = await handler.RunAsync(job, ticket.Payload, async progress =>
            {
                current = current with { Progress = Math.Round(Math.Clamp(progress, 0, 1), 3) };
                await jobs.SaveAsync(current);
            }, cancel.Token);
            JobLog.Succeeded(logger, id, watch.Elapsed.TotalSeconds);
            await FinishAsync(current, JobStatus.Succeeded, result, null);
            await AcknowledgeAsync(message.Id);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The service is stopping: the message stays pending and another worker takes it over after the claim timeout.
            JobLog.Interrupted(logger, id);
        }
        catch (OperationCanceledException) when (lease.Lost)
        {
            // Another worker holds the job now (or will once the claim times out): it is that worker's to finish.
            JobLog.LeaseLost(logger, id, watch.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException)
        {
            JobLog.Cancelled(logger, id, watch.Elapsed.TotalSeconds);
            await handler.AbandonAsync(job, ticket.Payload, CancelledError, CancellationToken.None);
            await FinishAsync(job, JobStatus.Cancelled, null, null);
            await AcknowledgeAsync(message.Id);
        }
        catch (Exception failure)
        {
            var error = failure is JobFailedException known
                ? new JobError("about:blank", known.Title, known.Status, known.Message, Activity.Current?.TraceId.ToString())
                : new JobError("about:blank", "Job failed", 500, failure.Message, Activity.Current?.TraceId.ToString());
            if (failure is JobFailedException) JobLog.Failed(logger, id, watch.Elapsed.TotalSeconds, error.Status, error.Title);
            else JobLog.Crashed(logger, failure, id, watch.Elapsed.TotalSeconds);
            await handler.AbandonAsync(job, ticket.Payload, error, CancellationToken.None);
            await FinishAsync(job, JobStatus.Failed, null, error);
            await AcknowledgeAsync(message.Id);
        }
        finally
        {
            await heartbeat.CancelAsync();
            await beating;
            _running.TryRemove(id, out _);
            metrics.JobEnded(RegistryJson.Kebab(job.Kind));
        }
    }

    /// <summary>
    /// Renews this worker's claim on the message while it still holds it, and notices a cancel flag. The run stops when
    /// another worker holds the claim, or when renewals failed for a whole claim timeout (another may have taken it).
    /// </summary>
    private async Task HeartbeatAsync(string id, RedisValue messageId, CancellationTokenSource cancel, Lease lease, CancellationToken stop)
    {
        var every = options.Value.ClaimTimeout / 3;
        var renewed = DateTime.UtcNow;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, stop);
                if (!await RenewAsync(messageId))
                {
                    await StopLostAsync(id, cancel, lease);
                    return;
                }
                renewed = DateTime.UtcNow;
                if (await jobs.IsCancelRequestedAsync(id)) await cancel.CancelAsync();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception error) when (error is RedisException or TimeoutException)
            {
                logger.LogWarning(error, "Could not renew the claim on job {Job}", id);
                if (DateTime.UtcNow - renewed < options.Value.ClaimTimeout) continue;
                await StopLostAsync(id, cancel, lease);
                return;
            }
        }
    }

    private static async Task StopLostAsync(string id, CancellationTokenSource cancel, Lease lease)
    {
        lease.Lost = true;
        await cancel.CancelAsync();
    }

    /// <summary>Resets the message's idle time only if this worker still owns it, in one step (a script), so a claim is never taken back.</summary>
    private async Task<bool> RenewAsync(RedisValue messageId) =>
        (int)await redis.GetDatabase().ScriptEvaluateAsync(RenewScript, [JobStore.QueueKey], [JobStore.Group, messageId, _consumer]) == 1;

    private const string RenewScript = """
        local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
        if #pending == 0 or pending[1][2] ~= ARGV[3] then return 0 end
        redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'JUSTID')
        return 1
        """;

    /// <summary>Whether this worker's run lost its claim on the job.</summary>
    private sealed class Lease
    {
        public volatile bool Lost;
    }

    private async Task FinishAsync(Job job, JobStatus status, System.Text.Json.Nodes.JsonObject? result, JobError? error) =>
        await jobs.SaveAsync(job with
        {
            Status = status,
            Progress = status == JobStatus.Succeeded ? 1 : job.Progress,
            FinishedAt = DateTimeOffset.UtcNow,
            Result = result,
            Error = error,
        });

    private async Task AcknowledgeAsync(RedisValue messageId)
    {
        var db = redis.GetDatabase();
        await db.StreamAcknowledgeAsync(JobStore.QueueKey, JobStore.Group, messageId);
        await db.StreamDeleteAsync(JobStore.QueueKey, [messageId]);
    }
}
