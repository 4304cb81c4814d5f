using System.Text.RegularExpressions;

namespace DsApp.Tests.Docs;

/// <summary>What the docs tests read from a Markdown file: its links, its heading anchors, its shell commands.</summary>
public static partial class MarkdownText
{
    /// <summary>The targets of <c>[text](target)</c> links outside code fences and code spans.</summary>
    public static IEnumerable<string> Links(string markdown) =>
        Prose(markdown).SelectMany(line => LinkPattern().Matches(InlineCode().Replace(line, "")).Select(m => m.Groups[1].Value));

    /// <summary>GitHub's anchors of the file's headings: lower case, punctuation dropped, spaces as hyphens.</summary>
    public static HashSet<string> Anchors(string markdown) =>
        Prose(markdown)
            .Select(line => HeadingPattern().Match(line))
            .Where(match => match.Success)
            .Select(match => NotInSlug().Replace(match.Groups[1].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-'))
            .ToHashSet();

    /// <summary>Each command of a fenced code block, its continuation lines (ending in <c>\</c>) joined.</summary>
    public static IEnumerable<string> FencedCommands(string markdown)
    {
        var fenced = false;
        var command = "";
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }
            if (!fenced) continue;
            command += line.TrimEnd('\r');
            if (command.EndsWith('\\')) { command = command[..^1] + " "; continue; }
            yield return command;
            command = "";
        }
    }

    private static IEnumerable<string> Prose(string markdown)
    {
        var fenced = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
            else if (!fenced) yield return line;
        }
    }

    [GeneratedRegex(@"\]\(([^) ]+)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^#{1,6}\s+(.*)$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex("[^a-z0-9 _-]")]
    private static partial Regex NotInSlug();
}
