using System.Globalization;

namespace DsApp.ModelWorker.Tables;

/// <summary>
/// How dataset column types become model inputs: <c>string</c> is text; <c>number</c>, <c>integer</c>,
/// <c>boolean</c> (1/0) and <c>datetime</c> (Unix seconds) are <c>float</c>, with NaN for a missing value.
/// </summary>
public static class FeatureTypes
{
    public const string Number = "number";
    public const string Integer = "integer";
    public const string Boolean = "boolean";
    public const string String = "string";
    public const string DateTime = "datetime";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Number, Integer, Boolean, String, DateTime };

    public static ColumnKind KindOf(string type) => type == String ? ColumnKind.Text : ColumnKind.Number;

    /// <summary>Reads a CSV field of a float-held type; empty is missing (NaN). False when the text is not of the type.</summary>
    public static bool TryParseField(string type, ReadOnlySpan<char> text, out float value)
    {
        value = float.NaN;
        text = text.Trim();
        if (text.IsEmpty) return true;
        switch (type)
        {
            case Boolean:
                if (TryParseBoolean(text, out var flag)) { value = flag ? 1f : 0f; return true; }
                return false;
            case DateTime:
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
                {
                    value = moment.ToUnixTimeSeconds();
                    return true;
                }
                return false;
            default:
                return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    public static bool TryParseBoolean(ReadOnlySpan<char> text, out bool value)
    {
        value = false;
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text is "1" || text.Equals("yes", StringComparison.OrdinalIgnoreCase)) return value = true;
        return text.Equals("false", StringComparison.OrdinalIgnoreCase) || text is "0" || text.Equals("no", StringComparison.OrdinalIgnoreCase);
    }
}
