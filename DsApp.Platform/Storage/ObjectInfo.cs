namespace DsApp.Platform.Storage;

/// <summary>What the store knows of one object without reading it.</summary>
public sealed record ObjectInfo(string Key, long Size, DateTimeOffset LastModified);
