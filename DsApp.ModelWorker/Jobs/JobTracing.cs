using System.Diagnostics;
using System.Text.Json;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Telemetry;
using StackExchange.Redis;

namespace DsApp.ModelWorker.Jobs;

/// <summary>
/// A job is a trace of its own: its activity is a new root, linked to the request that queued it through the
/// traceparent the queue entry carries. Spans (and the job's log scope) carry ids only, never payload data.
/// </summary>
public static class JobTracing
{
    public const string TraceParentField = "traceparent";

    private static readonly ActivitySource Source = new(ModelWorkerMetrics.Name);

    /// <summary>The queue entry's fields: the job id and the queuing request's context (W3C traceparent) when there is one.</summary>
    public static NameValueEntry[] QueueEntry(string jobId) => Activity.Current?.Id is { } parent
        ? [new NameValueEntry("id", jobId), new NameValueEntry(TraceParentField, parent)]
        : [new NameValueEntry("id", jobId)];

    public static Activity? Start(Job job, StreamEntry message, IReadOnlyList<KeyValuePair<string, object?>> ids)
    {
        var links = ActivityContext.TryParse((string?)message[TraceParentField], null, out var queued)
            ? new[] { new ActivityLink(queued) }
            : null;
        Activity.Current = null; // a new trace, whatever the worker loop's context
        return Source.StartActivity($"job {RegistryJson.Kebab(job.Kind)}", ActivityKind.Consumer, default(ActivityContext), ids, links);
    }

    /// <summary>The ids a job is known by (job, kind, model, version, dataset): its span's tags and its log scope, never payload data.</summary>
    public static IReadOnlyList<KeyValuePair<string, object?>> Ids(Job job, JsonElement payload)
    {
        var ids = new List<KeyValuePair<string, object?>> { new("dsapp.job.id", job.Id), new("dsapp.job.kind", RegistryJson.Kebab(job.Kind)) };
        if (payload.ValueKind != JsonValueKind.Object) return ids;
        if (payload.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String) ids.Add(new("dsapp.model", model.GetString()));
        if (payload.TryGetProperty("version", out var version) && version.TryGetInt32(out var v)) ids.Add(new("dsapp.model.version", v));
        if (payload.TryGetProperty("datasetId", out var dataset) && dataset.ValueKind == JsonValueKind.String) ids.Add(new("dsapp.dataset.id", dataset.GetString()));
        if (payload.TryGetProperty("datasetVersion", out var dv) && dv.TryGetInt32(out var d)) ids.Add(new("dsapp.dataset.version", d));
        return ids;
    }
}
