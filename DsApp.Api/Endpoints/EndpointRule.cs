using DsApp.ServiceDefaults.Security;

namespace DsApp.Api.Endpoints;

/// <summary>
/// One public endpoint as the gateway knows it: method, route template (as the OpenAPI document writes it), the role a
/// call needs (null: anyone), its body class and the service that owns it. HEAD follows GET.
/// </summary>
public sealed record EndpointRule(string Method, string Template, ApiRole? Role, BodyClass BodyClass, string Owner)
{
    public override string ToString() => $"{Method} {Template}";
}
