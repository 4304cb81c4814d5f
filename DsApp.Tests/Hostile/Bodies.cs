using System.Text;

namespace DsApp.Tests.Hostile;

/// <summary>Bodies the case tables build: text as UTF-8, raw bytes around it, repeated text, nesting.</summary>
public static class Bodies
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Bytes(params object[] parts) =>
        parts.SelectMany(part => part switch
        {
            string text => Encoding.UTF8.GetBytes(text),
            byte[] bytes => bytes,
            int b => [(byte)b],
            _ => throw new ArgumentException($"not a body part: {part}"),
        }).ToArray();

    public static string Repeat(string text, int times) => new StringBuilder(text.Length * times).Insert(0, text, times).ToString();

    /// <summary><paramref name="depth"/> arrays around <paramref name="inner"/>: <c>[[[1]]]</c>.</summary>
    public static string Nested(int depth, string inner = "1") => Repeat("[", depth) + inner + Repeat("]", depth);

    /// <summary>A CSV of at least <paramref name="bytes"/> bytes: a header and rows of two numbers.</summary>
    public static byte[] CsvOf(long bytes)
    {
        var csv = new StringBuilder("a,b\n");
        while (csv.Length < bytes) csv.Append("12345,67890\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>A body of exactly <paramref name="bytes"/> bytes: a JSON object whose one string fills it.</summary>
    public static byte[] JsonOf(long bytes, string field = "pad") =>
        Encoding.UTF8.GetBytes($"{{\"{field}\":\"{new string('x', (int)bytes - field.Length - 7)}\"}}");
}
