using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace DsApp.Api.Hosting;

/// <summary>CORS, forwarded headers from known load balancers, HTTPS redirection and HSTS, all from <see cref="EdgeSettings"/>.</summary>
public static class EdgeExtensions
{
    private static readonly string[] ExposedHeaders = ["ETag", "Location", "Retry-After", "X-Model-Version", "WWW-Authenticate", "traceparent"];

    public static IHostApplicationBuilder AddGatewayEdge(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(EdgeSettings.Section).Get<EdgeSettings>() ?? new EdgeSettings();
        var failures = new List<string>();

        var origins = settings.Cors.AllowedOrigins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/')).ToArray();
        var anyOrigin = origins.Contains("*");
        if (anyOrigin && !builder.Environment.IsDevelopment())
            failures.Add("Gateway:Cors:AllowedOrigins may hold '*' only in Development; list the origins instead.");
        foreach (var origin in origins.Where(o => o != "*" && !Uri.TryCreate(o, UriKind.Absolute, out _)))
            failures.Add($"Gateway:Cors:AllowedOrigins: '{origin}' is not an origin (scheme://host[:port]).");
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (anyOrigin) policy.AllowAnyOrigin();
            else policy.WithOrigins(origins);
            policy.WithMethods("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
                .WithHeaders("X-Api-Key", "Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key", "traceparent")
                .WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromHours(1));
        }));

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = settings.ForwardedHeaders.ForwardLimit;
            // Without configuration only loopback is believed (a proxy on the same host); with it, only what is configured.
            if (settings.ForwardedHeaders.KnownProxies.Length + settings.ForwardedHeaders.KnownNetworks.Length > 0)
            {
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
            }
            foreach (var proxy in settings.ForwardedHeaders.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in settings.ForwardedHeaders.KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        foreach (var proxy in settings.ForwardedHeaders.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            failures.Add($"Gateway:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.");
        foreach (var network in settings.ForwardedHeaders.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
            failures.Add($"Gateway:ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/8).");

        if (settings.Https.Redirect)
            builder.Services.AddHttpsRedirection(options => options.HttpsPort = settings.Https.Port ?? 443);
        if (settings.Https.Hsts)
            builder.Services.AddHsts(options =>
            {
                options.MaxAge = TimeSpan.FromDays(settings.Https.HstsMaxAgeDays);
                options.IncludeSubDomains = true;
                // Asked for in configuration, so meant for every host name the gateway answers to.
                options.ExcludedHosts.Clear();
            });

        if (failures.Count > 0) throw new OptionsValidationException(EdgeSettings.Section, typeof(EdgeSettings), failures);
        builder.Services.AddSingleton(settings);
        return builder;
    }

    /// <summary>Forwarded headers first, so everything after sees the client's address and scheme; then HSTS and redirection.</summary>
    public static WebApplication UseGatewayEdge(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<EdgeSettings>();
        app.UseForwardedHeaders();
        if (settings.Https.Hsts) app.UseHsts();
        if (settings.Https.Redirect) app.UseHttpsRedirection();
        return app;
    }
}
