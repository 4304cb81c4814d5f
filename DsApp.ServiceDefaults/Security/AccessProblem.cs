using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.ServiceDefaults.Security;

/// <summary>
/// Writes a refusal as problem+json with <c>traceId</c> (through the app's problem details service).
/// On the Open Inference Protocol's paths the problem also carries <c>error</c>, the one field its clients read.
/// </summary>
public static class AccessProblem
{
    /// <summary>The challenge a 401 names: both ways of presenting a key.</summary>
    public static readonly string[] Challenges = ["Bearer realm=\"DsApp\"", $"ApiKey realm=\"DsApp\", header=\"{PresentedKey.HeaderName}\""];
    private static readonly string[] InvalidKeyChallenges = ["Bearer realm=\"DsApp\", error=\"invalid_token\"", Challenges[1]];

    public static Task Unauthorized(HttpContext context, KeyPresentation presentation)
    {
        context.Response.Headers.WWWAuthenticate = presentation == KeyPresentation.None ? Challenges : InvalidKeyChallenges;
        var detail = presentation switch
        {
            KeyPresentation.None => $"This endpoint needs an API key: send it as '{PresentedKey.HeaderName}: <key>' or 'Authorization: Bearer <key>'.",
            KeyPresentation.Malformed => $"The API key is malformed: send one key, as '{PresentedKey.HeaderName}: <key>' or 'Authorization: Bearer <key>'.",
            _ => "The API key is not valid.",
        };
        return WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    public static Task Forbidden(HttpContext context, ApiKeyIdentity identity, ApiRole required) =>
        WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
            $"The key '{identity.Name}' has the role {ApiRoles.Name(identity.Role)}; {context.Request.Method} {context.Request.Path} needs {ApiRoles.Name(required)}.");

    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}",
        };
        if (AccessPolicy.IsOpenInference(context.Request.Path)) problem.Extensions["error"] = detail;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
