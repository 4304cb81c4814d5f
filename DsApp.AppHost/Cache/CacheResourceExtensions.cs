using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.AppHost.Cache;

public static class CacheResourceExtensions
{
    public const string RedisRegistry = "docker.io";
    public const string RedisImage = "library/redis";
    public const string RedisTag = "7.4";

    /// <summary>The <c>cache</c> Redis, from where <c>Cache:Mode</c> says (see <see cref="CacheMode"/>).</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddCache(this IDistributedApplicationBuilder builder, string name)
    {
        // Published, the cache is a managed Redis (ElastiCache) named by its connection string.
        if (builder.ExecutionContext.IsPublishMode) return builder.AddConnectionString(name);
        var requested = builder.Configuration.GetValue("Cache:Mode", CacheMode.Auto);
        var mode = CacheModeResolver.Resolve(
            requested,
            () => ContainerRuntimeProbe.CanRun($"{RedisRegistry}/{RedisImage}:{RedisTag}"),
            ExecutableSearch.FindOnPath("redis-server"),
            builder.Configuration.GetConnectionString(name));

        return mode switch
        {
            CacheMode.Container => builder.CreateResourceBuilder<IResourceWithConnectionString>(
                builder.AddRedis(name).WithImageRegistry(RedisRegistry).WithImage(RedisImage, RedisTag).Resource),
            CacheMode.Local => builder.CreateResourceBuilder<IResourceWithConnectionString>(builder.AddLocalRedis(name).Resource),
            _ => builder.AddConnectionString(name),
        };
    }

    private static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name)
    {
        var redis = new LocalRedisResource(name, "redis-server", builder.AppHostDirectory);
        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis, async (_, cancellationToken) =>
            connectionString = await redis.ConnectionStringExpression.GetValueAsync(cancellationToken));

        var healthCheck = $"{name}-ping";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException($"The address of '{name}' is not known yet."),
            name: healthCheck);

        return builder.AddResource(redis)
            .WithEndpoint(name: LocalRedisResource.EndpointName, scheme: "tcp")
            // No snapshots, no append-only file: the cache holds only what can be rebuilt.
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--save");
                context.Args.Add("");
                context.Args.Add("--appendonly");
                context.Args.Add("no");
            })
            .WithHealthCheck(healthCheck);
    }
}
