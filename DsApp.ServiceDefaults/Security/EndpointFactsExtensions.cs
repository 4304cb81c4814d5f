using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using System.Text.Json.Nodes;

namespace DsApp.ServiceDefaults.Security;

/// <summary>
/// Declares an endpoint's facts where it is mapped: the role it needs and its body class. The service enforces the role
/// from this metadata, and its OpenAPI document states both (<c>x-role</c>, <c>x-body-class</c>), so the gateway's merged
/// document says what each endpoint needs and a test can hold the gateway's table to it.
/// </summary>
public static class EndpointFactsExtensions
{
    public const string RoleExtension = "x-role";
    public const string BodyClassExtension = "x-body-class";

    public static TBuilder RequireRole<TBuilder>(this TBuilder endpoint, ApiRole role) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithAccess(new EndpointAccess(role));

    /// <summary>Anyone may call it through the gateway, without a key (the service itself still wants the gateway or a key).</summary>
    public static TBuilder AllowAnonymousCallers<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithAccess(EndpointAccess.Anonymous);

    public static TBuilder WithBodyClass<TBuilder>(this TBuilder endpoint, BodyClass bodyClass) where TBuilder : IEndpointConventionBuilder
    {
        endpoint.WithMetadata(new EndpointBodyClass(bodyClass));
        return endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[BodyClassExtension] = new JsonNodeExtension(JsonValue.Create(BodyClasses.Name(bodyClass)));
            return Task.CompletedTask;
        });
    }

    /// <summary>The access declared on the endpoint (the one declared last, so an endpoint can narrow its group's), or null when none is.</summary>
    public static EndpointAccess? AccessOf(Endpoint endpoint) => endpoint.Metadata.GetMetadata<EndpointAccess>();

    /// <summary>The body class declared on the endpoint; <see cref="BodyClass.Standard"/> when none is.</summary>
    public static BodyClass BodyClassOf(Endpoint endpoint) => endpoint.Metadata.GetMetadata<EndpointBodyClass>()?.BodyClass ?? BodyClass.Standard;

    private static TBuilder WithAccess<TBuilder>(this TBuilder endpoint, EndpointAccess access) where TBuilder : IEndpointConventionBuilder
    {
        endpoint.WithMetadata(access);
        return endpoint.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            // A group's declaration runs for each of its endpoints; the endpoint's own (the metadata's last) wins.
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<EndpointAccess>().LastOrDefault() is { } declared)
            {
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions[RoleExtension] = new JsonNodeExtension(JsonValue.Create(declared.Name));
            }
            return Task.CompletedTask;
        });
    }
}
