using System.Net;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace DsApp.Api.Hosting;

/// <summary>CORS, forwarded headers from known load balancers, HTTPS redirection and HSTS, all from <see cref="EdgeOptions"/>.</summary>
public static class EdgeExtensions
{
    private static readonly string[] ExposedHeaders = ["ETag", "Location", "Retry-After", "X-Model-Version", "WWW-Authenticate", "traceparent"];

    /// <summary>
    /// The settings are bound and validated like every other options class; each middleware's own options are configured
    /// from them when first read, so nothing here reads configuration before the container exists.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayEdge(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EdgeOptions>().BindConfiguration(EdgeOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EdgeOptions>, EdgeOptionsValidator>();

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<EdgeOptions>>((cors, edge) => cors.AddDefaultPolicy(policy =>
        {
            var origins = edge.Value.Cors.Origins();
            if (origins.Contains("*")) policy.AllowAnyOrigin();
            else policy.WithOrigins(origins);
            policy.WithMethods("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
                .WithHeaders("X-Api-Key", "Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key", "traceparent")
                .WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromHours(1));
        }));

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<EdgeOptions>>((options, edge) =>
        {
            var forwarded = edge.Value.ForwardedHeaders;
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = forwarded.ForwardLimit;
            // Without configuration only loopback is believed (a proxy on the same host); with it, only what is configured.
            if (forwarded.KnownProxies.Length + forwarded.KnownNetworks.Length > 0)
            {
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
            }
            foreach (var proxy in forwarded.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in forwarded.KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });

        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<EdgeOptions>>((options, edge) =>
            options.HttpsPort = edge.Value.Https.Port ?? 443);
        services.AddOptions<HstsOptions>().Configure<IOptions<EdgeOptions>>((options, edge) =>
        {
            options.MaxAge = TimeSpan.FromDays(edge.Value.Https.HstsMaxAgeDays);
            options.IncludeSubDomains = true;
            // Asked for in configuration, so meant for every host name the gateway answers to.
            options.ExcludedHosts.Clear();
        });
        return builder;
    }

    /// <summary>Forwarded headers first, so everything after sees the client's address and scheme; then HSTS and redirection.</summary>
    public static WebApplication UseGatewayEdge(this WebApplication app)
    {
        var https = app.Services.GetRequiredService<IOptions<EdgeOptions>>().Value.Https;
        app.UseForwardedHeaders();
        if (https.Hsts) app.UseHsts();
        if (https.Redirect) app.UseHttpsRedirection();
        return app;
    }
}
