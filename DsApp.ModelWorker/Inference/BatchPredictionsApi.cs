using DsApp.ModelWorker.Jobs;
using DsApp.ModelWorker.Registry;
using DsApp.Platform.Contracts;
using DsApp.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using DsApp.ServiceDefaults.Security;
using DsApp.ModelWorker.Datasets;
using DsApp.ModelWorker.Http;

namespace DsApp.ModelWorker.Inference;

/// <summary><c>POST /api/models/{name}/batch-predictions</c>: predicts a whole dataset in a job; the result is a new dataset.</summary>
public static class BatchPredictionsApi
{
    public static IEndpointRouteBuilder MapBatchPredictionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/models/{name}/batch-predictions", StartBatchPrediction).WithTags("Predictions").WithName("StartBatchPrediction").RequireRole(ApiRole.Admin)
            .WithSummary("Predicts every row of a dataset in a job: 202 and the job; its result names the new dataset (the input columns plus the predictions).")
            .ProducesProblems(400, 404, 409, 415);
        return app;
    }

    private static async Task<Results<Accepted<Job>, ProblemHttpResult>> StartBatchPrediction(
        [ResourceNameFormat] string name, JsonBody<BatchPredictionRequest> body, ModelRegistry registry, DatasetClient datasets, JobStore jobs, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        if (body.Problem is { } unreadable) return unreadable;
        var request = body.Value!;
        var model = await registry.GetAsync(name, cancellationToken);
        if (model is null) return ApiProblems.NotFound($"There is no model '{name}'.");
        if (!ResourceName.IsValid(request.DatasetId)) return ApiProblems.Invalid("datasetId", ResourceName.Explain(request.DatasetId));

        // Batch predictions use one version throughout: the one asked for, else production, else the latest ready (no traffic split).
        var versions = await registry.ListVersionsAsync(model, cancellationToken);
        var choice = VersionSelector.Choose(model with { Traffic = [] }, versions, request.Version, 0);
        if (choice.Version is null) return choice.ToProblem();

        var dataset = await datasets.GetAsync(request.DatasetId!, cancellationToken);
        if (dataset is null) return ApiProblems.Invalid("datasetId", $"There is no dataset '{request.DatasetId}'.");
        if (request.DatasetVersion is { } asked && (asked < 1 || asked > dataset.Version))
            return ApiProblems.Invalid("datasetVersion", $"Dataset '{dataset.Id}' has no version {asked} (latest: {dataset.Version}).");
        var columns = dataset.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var missing = choice.Version.Inputs.Where(i => !columns.Contains(i.Name)).Select(i => i.Name).ToList();
        if (missing.Count > 0)
            return ApiProblems.Invalid("datasetId", $"Dataset '{dataset.Id}' lacks the model's feature(s): {string.Join(", ", missing)}.");

        var jobId = JobStore.NewId();
        var output = $"{Truncate(name, 30)}-v{choice.Version.Version}-{jobId[^10..]}";
        var payload = new BatchPredictionPayload(name, choice.Version.Version, dataset.Id, request.DatasetVersion ?? dataset.Version, dataset.RowCount, output);
        var job = await jobs.EnqueueAsync(JobKind.BatchPredict, payload, jobId);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", job);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length].TrimEnd('-');
}
