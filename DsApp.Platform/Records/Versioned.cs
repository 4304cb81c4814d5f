namespace DsApp.Platform.Records;

/// <summary>A manifest as read, with the entity tag a conditional write over it must name.</summary>
public sealed record Versioned<T>(T Value, string ETag);
