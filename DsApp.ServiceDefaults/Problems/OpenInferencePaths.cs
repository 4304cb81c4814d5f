using Microsoft.AspNetCore.Http;

namespace DsApp.ServiceDefaults.Problems;

/// <summary>The Open Inference Protocol's paths, whose errors are <c>{"error": "..."}</c> and whose JSON bodies may come without a Content-Type.</summary>
public static class OpenInferencePaths
{
    public const string Prefix = "/v2";

    public static bool Contains(PathString path) => path.StartsWithSegments(Prefix);
}
