namespace DsApp.Platform.Paging;

/// <summary>One page of a list, as the contract shapes every list: <c>{"items": [...], "nextCursor": "..." | null}</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
