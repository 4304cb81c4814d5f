using Microsoft.Extensions.Logging;

namespace DsApp.Tests.Infrastructure;

/// <summary>One log entry as an operator's log backend receives it: its message and the key/values of every scope it was written in.</summary>
public sealed record RecordedLog(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Scope);
