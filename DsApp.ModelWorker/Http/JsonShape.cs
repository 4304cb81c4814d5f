using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DsApp.ModelWorker.Http;

/// <summary>Says, in a client's terms, where a JSON body went wrong and what was expected there.</summary>
public static class JsonShape
{
    /// <summary>The field a serializer's path names (<c>$.features[1]</c> → <c>features[1]</c>); <c>body</c> for the whole.</summary>
    public static string Field(string? path) => path switch
    {
        null or "$" => "body",
        _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        _ => path[1..],
    };

    /// <summary>What the value at <paramref name="path"/> of a <paramref name="root"/> must be: "a string", "a whole number", …</summary>
    public static string Expected(Type root, string? path, JsonSerializerOptions options)
    {
        var type = root;
        foreach (var segment in Segments(path))
        {
            var next = segment.Index ? ElementType(type) : PropertyType(type, segment.Name, options);
            if (next is null) return "of the type the API reference gives";
            type = next;
        }
        return Describe(type);
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>The reader's reason without the position it appends (given apart, counted from 1).</summary>
    public static string Reason(JsonException error)
    {
        var cut = error.Message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? error.Message[..cut] : error.Message).Trim().TrimEnd('.');
    }

    public static string Position(JsonException error) => $"line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}";

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "a string";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)) return "a whole number";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return "a number";
        if (type == typeof(JsonElement)) return "a JSON value";
        if (typeof(IEnumerable).IsAssignableFrom(type)) return "an array";
        return "an object";
    }

    private static Type? PropertyType(Type type, string name, JsonSerializerOptions options) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(JsonName(p, options), name, StringComparison.OrdinalIgnoreCase))?.PropertyType;

    private static string JsonName(PropertyInfo property, JsonSerializerOptions options) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? options.PropertyNamingPolicy?.ConvertName(property.Name)
        ?? property.Name;

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary><c>$.a[2]['b c']</c> → a, [2], b c.</summary>
    private static IEnumerable<(string Name, bool Index)> Segments(string? path)
    {
        if (path is null) yield break;
        var at = 1; // after '$'
        while (at < path.Length)
        {
            if (path[at] == '.')
            {
                var end = path.IndexOfAny(['.', '['], at + 1);
                if (end < 0) end = path.Length;
                yield return (path[(at + 1)..end], false);
                at = end;
            }
            else if (path.AsSpan(at).StartsWith("['"))
            {
                var end = path.IndexOf("']", at, StringComparison.Ordinal);
                if (end < 0) yield break;
                yield return (path[(at + 2)..end], false);
                at = end + 2;
            }
            else if (path[at] == '[')
            {
                var end = path.IndexOf(']', at);
                if (end < 0) yield break;
                yield return (path[(at + 1)..end], true);
                at = end + 1;
            }
            else yield break;
        }
    }
}
