namespace DsApp.ModelWorker.Registry;

/// <summary>One input of a version: a feature column and its dataset type (<c>number</c>, <c>integer</c>, <c>boolean</c>, <c>string</c>, <c>datetime</c>).</summary>
public sealed record FeatureColumn(string Name, string Type);
