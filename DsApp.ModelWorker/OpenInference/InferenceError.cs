namespace DsApp.ModelWorker.OpenInference;

/// <summary>An Open Inference Protocol error answer: <c>{"error": "..."}</c>.</summary>
public sealed record InferenceError(string Error);
