using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.ServiceDefaults.Problems;

/// <summary>
/// Writes a problem+json answer from a middleware, through the app's problem details service: it gets the
/// vocabulary's type and title, <c>traceId</c> and, on the Open Inference Protocol's paths, <c>error</c>
/// (<see cref="ProblemConventions"/>).
/// </summary>
public static class ProblemAnswer
{
    public static Task WriteAsync(HttpContext context, int status, string detail, IDictionary<string, string[]>? errors = null)
    {
        context.Response.StatusCode = status;
        var problem = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Detail = detail;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
    }
}
