using System.Text.Json;
using System.Text.Json.Serialization;

namespace DsApp.ModelWorker.Registry;

/// <summary>How registry manifests and job state are written: the contract's JSON (camelCase, kebab-case enums).</summary>
public static class RegistryJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return options;
    }

    public static string Kebab<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>Reads a kebab-case enum name as the API takes it; false for anything else.</summary>
    public static bool TryParseKebab<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Kebab(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static string Names<TEnum>(Func<TEnum, bool>? where = null) where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetValues<TEnum>().Where(v => where?.Invoke(v) ?? true).Select(v => $"'{Kebab(v)}'"));
}
