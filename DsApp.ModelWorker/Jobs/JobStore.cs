using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DsApp.ModelWorker.Registry;
using DsApp.ServiceDefaults.Paging;
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
    public static readonly RedisChannel WakeChannel = RedisChannel.Literal("dsapp:jobs:wake");
    public static readonly RedisChannel CancelChannel = RedisChannel.Literal("dsapp:jobs:cancel");

    // Cancels atomically: an ended job stays as it is; a queued one is cancelled at once; a running one is flagged for its worker.
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
        end
        return {1, job}
        """;

    private IDatabase Db => redis.GetDatabase();

    public static string Key(string id) => $"dsapp:job:{id}";

    /// <summary>What <see cref="NewId"/> makes: 12 hex digits of time and 10 of chance.</summary>
    public const string IdPattern = "^[0-9a-f]{22}$";

    public static bool IsId(string id) => id.Length == 22 && id.All(char.IsAsciiHexDigitLower);

    /// <summary>Ids sort by creation time (milliseconds, hex) then a random part: the index needs no scores.</summary>
    public static string NewId() =>
        DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString("x12", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5));

    public async Task<Job> EnqueueAsync(JobKind kind, object payload, string? id = null)
    {
        var job = new Job(id ?? NewId(), kind, JobStatus.Queued, 0, DateTimeOffset.UtcNow, null, null, null, null);
        var db = Db;
        await db.HashSetAsync(Key(job.Id), [
            new HashEntry("job", Serialize(job)),
            new HashEntry("payload", JsonSerializer.Serialize(payload, RegistryJson.Options)),
            new HashEntry("attempts", 0),
        ]);
        await db.SortedSetAddAsync(IndexKey, job.Id, 0);
        await db.StreamAddAsync(QueueKey, Monitoring.JobTracing.QueueEntry(job.Id));
        await redis.GetSubscriber().PublishAsync(WakeChannel, job.Id);
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

    public async Task SaveAsync(Job job)
    {
        var db = Db;
        await db.HashSetAsync(Key(job.Id), "job", Serialize(job));
        if (job.HasEnded) await db.KeyExpireAsync(Key(job.Id), options.Value.Retention);
    }

    /// <summary>Null when there is no such job; else whether the cancel was taken (false: it had already ended) and the job as it now stands.</summary>
    public async Task<(bool Accepted, Job Job)?> RequestCancelAsync(string id)
    {
        var result = await Db.ScriptEvaluateAsync(CancelScript, [Key(id)], [DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)]);
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
