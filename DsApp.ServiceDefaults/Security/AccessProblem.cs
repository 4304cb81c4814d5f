using DsApp.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;

namespace DsApp.ServiceDefaults.Security;

/// <summary>
/// Writes a refusal as problem+json (<see cref="ProblemAnswer"/>: with <c>traceId</c>, and <c>error</c> on the Open
/// Inference Protocol's paths, the one field its clients read).
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
        return WriteAsync(context, StatusCodes.Status401Unauthorized, detail);
    }

    public static Task Forbidden(HttpContext context, ApiKeyIdentity identity, ApiRole required) =>
        WriteAsync(context, StatusCodes.Status403Forbidden,
            $"The key '{identity.Name}' has the role {ApiRoles.Name(identity.Role)}; {context.Request.Method} {context.Request.Path} needs {ApiRoles.Name(required)}.");

    public static Task WriteAsync(HttpContext context, int status, string detail) => ProblemAnswer.WriteAsync(context, status, detail);
}
