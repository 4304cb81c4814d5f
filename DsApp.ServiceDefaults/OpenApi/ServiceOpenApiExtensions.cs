using DsApp.ServiceDefaults;
using DsApp.ServiceDefaults.Identity;
using DsApp.ServiceDefaults.OpenApi;
using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every service describes its own endpoints in an OpenAPI 3.1 document at <see cref="DocumentPath"/>;
/// the gateway fetches them and merges them into the one public document. The path is not routed
/// to the public: the gateway forwards only <c>/api/**</c> and <c>/v2/**</c>.
/// </summary>
public static class ServiceOpenApiExtensions
{
    public const string DocumentName = "service";
    public const string DocumentPath = "/openapi/service.json";

    public static TBuilder AddServiceOpenApi<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, context, _) =>
            {
                var identity = context.ApplicationServices.GetRequiredService<ServiceIdentity>();
                document.Info = new OpenApiInfo { Title = identity.Name, Version = identity.Version };
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer(TagDescriptions.DescribeAsync);
        });
        return builder;
    }

    public static IEndpointConventionBuilder MapServiceOpenApi(this IEndpointRouteBuilder app) =>
        // Only the gateway reads it (with the internal secret), or a reader's key.
        app.MapOpenApi("/openapi/{documentName}.json").RequireRole(ApiRole.Reader);
}
