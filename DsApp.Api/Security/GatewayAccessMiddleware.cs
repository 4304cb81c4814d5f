using DsApp.Api.Endpoints;
using System.Threading.RateLimiting;
using DsApp.Api.RateLimiting;
using DsApp.Api.Telemetry;
using DsApp.ServiceDefaults.Health;
using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace DsApp.Api.Security;

/// <summary>
/// The gateway's door, in the order that keeps it cheap and fair: find the key (a hash and a few
/// constant-time comparisons), take a rate-limit permit for the key or, without a valid key, for the
/// client's address (so guessing keys is rate-limited too), then refuse what the key's role does not
/// allow (401/403) and bodies past their limit (413), both as <see cref="EndpointTable"/> declares them. The probes
/// skip keys and roles and take a permit of their own, per address. Everything refused is counted by reason.
/// </summary>
public sealed class GatewayAccessMiddleware(
    RequestDelegate next, ApiKeyRing keys, ClientRateLimiter limiter, IOptions<BodyLimitOptions> bodyLimits, GatewayMetrics metrics)
{
    private readonly BodyLimitOptions _bodyLimits = bodyLimits.Value;

    /// <summary>Synchronous until it refuses or forwards: no state machine on the way through.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // Probes are anonymous and cost the services their checks: limited per address, in a budget of their own.
        if (Probes.IsProbe(request.Path)) return limiter.Enabled ? ProbeAsync(context) : next(context);

        var presentation = PresentedKey.Read(request, out var key);
        var identity = presentation == KeyPresentation.Present ? keys.Find(key) : null;
        if (identity is not null) Caller.Set(context, identity.Name);

        if (limiter.Enabled)
        {
            var lease = limiter.Acquire(identity, context.Connection.RemoteIpAddress);
            if (!lease.IsAcquired) return TooManyRequests(context, lease, identity);
            lease.Dispose();
        }

        var rule = EndpointTable.Matcher.Find(request.Method, request.Path);
        if (rule.Role is { } required)
        {
            if (identity is null)
            {
                metrics.Rejected(RejectionReason.Auth);
                return AccessProblem.Unauthorized(context, presentation);
            }
            if (!identity.Allows(required))
            {
                metrics.Rejected(RejectionReason.Auth);
                return AccessProblem.Forbidden(context, identity, required);
            }
        }

        var limit = _bodyLimits.For(rule.BodyClass);
        if (request.ContentLength > limit)
        {
            metrics.Rejected(RejectionReason.Size);
            return BodyTooLarge(context, limit);
        }
        // A body without a declared length is cut at the limit while it streams.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize) bodySize.MaxRequestBodySize = limit;
        return next(context);
    }

    private Task ProbeAsync(HttpContext context)
    {
        var lease = limiter.AcquireProbe(context.Connection.RemoteIpAddress);
        if (!lease.IsAcquired) return TooManyRequests(context, lease, "Too many health probes from this address.");
        lease.Dispose();
        return next(context);
    }

    private Task TooManyRequests(HttpContext context, RateLimitLease lease, ApiKeyIdentity? identity) =>
        TooManyRequests(context, lease, identity is null
            ? "Too many requests from this address without a valid key."
            : $"The key '{identity.Name}' is over its rate limit.");

    private Task TooManyRequests(HttpContext context, RateLimitLease lease, string reason)
    {
        using (lease)
        {
            metrics.Rejected(RejectionReason.RateLimit);
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return AccessProblem.WriteAsync(context, StatusCodes.Status429TooManyRequests, $"{reason} Try again in {retryAfter} s.");
        }
    }

    public static Task BodyTooLarge(HttpContext context, long limit) =>
        AccessProblem.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
            $"{context.Request.Method} {context.Request.Path} takes at most {limit} bytes ({BodyLimits.Describe(limit)}).");
}
