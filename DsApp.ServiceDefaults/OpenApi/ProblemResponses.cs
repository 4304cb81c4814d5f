using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DsApp.ServiceDefaults.OpenApi;

/// <summary>Declares, where an endpoint is mapped, the errors it answers, so the OpenAPI document lists every one.</summary>
public static class ProblemResponses
{
    /// <summary>Each status as application/problem+json; 400 as a validation problem, whose <c>errors</c> name the fields.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            if (status == StatusCodes.Status400BadRequest) endpoint.ProducesValidationProblem();
            else endpoint.ProducesProblem(status);
        }
        return endpoint;
    }
}
