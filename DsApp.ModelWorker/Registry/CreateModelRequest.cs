namespace DsApp.ModelWorker.Registry;

/// <summary>The body of <c>POST /api/models</c>. Strings, not enums, so a wrong value is a 400 naming the field.</summary>
public sealed record CreateModelRequest(string? Name, string? Task, string? Label, IReadOnlyList<string>? Features = null, string? Description = null);
