using System.Globalization;

namespace DsApp.AppHost;

/// <summary>
/// The processes of one service: <c>Replicas:Ingest</c> and <c>Replicas:ModelWorker</c> in the AppHost's
/// configuration (default 1). Each replica is a resource of its own (<c>modelworker</c>, <c>modelworker-2</c>, …) on
/// its own direct port, and a caller is handed every replica's address (<c>services__modelworker__http__0</c>,
/// <c>__1</c>, …) to balance over and to step around one that fails. Aspire's <c>WithReplicas</c> is not used: it puts
/// the orchestrator's proxy in front of the replicas and hands callers that one address, so the gateway could neither
/// see which replica failed nor avoid it, and it refuses the direct endpoints a dead service needs to refuse
/// connections at once. A deployment publishes one of each service per instance and scales by instances.
/// </summary>
public sealed record ServiceReplicas(string Name, IReadOnlyList<IResourceBuilder<ProjectResource>> Replicas)
{
    public const string SettingsSection = "Replicas";
    public const int Most = 16;

    /// <summary>The resource name of replica <paramref name="index"/> (0-based): the service's own name for the first.</summary>
    public static string ResourceName(string service, int index) => index == 0 ? service : $"{service}-{index + 1}";

    /// <summary>How many replicas <c>Replicas:{setting}</c> asks for: 1 to <see cref="Most"/>, 1 when publishing.</summary>
    public static int Count(IDistributedApplicationBuilder builder, string setting)
    {
        if (builder.ExecutionContext.IsPublishMode) return 1;
        var key = $"{SettingsSection}:{setting}";
        var value = builder.Configuration[key];
        if (string.IsNullOrWhiteSpace(value)) return 1;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > Most)
            throw new InvalidOperationException($"{key} must be a whole number from 1 to {Most}; it is '{value}'.");
        return count;
    }
}

public static class ServiceReplicasExtensions
{
    /// <summary>
    /// Adds the replicas of a service as <c>Replicas:{setting}</c> asks, each made by <paramref name="configure"/>. The
    /// replicas after the first report telemetry under the service's own name, as the replicas of one service.
    /// </summary>
    public static ServiceReplicas AddServiceReplicas<TProject>(this IDistributedApplicationBuilder builder, string name, string setting,
        Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> configure)
        where TProject : IProjectMetadata, new()
    {
        var replicas = Enumerable.Range(0, ServiceReplicas.Count(builder, setting))
            .Select(index =>
            {
                var replica = builder.AddProject<TProject>(ServiceReplicas.ResourceName(name, index), launchProfileName: null);
                if (index > 0) replica.WithEnvironment("OTEL_SERVICE_NAME", name);
                return configure(replica);
            })
            .ToList();
        return new ServiceReplicas(name, replicas);
    }

    /// <summary>Hands the caller every replica's address under the service's name, as service discovery reads them.</summary>
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> caller, ServiceReplicas service)
    {
        caller.WithReference(service.Replicas[0]);
        for (var index = 1; index < service.Replicas.Count; index++)
        {
            var replica = service.Replicas[index];
            caller.WithEnvironment($"services__{service.Name}__http__{index}", replica.GetEndpoint("http")).WithReferenceRelationship(replica);
        }
        return caller;
    }

    public static IResourceBuilder<ProjectResource> WaitFor(this IResourceBuilder<ProjectResource> caller, ServiceReplicas service)
    {
        foreach (var replica in service.Replicas) caller.WaitFor(replica);
        return caller;
    }
}
