using DsApp.ServiceDefaults.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DsApp.ModelWorker.Registry;

public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models").WithTags("Models");
        api.MapGet("/", ListModels).WithName("ListModels").WithSummary("A page of models, in name order.");
        return app;
    }

    private static async Task<Results<Ok<Page<Model>>, ValidationProblem>> ListModels(
        ModelRegistry registry, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryParse(limit, cursor, out var page, out var errors))
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await registry.ListAsync(page, cancellationToken));
    }
}
