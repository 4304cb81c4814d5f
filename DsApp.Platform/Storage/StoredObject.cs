namespace DsApp.Platform.Storage;

/// <summary>A small object read whole, with the entity tag that names this content in the store (for a conditional write).</summary>
public sealed record StoredObject(byte[] Content, string ETag);
