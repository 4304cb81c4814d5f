using System.Text.Json;
using StackExchange.Redis;

namespace DsApp.Ingest.Events;

/// <summary>
/// Tells other services that a dataset changed, on the Redis channel <c>dsapp:events</c>. Events are
/// a hint, not the record (the object store is): they are sent fire-and-forget (queued by the client
/// while Redis is away), so an upload never waits on Redis, and the write they follow stands.
/// </summary>
public sealed class DatasetEvents(IConnectionMultiplexer redis, ILogger<DatasetEvents> logger)
{
    public const string Channel = "dsapp:events";
    public const string Created = "dataset.created";
    public const string Versioned = "dataset.versioned";
    public const string Deleted = "dataset.deleted";

    // The web defaults (camelCase names), as every JSON the service writes.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task PublishAsync(string type, string id, int? version)
    {
        var message = JsonSerializer.Serialize(new DatasetEvent(type, id, version, DateTimeOffset.UtcNow), Json);
        try
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(Channel), message, CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not publish {Type} for dataset {Id}", type, id);
        }
    }
}
