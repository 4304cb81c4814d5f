using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DsApp.Tests.Infrastructure;

/// <summary>
/// A logger provider for hosts run in process: it keeps every entry with the scopes it was written in. It keeps its
/// own scopes (flowing with the async context, as the logging pipeline's do) rather than taking a logger factory's:
/// a fixture's hosts derived with WithWebHostBuilder share one recorder, and each factory would replace the other's.
/// </summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly LoggerExternalScopeProvider _scopes = new();
    private readonly ConcurrentQueue<RecordedLog> _entries = new();

    public IReadOnlyList<RecordedLog> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose() { }

    private sealed class Recorder(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>();
            owner._scopes.ForEachScope((value, into) =>
            {
                if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                    foreach (var (key, item) in pairs) into[key] = item;
            }, scope);
            owner._entries.Enqueue(new RecordedLog(category, logLevel, formatter(state, exception), scope));
        }
    }
}
