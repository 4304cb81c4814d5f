using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class BehindGatewayExtensions
{
    /// <summary>
    /// Refuses every call that did not come through the gateway (or another service) and carries no
    /// valid key. Outside Development the internal secret is required: a deployment has no way around the gateway.
    /// </summary>
    public static WebApplication UseGatewayOnlyAccess(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<GatewaySecurityOptions>>().Value;
        if (string.IsNullOrEmpty(options.InternalSecret) && !app.Environment.IsDevelopment())
            throw new OptionsValidationException(GatewaySecurityOptions.Section, typeof(GatewaySecurityOptions),
                [$"{GatewaySecurityOptions.Section}:InternalSecret is required outside Development: without it anyone could call this service around the gateway."]);
        app.UseMiddleware<GatewayOnlyAccessMiddleware>();
        return app;
    }
}
