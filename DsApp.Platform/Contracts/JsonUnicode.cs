using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace DsApp.Platform.Contracts;

/// <summary>
/// What a JSON parse leaves unchecked: that strings are Unicode text. System.Text.Json checks the syntax but neither that
/// a string's bytes are UTF-8 nor that a <c>\u</c> escape is not half of a surrogate pair; reading such a string later
/// throws, which would answer a client's mistake with a 500. Checked once over the bytes as parsed (a backslash is rare).
/// </summary>
public static class JsonUnicode
{
    /// <summary>Why the parsed document's text is not Unicode (a phrase: "has ..."), or null when it is.</summary>
    public static string? Fault(JsonElement root) => Fault(JsonMarshal.GetRawUtf8Value(root));

    /// <summary>Why these JSON bytes (a document, or one token's raw value) are not Unicode text, or null when they are.</summary>
    public static string? Fault(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json)) return "has bytes that are not UTF-8";
        for (var at = json.IndexOf((byte)'\\'); at >= 0 && at + 1 < json.Length;)
        {
            var next = 2;
            if (json[at + 1] == (byte)'u' && Escaped(json, at) is { } unit && char.IsSurrogate(unit))
            {
                if (char.IsLowSurrogate(unit) || Escaped(json, at + 6) is not { } low || !char.IsLowSurrogate(low))
                    return $"escapes half of a surrogate pair (\\u{(int)unit:x4}), which is not a character";
                next = 12;
            }
            var rest = json[(at + next)..].IndexOf((byte)'\\');
            at = rest < 0 ? -1 : at + next + rest;
        }
        return null;
    }

    /// <summary>The UTF-16 unit of a <c>\uXXXX</c> escape at <paramref name="at"/>, or null when there is none.</summary>
    private static char? Escaped(ReadOnlySpan<byte> json, int at) =>
        at + 6 <= json.Length && json[at] == (byte)'\\' && json[at + 1] == (byte)'u'
        && ushort.TryParse(json.Slice(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit)
            ? (char)unit
            : null;
}
