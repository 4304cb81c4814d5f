using System.ComponentModel.DataAnnotations;
using DsApp.ModelWorker.Registry;
using DsApp.ServiceDefaults.OpenApi;
using DsApp.Platform.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using DsApp.ServiceDefaults.Security;
using DsApp.ModelWorker.Http;

namespace DsApp.ModelWorker.Jobs;

/// <summary><c>/api/jobs</c>: list (newest first, by status), read and cancel jobs.</summary>
public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/jobs").WithTag("Jobs", "Training and batch-prediction jobs.");
        api.MapGet("/", ListJobs).WithName("ListJobs").RequireRole(ApiRole.Reader).WithSummary("A page of jobs, newest first, optionally of one status.").ProducesProblems(400);
        api.MapGet("/{id}", GetJob).WithName("GetJob").RequireRole(ApiRole.Reader).WithSummary("One job: status, progress, result or error.").ProducesProblems(400, 404);
        api.MapDelete("/{id}", CancelJob).WithName("CancelJob").RequireRole(ApiRole.Admin).WithSummary("Cancels a queued or running job: 202; 409 if it already ended.")
            .ProducesProblems(400, 404, 409);
        return app;
    }

    private static async Task<Results<Ok<Page<Job>>, ProblemHttpResult>> ListJobs(JobStore jobs, string? status, [Range(1, PageRequest.MaxLimit)] int? limit, string? cursor)
    {
        var errors = new Dictionary<string, string[]>();
        JobStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (RegistryJson.TryParseKebab<JobStatus>(status, out var parsed)) wanted = parsed;
            else errors["status"] = [$"must be one of {RegistryJson.Names<JobStatus>()}."];
        }
        if (!PageRequest.TryParse(limit, cursor, out var page, out var pageErrors))
            foreach (var (key, value) in pageErrors) errors[key] = value;
        if (errors.Count > 0) return ApiProblems.Invalid(errors);
        return TypedResults.Ok(await jobs.ListAsync(wanted, page));
    }

    private static async Task<Results<Ok<Job>, ProblemHttpResult>> GetJob([RegularExpression(JobStore.IdPattern)] string id, JobStore jobs)
    {
        if (!JobStore.IsId(id)) return InvalidId(id);
        var job = await jobs.GetAsync(id);
        return job is null ? ApiProblems.NotFound($"There is no job '{id}'.") : TypedResults.Ok(job);
    }

    private static async Task<Results<Accepted<Job>, ProblemHttpResult>> CancelJob([RegularExpression(JobStore.IdPattern)] string id, JobStore jobs, IEnumerable<IJobHandler> handlers)
    {
        if (!JobStore.IsId(id)) return InvalidId(id);
        var outcome = await jobs.RequestCancelAsync(id);
        if (outcome is null) return ApiProblems.NotFound($"There is no job '{id}'.");
        var (accepted, job) = outcome.Value;
        if (!accepted) return ApiProblems.Conflict($"Job '{id}' already ended ({RegistryJson.Kebab(job.Status)}).");
        if (job.Status == JobStatus.Cancelled && await jobs.GetTicketAsync(id) is { } ticket
            && handlers.FirstOrDefault(h => h.Kind == job.Kind) is { } handler)
        {
            // A queued job never reaches a worker's clean-up: undo what accepting it made (a version in training) now.
            await handler.AbandonAsync(job, ticket.Payload, JobWorker.CancelledError, CancellationToken.None);
        }
        return TypedResults.Accepted($"/api/jobs/{id}", job);
    }

    private static ProblemHttpResult InvalidId(string id) =>
        ApiProblems.Invalid("id", $"'{id}' is not a job id: a job id is 22 lowercase hexadecimal digits, as a job's Location gives it.");
}
