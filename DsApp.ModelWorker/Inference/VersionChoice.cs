using DsApp.ModelWorker.Registry;

namespace DsApp.ModelWorker.Inference;

/// <summary>The version that answers a request, or why none can: <see cref="Status"/> 404 (no such version), 409 (not ready).</summary>
public readonly record struct VersionChoice(ModelVersion? Version, int Status, string? Problem, string Reason)
{
    public static VersionChoice Of(ModelVersion version, string reason) => new(version, 200, null, reason);
    public static VersionChoice Fail(int status, string problem) => new(null, status, problem, "");
}
