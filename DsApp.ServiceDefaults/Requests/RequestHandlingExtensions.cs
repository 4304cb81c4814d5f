using DsApp.ServiceDefaults.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>How every service answers a request it cannot read: a problem naming why, never a bare status.</summary>
public static class RequestHandlingExtensions
{
    public static IHostApplicationBuilder AddRequestHandling(this IHostApplicationBuilder builder)
    {
        // A route or query value that does not parse throws, so BadRequestExceptionHandler can name the parameter.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<KestrelServerOptions>(options => RequestLimits.ConfigureKestrel(options.Limits));
        if (SocketThreadScheduling.Enabled)
            builder.Services.Configure<SocketTransportOptions>(options => options.UnsafePreferInlineScheduling = true);
        return builder;
    }

    /// <summary>Answers requests past <see cref="RequestLimits"/> with 414 or 431 problems (before anything else reads them).</summary>
    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        app.UseMiddleware<RequestLimitsMiddleware>();
        return app;
    }

    /// <summary>
    /// Moves every request but a small prediction off the socket thread, when requests run there at all
    /// (<see cref="SocketThreadScheduling"/>): a service whose handlers may compute for long.
    /// </summary>
    public static WebApplication UseHeavyRequestHandoff(this WebApplication app)
    {
        if (SocketThreadScheduling.Enabled) app.UseMiddleware<HeavyRequestHandoffMiddleware>();
        return app;
    }

    /// <summary>
    /// Decodes request bodies sent with a Content-Encoding (gzip, deflate, br) for the endpoints, and refuses other codings
    /// with 415. A service's, not the gateway's: the gateway forwards the body as it came.
    /// </summary>
    public static WebApplication UseRequestDecoding(this WebApplication app)
    {
        app.UseMiddleware<ContentDecodingMiddleware>();
        return app;
    }
}
