namespace DsApp.ServiceDefaults.Security;

/// <summary>
/// Endpoint metadata: the role a call to the endpoint needs at the gateway, or none (<see cref="Role"/> null) when anyone
/// may make it. Declared where the endpoint is mapped (<see cref="EndpointFactsExtensions"/>); an endpoint without it
/// is treated as admin-only, and a test fails on it.
/// </summary>
public sealed record EndpointAccess(ApiRole? Role)
{
    public static readonly EndpointAccess Anonymous = new((ApiRole?)null);

    /// <summary>The role as the OpenAPI document states it (<c>x-role</c>): a role's name, or <c>anonymous</c>.</summary>
    public string Name => Role is { } role ? ApiRoles.Name(role) : AnonymousName;

    public const string AnonymousName = "anonymous";
}

/// <summary>Endpoint metadata: the body limit the endpoint's requests fall under.</summary>
public sealed record EndpointBodyClass(BodyClass BodyClass);
