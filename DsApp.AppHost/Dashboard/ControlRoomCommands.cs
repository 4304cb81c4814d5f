using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DsApp.AppHost.Dashboard;

/// <summary>
/// Buttons on the gateway's row of the dashboard that drive the running stack through its own API,
/// with the admin key: what a developer would otherwise type as curl commands.
/// </summary>
public static class ControlRoomCommands
{
    public static IResourceBuilder<ProjectResource> WithControlRoomCommands(this IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> adminKey)
    {
        var gateway = new GatewayCaller(api.GetEndpoint("http"), adminKey.Resource);
        api.WithUrlForEndpoint("http", url => url.DisplayText = "API reference");
        api.WithUrlForEndpoint("http", _ => new ResourceUrlAnnotation { Url = "/info", DisplayText = "Info" });
        api.WithCommand("load-samples", "Load sample datasets", context => gateway.RunAsync(LoadSamplesAsync, context.CancellationToken),
            Options("Creates a dataset from every built-in sample (iris, house prices, loan approvals).", "DatabaseArrowDown"));
        api.WithCommand("train-samples", "Train sample models", context => gateway.RunAsync(TrainSamplesAsync, context.CancellationToken),
            Options("Creates a model per sample dataset and queues its training with the 'auto' trainer.", "BrainCircuit"));
        api.WithCommand("flush-prediction-cache", "Flush prediction cache", context => gateway.RunAsync(FlushCacheAsync, context.CancellationToken),
            Options("Empties the prediction cache of every model.", "DeleteDismiss"));
        return api;
    }

    private static CommandOptions Options(string description, string icon) => new()
    {
        Description = description,
        IconName = icon,
        UpdateState = context => context.ResourceSnapshot.HealthStatus == HealthStatus.Healthy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
    };

    private static async Task<string> LoadSamplesAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var loaded = new List<string>();
        foreach (var sample in await ListSamplesAsync(http, cancellationToken))
        {
            using var response = await http.PostAsync($"/api/samples/{sample.Name}", null, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Conflict) await GatewayCaller.EnsureSuccessAsync(response, cancellationToken);
            loaded.Add(response.StatusCode == HttpStatusCode.Conflict ? $"{sample.Name} (already there)" : sample.Name);
        }
        return $"Datasets: {string.Join(", ", loaded)}.";
    }

    private static async Task<string> TrainSamplesAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var jobs = new List<string>();
        foreach (var sample in await ListSamplesAsync(http, cancellationToken))
        {
            using var model = await http.PostAsJsonAsync("/api/models", new { name = sample.Name, task = sample.Task, label = sample.Label }, cancellationToken);
            if (model.StatusCode != HttpStatusCode.Conflict) await GatewayCaller.EnsureSuccessAsync(model, cancellationToken);
            using var training = await http.PostAsJsonAsync($"/api/models/{sample.Name}/versions", new { datasetId = sample.Name, trainer = "auto" }, cancellationToken);
            await GatewayCaller.EnsureSuccessAsync(training, cancellationToken);
            jobs.Add($"{sample.Name}: {training.Headers.Location}");
        }
        return $"Training queued — {string.Join("; ", jobs)}.";
    }

    private static async Task<string> FlushCacheAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var flushed = new List<string>();
        string? cursor = null;
        do
        {
            var page = await http.GetFromJsonAsync<ModelPage>($"/api/models?limit=500{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}", JsonSerializerOptions.Web, cancellationToken);
            foreach (var model in page?.Items ?? [])
            {
                using var response = await http.DeleteAsync($"/api/models/{model.Name}/cache", cancellationToken);
                await GatewayCaller.EnsureSuccessAsync(response, cancellationToken);
                flushed.Add(model.Name);
            }
            cursor = page?.NextCursor;
        } while (cursor is not null);
        return flushed.Count == 0 ? "No models, nothing cached." : $"Prediction cache flushed for {string.Join(", ", flushed)}.";
    }

    private static async Task<IReadOnlyList<SampleEntry>> ListSamplesAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var page = await http.GetFromJsonAsync<SamplePage>("/api/samples", JsonSerializerOptions.Web, cancellationToken);
        return page?.Items ?? [];
    }

    private sealed record SamplePage(IReadOnlyList<SampleEntry> Items);

    private sealed record SampleEntry(string Name, string Task, string Label);

    private sealed record ModelPage(IReadOnlyList<ModelEntry> Items, string? NextCursor);

    private sealed record ModelEntry(string Name);
}
