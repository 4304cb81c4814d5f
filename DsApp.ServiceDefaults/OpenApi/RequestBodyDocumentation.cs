using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;

namespace DsApp.ServiceDefaults.OpenApi;

/// <summary>
/// Declares, where an endpoint is mapped, the body it reads from the request stream itself (an upload, a merge-patch, an
/// infer request with binary tensors), which the generator cannot see. Not as <c>Accepts</c> metadata: that has routing
/// answer another media type with a bare 415 before the endpoint can say which types it takes.
/// </summary>
public static class RequestBodyDocumentation
{
    public static TBuilder DocumentsBody<TBuilder>(this TBuilder endpoint, params (string MediaType, JsonSchemaType Type)[] media)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = media.ToDictionary(m => m.MediaType, m => new OpenApiMediaType { Schema = Schema(m.Type) }),
            };
            return Task.CompletedTask;
        });

    /// <summary>A schema of the type; an array's items are objects (the JSON upload's rows).</summary>
    private static OpenApiSchema Schema(JsonSchemaType type) => type == JsonSchemaType.Array
        ? new OpenApiSchema { Type = type, Items = new OpenApiSchema { Type = JsonSchemaType.Object } }
        : new OpenApiSchema { Type = type };
}
