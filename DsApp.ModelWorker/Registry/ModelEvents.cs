using StackExchange.Redis;

namespace DsApp.ModelWorker.Registry;

/// <summary>
/// Tells every replica that a model changed (aliases, traffic, shadow, versions, deletion), over Redis pub/sub,
/// so each can load what the change needs before it switches.
/// </summary>
public sealed class ModelEvents(IConnectionMultiplexer redis, ILogger<ModelEvents> logger)
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("dsapp:models:changed");

    public async Task PublishChangedAsync(string name)
    {
        // Not connected: the client would hold the message (and the write that raised it) until Redis is back or its
        // timeout passes; the other replicas pick the change up by age instead.
        if (!redis.IsConnected)
        {
            logger.LogWarning("Redis is unreachable: the change of model {Model} reaches other replicas when their view of it expires", name);
            return;
        }
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, name);
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            // The other replicas still pick the change up when their cached entry expires.
            logger.LogWarning(error, "Could not publish the change of model {Model}", name);
        }
    }

    public Task SubscribeAsync(Func<string, Task> onChanged) =>
        redis.GetSubscriber().SubscribeAsync(Channel, (channel, message) =>
        {
            var name = (string?)message;
            if (!string.IsNullOrEmpty(name)) _ = onChanged(name);
        });
}
