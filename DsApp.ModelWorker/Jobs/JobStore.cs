using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DsApp.ModelWorker.Registry;
using DsApp.Platform.Paging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DsApp.ModelWorker.Jobs;

/// <summary>
/// Jobs in Redis: each job's state in a hash (<c>dsapp:job:{id}</c>: the Job as JSON, its payload, a cancel flag, its attempts),
/// an index of ids in creation order, and the work queue as a stream read by the <c>workers</c> consumer group.
/// </summary>
public sealed class JobStore(IConnectionMultiplexer redis, IOptions<JobOptions> options)
{
    public const string QueueKey = "dsapp:jobs:queue";
    public const string Group = "workers";
    public const string IndexKey = "dsapp:jobs:index";
    private const string WakeChannelName = "dsapp:jobs:wake";
    public static readonly RedisChannel WakeChannel = RedisChannel.Literal(WakeChannelName);
    public static readonly RedisChannel CancelChannel = RedisChannel.Literal("dsapp:jobs:cancel");

    // Queues a job in one step: the message first, so a queue that refuses it (a key that is not a stream) leaves nothing;
    // then the job's state, the index, and a wake-up for idle workers.
    private const string EnqueueScript = """
        redis.call('XADD', KEYS[1], '*', unpack(ARGV, 5))
        redis.call('HSET', KEYS[2], 'job', ARGV[1], 'payload', ARGV[2], 'attempts', 0)
        redis.call('ZADD', KEYS[3], 0, ARGV[3])
        redis.call('PUBLISH', ARGV[4], ARGV[3])
        """;

    // Cancels atomically: an ended job stays as it is; a queued one is cancelled at once (and kept for the retention, as
    // any ended job); a running one is flagged for its worker.
    private const string CancelScript = """
        local job = redis.call('HGET', KEYS[1], 'job')
        if not job then return nil end
        local j = cjson.decode(job)
        if j['status'] == 'succeeded' or j['status'] == 'failed' or j['status'] == 'cancelled' then return {0, job} end
        redis.call('HSET', KEYS[1], 'cancel', '1')
        if j['status'] == 'queued' then
          j['status'] = 'cancelled'
          j['finishedAt'] = ARGV[1]
          job = cjson.encode(j)
          redis.call('HSET', KEYS[1], 'job', job)
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return {1, job}
        """;

    // Writes a job's state unless it has ended or is gone: a worker that read the job before it was cancelled (or
    // before Redis lost it) cannot start it again nor bring it back. An ended job is kept for the retention.
    private const string SaveScript = """
        local job = redis.call('HGET', KEYS[1], 'job')
        if not job then return 0 end
        local status = cjson.decode(job)['status']
        if status == 'succeeded' or status == 'failed' or status == 'cancelled' then return 0 end
        redis.call('HSET', KEYS[1], 'job', ARGV[1])
        if ARGV[2] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    private string RetentionMilliseconds => ((long)options.Value.Retention.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    public static string Key(string id) => $"dsapp:job:{id}";

    /// <summary>What <see cref="NewId"/> makes: 12 hex digits of time and 10 of chance.</summary>
    public const string IdPattern = "^[0-9a-f]{22}$";

    public static bool IsId(string id) => id.Length == 22 && id.All(char.IsAsciiHexDigitLower);

    /// <summary>Ids sort by creation time (milliseconds, hex) then a random part: the index needs no scores.</summary>
    public static string NewId() =>
        DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString("x12", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5));

    /// <summary>Queues a job whole or not at all (one script): a failure leaves neither its state nor its message.</summary>
    public async Task<Job> EnqueueAsync(JobKind kind, object payload, string? id = null)
    {
        var job = new Job(id ?? NewId(), kind, JobStatus.Queued, 0, DateTimeOffset.UtcNow, null, null, null, null);
        RedisValue[] values = [Serialize(job), JsonSerializer.Serialize(payload, RegistryJson.Options), job.Id, WakeChannelName,
            .. JobTracing.QueueEntry(job.Id).SelectMany(field => new[] { (RedisValue)field.Name, field.Value })];
        await Db.ScriptEvaluateAsync(EnqueueScript, [QueueKey, Key(job.Id), IndexKey], values);
        return job;
    }

    public async Task<Job?> GetAsync(string id)
    {
        var json = await Db.HashGetAsync(Key(id), "job");
        return json.IsNullOrEmpty ? null : Deserialize(json!);
    }

    public async Task<JobTicket?> GetTicketAsync(string id)
    {
        var values = await Db.HashGetAsync(Key(id), ["job", "payload", "cancel", "attempts"]);
        if (values[0].IsNullOrEmpty) return null;
        using var payload = JsonDocument.Parse((string)values[1]!);
        return new JobTicket(Deserialize(values[0]!), payload.RootElement.Clone(), !values[2].IsNullOrEmpty, (int)values[3]);
    }

    public Task<long> CountAttemptAsync(string id) => Db.HashIncrementAsync(Key(id), "attempts");

    public async Task<bool> IsCancelRequestedAsync(string id) => !(await Db.HashGetAsync(Key(id), "cancel")).IsNullOrEmpty;

    /// <summary>Writes the job's state; false (and nothing written) when it has ended meanwhile (a cancel) or Redis lost it.</summary>
    public async Task<bool> SaveAsync(Job job)
    {
        var expiry = job.HasEnded ? RetentionMilliseconds : "";
        return (int)await Db.ScriptEvaluateAsync(SaveScript, [Key(job.Id)], [Serialize(job), expiry]) == 1;
    }

    /// <summary>Whether the job may still run: it exists and has not ended. A job Redis lost, or none at all, never will.</summary>
    public async Task<bool> IsLiveAsync(string? id) => id is not null && await GetAsync(id) is { HasEnded: false };

    /// <summary>Null when there is no such job; else whether the cancel was taken (false: it had already ended) and the job as it now stands.</summary>
    public async Task<(bool Accepted, Job Job)?> RequestCancelAsync(string id)
    {
        var result = await Db.ScriptEvaluateAsync(CancelScript, [Key(id)], [DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), RetentionMilliseconds]);
        if (result.IsNull) return null;
        var parts = (RedisResult[])result!;
        var accepted = (int)parts[0] == 1;
        if (accepted) await redis.GetSubscriber().PublishAsync(CancelChannel, id);
        return (accepted, Deserialize((string)parts[1]!));
    }

    /// <summary>Newest first, optionally only jobs in <paramref name="status"/>; the cursor is the last id of the previous page.</summary>
    public async Task<Page<Job>> ListAsync(JobStatus? status, PageRequest page)
    {
        var db = Db;
        var items = new List<Job>(page.Limit);
        var after = page.After;
        string? lastId = null;
        var more = false;
        while (items.Count < page.Limit)
        {
            RedisValue max = after is null ? default : (RedisValue)after; // default: no bound
            var ids = await db.SortedSetRangeByValueAsync(IndexKey, default, max, after is null ? Exclude.None : Exclude.Stop, Order.Descending, 0, page.Limit * 2);
            if (ids.Length == 0) break;
            var jsons = await Task.WhenAll(ids.Select(id => db.HashGetAsync(Key(id!), "job")));
            for (var i = 0; i < ids.Length; i++)
            {
                after = ids[i]!;
                if (jsons[i].IsNullOrEmpty)
                {
                    _ = db.SortedSetRemoveAsync(IndexKey, ids[i], CommandFlags.FireAndForget); // expired
                    continue;
                }
                var job = Deserialize(jsons[i]!);
                if (status is not null && job.Status != status) continue;
                if (items.Count == page.Limit)
                {
                    more = true;
                    break;
                }
                items.Add(job);
                lastId = job.Id;
            }
            if (more || ids.Length < page.Limit * 2) break;
        }
        return new Page<Job>(items, more && lastId is not null ? PageRequest.EncodeCursor(lastId) : null);
    }

    private static string Serialize(Job job) => JsonSerializer.Serialize(job, RegistryJson.Options);

    private static Job Deserialize(string json)
    {
        // cjson writes an empty table as {} and may drop nulls: the record's optional fields absorb both.
        var node = JsonNode.Parse(json)!.AsObject();
        if (node["result"] is JsonArray { Count: 0 }) node["result"] = null;
        return node.Deserialize<Job>(RegistryJson.Options)!;
    }
}
