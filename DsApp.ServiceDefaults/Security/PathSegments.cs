using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;

namespace DsApp.ServiceDefaults.Security;

/// <summary>The segments of a path, found without allocating (up to eight; a deeper path counts as eight).</summary>
public ref struct PathSegments
{
    private readonly ReadOnlySpan<char> _path;
    private SegmentRanges _ranges;

    public PathSegments(PathString path)
    {
        _path = (path.Value ?? "").AsSpan().Trim('/');
        Count = _path.IsEmpty ? 0 : _path.Split(_ranges, '/');
    }

    public int Count { get; }

    public readonly bool Is(int index, string segment) =>
        index < Count && _path[_ranges[index]].Equals(segment, StringComparison.OrdinalIgnoreCase);

    [InlineArray(8)]
    private struct SegmentRanges
    {
        private Range _first;
    }
}
