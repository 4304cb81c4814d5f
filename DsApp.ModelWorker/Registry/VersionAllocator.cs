using StackExchange.Redis;

namespace DsApp.ModelWorker.Registry;

/// <summary>
/// Gives each new version a number no other request (on any replica) gets: one past the highest in the store,
/// claimed in Redis with SET NX so two concurrent trainings or imports never share it.
/// </summary>
public sealed class VersionAllocator(ModelRegistry registry, IConnectionMultiplexer redis)
{
    public async Task<int> NextAsync(Model model, CancellationToken cancellationToken)
    {
        var next = await registry.HighestVersionNumberAsync(model.Name, cancellationToken) + 1;
        while (!await ClaimAsync(model, next)) next++;
        return next;
    }

    /// <summary>Claims a number the client chose (an import); false when it is taken.</summary>
    public Task<bool> ClaimAsync(Model model, int version) =>
        redis.GetDatabase().StringSetAsync(
            $"dsapp:models:{model.Name}:{model.CreatedAt.ToUnixTimeMilliseconds()}:claimed:{version}", 1, TimeSpan.FromDays(1), When.NotExists);
}
