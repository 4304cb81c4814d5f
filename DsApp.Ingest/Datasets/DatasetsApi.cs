using DsApp.ServiceDefaults.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DsApp.Ingest.Datasets;

public static class DatasetsApi
{
    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/datasets").WithTags("Datasets");
        api.MapGet("/", ListDatasets).WithName("ListDatasets").WithSummary("A page of datasets, in id order.");
        return app;
    }

    private static async Task<Results<Ok<Page<Dataset>>, ValidationProblem>> ListDatasets(
        DatasetStore datasets, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryParse(limit, cursor, out var page, out var errors))
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await datasets.ListAsync(page, cancellationToken));
    }
}
