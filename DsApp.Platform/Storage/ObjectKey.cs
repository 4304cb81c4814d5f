using System.Text.RegularExpressions;

namespace DsApp.Platform.Storage;

/// <summary>Checks keys before they reach a file system or a bucket, so no key can escape its root.</summary>
public static partial class ObjectKey
{
    // \z, not $: .NET's $ also matches before a final '\n'.
    [GeneratedRegex(@"^[A-Za-z0-9._=-]+(/[A-Za-z0-9._=-]+)*\z")]
    private static partial Regex KeyPattern();

    public static string Validate(string key)
    {
        if (!KeyPattern().IsMatch(key) || key.Split('/').Any(segment => segment is "." or ".."))
        {
            throw new ArgumentException($"'{key}' is not a valid object key.", nameof(key));
        }
        return key;
    }

    /// <summary>A prefix is a key or a key followed by '/', or empty for everything.</summary>
    public static string ValidatePrefix(string prefix)
    {
        if (prefix.Length == 0) return prefix;
        Validate(prefix.TrimEnd('/'));
        return prefix;
    }
}
