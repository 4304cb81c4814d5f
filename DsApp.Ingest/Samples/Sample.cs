namespace DsApp.Ingest.Samples;

/// <summary>A built-in table to prototype with: what it holds, the task it suits and the column to predict.</summary>
public sealed record Sample(string Name, string Title, string Description, string Task, string Label, int RowCount, IReadOnlyList<string> Columns);
