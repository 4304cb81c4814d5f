using System.Runtime.CompilerServices;
using DsApp.ServiceDefaults.Security;

namespace DsApp.Api.Endpoints;

/// <summary>
/// Finds the <see cref="EndpointRule"/> of a request on the door's hot path without allocating: the rules are sorted
/// once by method and segment count, so a request compares its segments with a handful of templates, literal segments
/// case-insensitively and a parameter against any non-empty segment. Where two templates match (<c>/v2/models/stats</c>
/// and <c>/v2/models/{model}</c>), the one with a literal earlier wins, as in ASP.NET Core's routing. A template may end
/// in a catch-all (<c>/openapi/{**rest}</c>), which takes its prefix and everything below it when no whole template matches.
/// A request no rule matches gets <see cref="UnmatchedRead"/> or <see cref="UnmatchedWrite"/>.
/// </summary>
public sealed class EndpointMatcher
{
    private const int MaxSegments = 8;
    private static readonly string[] MethodOrder = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>A GET or HEAD of a path no rule names: a reader's, as a read of anything is.</summary>
    public static readonly EndpointRule UnmatchedRead = new("GET", "", ApiRole.Reader, BodyClass.Standard, EndpointTable.Gateway);

    /// <summary>Any other request no rule names: an admin's, so a write the table forgot is never open to less.</summary>
    public static readonly EndpointRule UnmatchedWrite = new("*", "", ApiRole.Admin, BodyClass.Standard, EndpointTable.Gateway);

    private readonly Compiled[][][] _rules; // [method][segment count] → candidates, most literal first
    private readonly Compiled[][] _catchAlls; // [method] → candidates, longest prefix first

    public EndpointMatcher(IEnumerable<EndpointRule> rules)
    {
        _rules = MethodOrder.Select(method => Enumerable.Range(0, MaxSegments + 1)
            .Select(count => rules
                .Where(rule => rule.Method == method)
                .Where(rule => !IsCatchAll(rule.Template))
                .Select(rule => new Compiled(rule, Segments(rule.Template)))
                .Where(compiled => compiled.Segments.Length == count)
                .OrderBy(compiled => compiled.Specificity, StringComparer.Ordinal)
                .ToArray())
            .ToArray()).ToArray();
        _catchAlls = MethodOrder.Select(method => rules
            .Where(rule => rule.Method == method && IsCatchAll(rule.Template))
            .Select(rule => new Compiled(rule, Segments(rule.Template)[..^1]))
            .OrderByDescending(compiled => compiled.Segments.Length)
            .ThenBy(compiled => compiled.Specificity, StringComparer.Ordinal)
            .ToArray()).ToArray();
        foreach (var rule in rules)
        {
            if (Array.IndexOf(MethodOrder, rule.Method) < 0) throw new ArgumentException($"{rule}: the method is not one of {string.Join(", ", MethodOrder)}.");
            if (Segments(rule.Template).Length > MaxSegments) throw new ArgumentException($"{rule}: more than {MaxSegments} segments.");
        }
    }

    /// <summary>The rule the request falls under; never null.</summary>
    public EndpointRule Find(string method, PathString path)
    {
        var index = MethodIndex(method);
        if (index < 0) return UnmatchedWrite;
        var unmatched = index == 0 ? UnmatchedRead : UnmatchedWrite;

        var value = (path.Value ?? "").AsSpan().Trim('/');
        var ranges = new SegmentRanges();
        // One range more than any rule has: a deeper path fills it, and no rule takes that many.
        var count = value.IsEmpty ? 0 : value.Split(ranges, '/');
        if (count <= MaxSegments)
        {
            foreach (var candidate in _rules[index][count])
            {
                if (candidate.Matches(value, ranges)) return candidate.Rule;
            }
        }
        foreach (var candidate in _catchAlls[index])
        {
            if (candidate.Segments.Length <= count && candidate.Matches(value, ranges)) return candidate.Rule;
        }
        return unmatched;
    }

    private static int MethodIndex(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? 0
        : HttpMethods.IsPost(method) ? 1
        : HttpMethods.IsPut(method) ? 2
        : HttpMethods.IsPatch(method) ? 3
        : HttpMethods.IsDelete(method) ? 4
        : -1;

    private static bool IsCatchAll(string template) => template.EndsWith("}", StringComparison.Ordinal) && template.Contains("/{**", StringComparison.Ordinal);

    /// <summary>A template's segments, a parameter (<c>{name}</c>) as null.</summary>
    private static string?[] Segments(string template) =>
        template.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(segment => segment.StartsWith('{') ? null : segment)
            .ToArray();

    private sealed class Compiled(EndpointRule rule, string?[] segments)
    {
        public EndpointRule Rule { get; } = rule;
        public string?[] Segments { get; } = segments;

        /// <summary>Sorts literal-before-parameter, segment by segment.</summary>
        public string Specificity { get; } = string.Concat(segments.Select(s => s is null ? "1" : "0"));

        public bool Matches(ReadOnlySpan<char> path, in SegmentRanges ranges)
        {
            for (var i = 0; i < Segments.Length; i++)
            {
                var segment = path[ranges[i]];
                if (Segments[i] is { } literal ? !segment.Equals(literal, StringComparison.OrdinalIgnoreCase) : segment.IsEmpty) return false;
            }
            return true;
        }
    }

    [InlineArray(MaxSegments + 1)]
    private struct SegmentRanges
    {
        private Range _first;
    }
}
