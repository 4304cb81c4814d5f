using System.Text.RegularExpressions;

namespace DsApp.ServiceDefaults.Contracts;

/// <summary>The contract's naming rule for dataset ids and model names: <c>^[a-z0-9][a-z0-9-]{0,62}$</c>.</summary>
public static partial class ResourceName
{
    public const string Pattern = "^[a-z0-9][a-z0-9-]{0,62}$";

    [GeneratedRegex(Pattern)]
    private static partial Regex Regex();

    public static bool IsValid(string? name) => name is not null && Regex().IsMatch(name);

    /// <summary>The message a 400 gives for a name that breaks the rule.</summary>
    public static string Explain(string? name) =>
        $"'{name}' is not a valid name: use 1 to 63 lowercase letters, digits or '-', starting with a letter or digit.";
}
