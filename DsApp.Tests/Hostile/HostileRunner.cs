using System.Text.Json;

namespace DsApp.Tests.Hostile;

/// <summary>
/// Sends one case and checks everything it promises. Each failure starts with its kind (<c>5xx</c>, <c>hang</c>,
/// <c>2xx</c>, <c>no answer</c>, <c>status</c>, <c>shape</c>, <c>unnamed</c>, <c>stored</c>, <c>logged</c>, <c>unhealthy</c>)
/// so a run's failures can be counted by kind.
/// </summary>
public static class HostileRunner
{
    /// <summary>How long a refused request's leftovers (a temporary file) may take to go.</summary>
    private static readonly TimeSpan CleanUpGrace = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(HostileStack stack, HostileCase hostile)
    {
        var before = await stack.StoredStateAsync();
        var logsBefore = stack.Logs.Entries.Count;
        var failures = new List<string>();

        RawAnswer? answer = null;
        try
        {
            answer = await RawHttp.ExchangeAsync(stack.AddressOf(hostile.Door), hostile.ToBytes(), hostile.ClientLeaves, hostile.Timeout);
        }
        catch (TimeoutException hang)
        {
            failures.Add($"hang: {hang.Message}");
        }

        if (answer is null && failures.Count == 0 && !hostile.ClientLeaves) failures.Add("no answer: the connection closed without one");
        if (answer is not null) CheckAnswer(hostile, answer, failures);

        var after = await stack.StoredStateAsync();
        for (var waited = TimeSpan.Zero; after != before && waited < CleanUpGrace; waited += TimeSpan.FromMilliseconds(200))
        {
            await Task.Delay(200);
            after = await stack.StoredStateAsync();
        }
        if (after != before) failures.Add($"stored: the stores changed.\nbefore:\n{before}after:\n{after}");
        // A client's mistake is not the service's failure: nothing about it is logged as an error.
        foreach (var error in stack.Logs.Entries.Skip(logsBefore).Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error))
            failures.Add($"logged: {error.Level} from {error.Category}: {Shorten(error.Message)}");
        foreach (var unhealthy in await stack.UnhealthyAsync()) failures.Add($"unhealthy: {unhealthy}");

        Assert.True(failures.Count == 0, $"{hostile.Name} ({hostile.Method} {hostile.Target} to {hostile.Door}):\n{string.Join("\n", failures)}");
    }

    private static void CheckAnswer(HostileCase hostile, RawAnswer answer, List<string> failures)
    {
        var said = $"{answer.Status} {answer.MediaType} {Shorten(answer.Body)}";
        if (answer.Status >= 500) failures.Add($"5xx: {said}");
        else if (answer.Status < 400) failures.Add($"2xx: {said}");
        else if (answer.Status != hostile.Status) failures.Add($"status: expected {hostile.Status}, got {said}");

        if (answer.Status < 400) return;
        var text = ErrorText(hostile, answer, failures);
        if (text is null) return;
        var unnamed = hostile.Names.Select(name => name.Replace("{new}", hostile.NewId))
            .Where(name => !text.Contains(name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (unnamed.Count > 0) failures.Add($"unnamed: the answer does not say {string.Join(", ", unnamed.Select(n => $"'{n}'"))}: {said}");
    }

    /// <summary>What the error body says (detail, error keys and messages, or the OIP error), or null when it is not the protocol's shape.</summary>
    private static string? ErrorText(HostileCase hostile, RawAnswer answer, List<string> failures)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            failures.Add($"shape: the {answer.Status} body is not JSON: '{Shorten(answer.Body)}'");
            return null;
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            failures.Add($"shape: the {answer.Status} body is not a JSON object: {Shorten(answer.Body)}");
            return null;
        }
        if (hostile.IsOpenInference)
        {
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String) return error.GetString();
            failures.Add($"shape: a /v2 error without an 'error' string: {Shorten(answer.Body)}");
            return null;
        }
        if (answer.MediaType != "application/problem+json" || !root.TryGetProperty("status", out _) || !root.TryGetProperty("traceId", out _))
        {
            failures.Add($"shape: not problem+json with status and traceId: {answer.MediaType} {Shorten(answer.Body)}");
            return null;
        }
        var parts = new List<string>();
        if (root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String) parts.Add(detail.GetString()!);
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in errors.EnumerateObject())
            {
                parts.Add(field.Name);
                if (field.Value.ValueKind == JsonValueKind.Array)
                    parts.AddRange(field.Value.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!));
            }
        }
        return string.Join("\n", parts);
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";
}
