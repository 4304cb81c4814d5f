using DsApp.ModelWorker.Registry;

namespace DsApp.ModelWorker.Datasets;

/// <summary>The label column to read and how the task holds it (number, boolean, or class key).</summary>
public sealed record LabelSpec(string Name, string Type, ModelTask Task);
