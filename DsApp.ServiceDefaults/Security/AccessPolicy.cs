using Microsoft.AspNetCore.Http;

namespace DsApp.ServiceDefaults.Security;

/// <summary>
/// The contract's Security section as one function of method and path: anonymous
/// (<c>GET /</c> and the page's scripts, <c>/info</c>, <c>/openapi/*</c>, <c>/health</c>, <c>/alive</c>, <c>/v2/health/*</c>),
/// reader (every other GET), predictor (predict and infer) or admin (everything else).
/// Path templates (<c>/api/models/{name}/predict</c>) classify as the paths they match, so the
/// OpenAPI document states the same rule the gateway enforces.
/// </summary>
public static class AccessPolicy
{
    /// <summary>The role a request needs, or null when anyone may make it.</summary>
    public static ApiRole? RequiredRole(string method, PathString path)
    {
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
            return IsAnonymous(path) ? null : ApiRole.Reader;
        if (HttpMethods.IsPost(method) && IsPrediction(path)) return ApiRole.Predictor;
        return ApiRole.Admin;
    }

    public static bool IsAnonymous(PathString path)
    {
        var value = path.Value;
        return string.IsNullOrEmpty(value) || value == "/"
            || path.StartsWithSegments("/info")
            || path.StartsWithSegments("/openapi")
            || path.Equals("/scalar.js") || path.Equals("/scalar.aspnetcore.js")
            || path.StartsWithSegments("/health")
            || path.StartsWithSegments("/alive")
            || path.StartsWithSegments("/v2/health");
    }

    /// <summary>True for the health endpoints a load balancer polls, which every service leaves open.</summary>
    public static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/alive");

    /// <summary><c>/api/models/{name}/predict</c> and <c>/v2/models/{m}[/versions/{v}]/infer</c>.</summary>
    public static bool IsPrediction(PathString path)
    {
        var segments = new PathSegments(path);
        return segments.Count switch
        {
            4 => (segments.Is(0, "api") && segments.Is(1, "models") && segments.Is(3, "predict"))
                || (segments.Is(0, "v2") && segments.Is(1, "models") && segments.Is(3, "infer")),
            6 => segments.Is(0, "v2") && segments.Is(1, "models") && segments.Is(3, "versions") && segments.Is(5, "infer"),
            _ => false,
        };
    }

    /// <summary>Dataset uploads (<c>POST|PUT /api/datasets[/{id}]</c>) and model imports (<c>PUT /api/models/{name}/versions/{v}</c>), which may be large.</summary>
    public static bool IsUpload(string method, PathString path)
    {
        var isPost = HttpMethods.IsPost(method);
        var isPut = HttpMethods.IsPut(method);
        if (!isPost && !isPut) return false;
        var segments = new PathSegments(path);
        if (segments.Is(0, "api") && segments.Is(1, "datasets")) return segments.Count is 2 or 3 && (isPost || segments.Count == 3);
        return isPut && segments.Count == 5 && segments.Is(0, "api") && segments.Is(1, "models") && segments.Is(3, "versions");
    }

    /// <summary>The Open Inference Protocol's paths, whose errors are <c>{"error": "..."}</c>.</summary>
    public static bool IsOpenInference(PathString path) => path.StartsWithSegments("/v2");
}
