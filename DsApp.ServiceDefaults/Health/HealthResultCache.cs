using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DsApp.ServiceDefaults.Health;

/// <summary>
/// Each check's last result, kept for <see cref="HealthOptions.CacheDuration"/> after it came. Concurrent requests share
/// one run of a check, which no single request's cancellation stops: the others still want its result.
/// </summary>
public sealed class HealthResultCache(IOptions<HealthOptions> options, TimeProvider time)
{
    private readonly Dictionary<string, Run> _runs = new(StringComparer.Ordinal);

    /// <summary>The check's result kept, the one being made, or a new run of <paramref name="check"/> bounded by <paramref name="timeout"/>.</summary>
    public Task<HealthCheckResult> GetAsync(string name, TimeSpan timeout, Func<CancellationToken, Task<HealthCheckResult>> check)
    {
        var keep = options.Value.CacheDuration;
        if (keep <= TimeSpan.Zero) return RunAsync(check, timeout, null);
        lock (_runs)
        {
            if (_runs.TryGetValue(name, out var run) && (!run.Result.IsCompleted || time.GetUtcNow() < run.FreshUntil)) return run.Result;
            var started = new Run();
            started.Result = RunAsync(check, timeout, () => { lock (_runs) started.FreshUntil = time.GetUtcNow() + keep; });
            _runs[name] = started;
            return started.Result;
        }
    }

    private static async Task<HealthCheckResult> RunAsync(Func<CancellationToken, Task<HealthCheckResult>> check, TimeSpan timeout, Action? ended)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            // Yield first: the check must not run under the lock of the caller that started it.
            await Task.Yield();
            return await check(limit.Token).WaitAsync(limit.Token);
        }
        finally
        {
            ended?.Invoke();
        }
    }

    private sealed class Run
    {
        public Task<HealthCheckResult> Result = null!;
        public DateTimeOffset FreshUntil = DateTimeOffset.MaxValue;
    }
}
