using System.Text;
using DsApp.ServiceDefaults.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DsApp.ServiceDefaults.Security;

/// <summary>
/// A service behind the gateway answers only calls that prove they come from inside the app (the
/// internal secret the gateway adds) or that carry a valid key with the role the call needs. The
/// load balancer's <c>/health</c> and <c>/alive</c> stay open. Either way it notes the <see cref="Caller"/>.
/// The role is the one the endpoint declares (<see cref="EndpointAccess"/>); an endpoint anyone may call through the
/// gateway still needs a reader's key here, and one that declares nothing needs an admin's.
/// </summary>
public sealed class GatewayOnlyAccessMiddleware(RequestDelegate next, IOptions<GatewaySecurityOptions> options, ApiKeyRing keys)
{
    private readonly byte[] _secret = Encoding.UTF8.GetBytes(options.Value.InternalSecret ?? "");

    public Task InvokeAsync(HttpContext context)
    {
        if (Probes.IsProbe(context.Request.Path)) return next(context);
        // Without a secret (Development) nothing is proven, and anyone could call the service as anyone anyway.
        if (_secret.Length == 0 || InternalCall.IsProven(context.Request, _secret))
        {
            Caller.Set(context, Caller.FromHeader(context.Request));
            return next(context);
        }

        var presentation = PresentedKey.Read(context.Request, out var key);
        var identity = presentation == KeyPresentation.Present ? keys.Find(key) : null;
        if (identity is null) return AccessProblem.Unauthorized(context, presentation);
        var required = RequiredRole(context);
        if (!identity.Allows(required)) return AccessProblem.Forbidden(context, identity, required);
        Caller.Set(context, identity.Name);
        return next(context);
    }

    private static ApiRole RequiredRole(HttpContext context)
    {
        if (context.GetEndpoint() is not { } endpoint)
        {
            // No endpoint answers (a 404 to come): what the gateway asks of a path it has no rule for.
            var method = context.Request.Method;
            return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? ApiRole.Reader : ApiRole.Admin;
        }
        return EndpointFactsExtensions.AccessOf(endpoint) is { } access ? access.Role ?? ApiRole.Reader : ApiRole.Admin;
    }
}
