using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DsApp.Platform.Idempotency;

public static class IdempotencyRegistration
{
    /// <summary>Registers <see cref="IdempotencyStore"/> on the Redis that <c>AddRedisCache</c> connects.</summary>
    public static IHostApplicationBuilder AddIdempotency(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IdempotencyStore>();
        return builder;
    }
}
