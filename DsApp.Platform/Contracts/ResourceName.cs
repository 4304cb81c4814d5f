using System.Text.RegularExpressions;

namespace DsApp.Platform.Contracts;

/// <summary>The contract's naming rule for dataset ids and model names: <c>^[a-z0-9][a-z0-9-]{0,62}$</c>.</summary>
public static partial class ResourceName
{
    /// <summary>The rule as the contract and JSON Schema (ECMAScript, where <c>$</c> ends the string) write it.</summary>
    public const string Pattern = "^[a-z0-9][a-z0-9-]{0,62}$";

    // \z, not $: .NET's $ also matches before a final '\n', which would let "abc\n" through to the object store.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,62}\z")]
    private static partial Regex Regex();

    public static bool IsValid(string? name) => name is not null && Regex().IsMatch(name);

    /// <summary>The message a 400 gives for a name that breaks the rule.</summary>
    public static string Explain(string? name) =>
        $"'{name}' is not a valid name: use 1 to 63 lowercase letters, digits or '-', starting with a letter or digit.";
}
