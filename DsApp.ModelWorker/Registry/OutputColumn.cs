namespace DsApp.ModelWorker.Registry;

/// <summary>One field of a version's predictions (<c>label</c>, <c>probability</c>, <c>probabilities</c>, <c>value</c>) and its type; <see cref="Classes"/> for multiclass.</summary>
public sealed record OutputColumn(string Name, string Type, IReadOnlyList<string>? Classes = null);
