using System.ComponentModel.DataAnnotations;
using DsApp.Ingest.Datasets;
using DsApp.Ingest.Parsing;
using DsApp.Platform.Contracts;
using DsApp.ServiceDefaults.OpenApi;
using DsApp.Platform.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using DsApp.ServiceDefaults.Security;

namespace DsApp.Ingest.Samples;

public static class SamplesApi
{
    public static IEndpointRouteBuilder MapSamplesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/samples").WithTag("Samples", "Built-in sample datasets to prototype with.");
        api.MapGet("/", ListSamples).WithName("ListSamples").RequireRole(ApiRole.Reader).WithSummary("The built-in sample tables, with their task and label column.");
        api.MapPost("/{sample}", CreateFromSample).WithName("CreateDatasetFromSample").RequireRole(ApiRole.Admin)
            .WithSummary("Creates a dataset from a sample (id defaults to the sample's name).")
            .ProducesProblems(400, 404, 409);
        return app;
    }

    private static Ok<Page<Sample>> ListSamples() => TypedResults.Ok(new Page<Sample>(SampleCatalog.All, null));

    private static async Task<Results<Created<Dataset>, ProblemHttpResult, ValidationProblem>> CreateFromSample(
        HttpContext context, [ResourceNameFormat] string sample, [ResourceNameFormat] string? id, [MaxLength(DatasetPatch.MaxNameLength)] string? name, DatasetIngestion ingestion, CancellationToken cancellationToken)
    {
        if (SampleCatalog.Find(sample) is not { } found)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"No sample '{sample}'; the samples are {string.Join(", ", SampleCatalog.All.Select(s => s.Name))}.");
        id ??= found.Name;
        if (!ResourceName.IsValid(id))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [ResourceName.Explain(id)] });
        await using var body = SampleCatalog.Open(found);
        var result = await ingestion.IngestAsync(new DatasetUpload(id, name ?? found.Title, TableFormat.Csv, body, MustCreate: true, Precondition: _ => true)
        {
            Description = found.Description,
            Tags = ["sample", found.Task],
            Label = found.Label,
        }, cancellationToken);
        context.Response.Headers.ETag = EntityTags.Quote(result.Dataset.Etag);
        return TypedResults.Created($"/api/datasets/{id}", result.Dataset);
    }
}
