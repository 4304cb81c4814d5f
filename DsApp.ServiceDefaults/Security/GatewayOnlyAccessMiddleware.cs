using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DsApp.ServiceDefaults.Security;

/// <summary>
/// A service behind the gateway answers only calls that prove they come from inside the app (the
/// internal secret the gateway adds) or that carry a valid key with the role the call needs. The
/// load balancer's <c>/health</c> and <c>/alive</c> stay open. Either way it notes the <see cref="Caller"/>.
/// </summary>
public sealed class GatewayOnlyAccessMiddleware(RequestDelegate next, IOptions<GatewaySecurityOptions> options, ApiKeyRing keys)
{
    private readonly byte[] _secret = Encoding.UTF8.GetBytes(options.Value.InternalSecret ?? "");

    public Task InvokeAsync(HttpContext context)
    {
        if (AccessPolicy.IsProbe(context.Request.Path)) return next(context);
        // Without a secret (Development) nothing is proven, and anyone could call the service as anyone anyway.
        if (_secret.Length == 0 || InternalCall.IsProven(context.Request, _secret))
        {
            Caller.Set(context, Caller.FromHeader(context.Request));
            return next(context);
        }

        var presentation = PresentedKey.Read(context.Request, out var key);
        var identity = presentation == KeyPresentation.Present ? keys.Find(key) : null;
        if (identity is null) return AccessProblem.Unauthorized(context, presentation);
        var required = AccessPolicy.RequiredRole(context.Request.Method, context.Request.Path) ?? ApiRole.Reader;
        if (!identity.Allows(required)) return AccessProblem.Forbidden(context, identity, required);
        Caller.Set(context, identity.Name);
        return next(context);
    }
}
