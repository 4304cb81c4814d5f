namespace DsApp.Ingest.Events;

/// <summary>What the ingest service publishes on <see cref="DatasetEvents.Channel"/>: <c>dataset.created</c>, <c>dataset.versioned</c>, <c>dataset.deleted</c>.</summary>
public sealed record DatasetEvent(string Type, string Id, int? Version, DateTimeOffset At);
