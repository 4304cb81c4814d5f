using DsApp.Api.Hosting;
using Microsoft.OpenApi;
using DsApp.ServiceDefaults.OpenApi;

namespace DsApp.Api.OpenApi;

public static class GatewayOpenApiExtensions
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IHostApplicationBuilder AddGatewayOpenApi(this IHostApplicationBuilder builder)
    {
        // The gateway's own endpoints (/info), described by the same generator the services use.
        builder.Services.AddOpenApi(GatewayDocument.OwnDocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer(TagDescriptions.DescribeAsync);
        });
        builder.Services.AddQuickHttpClient<ServiceDocumentClient>(ServiceDocumentClient.ClientName, TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<GatewayDocument>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    public static IEndpointRouteBuilder MapGatewayOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(DocumentPath, async (GatewayDocument document, CancellationToken cancellationToken) =>
                TypedResults.Bytes(await document.GetAsync(cancellationToken), "application/json; charset=utf-8"))
            .ExcludeFromDescription();
        return app;
    }
}
