using System.Reflection;

namespace DsApp.Tests.Docs;

/// <summary>
/// The settings an options class binds, as environment variables name them (<c>Section__Property__Sub</c>): a list's
/// items as <c>__0</c>, a dictionary's entries as <c>__&lt;name&gt;</c>.
/// </summary>
public static class OptionsSettings
{
    /// <summary>Every options class of the product: a class with a <c>const string Section</c>.</summary>
    public static IEnumerable<Type> OptionsClasses() =>
        new[]
        {
            typeof(DsApp.Api.Security.BodyLimitOptions), typeof(DsApp.Ingest.Datasets.IngestOptions),
            typeof(DsApp.ModelWorker.Inference.InferenceOptions), typeof(DsApp.Platform.Storage.StorageOptions),
            typeof(DsApp.AppHost.Publishing.BundleOptions), typeof(DsApp.ServiceDefaults.Telemetry.TelemetryOptions),
        }
        .SelectMany(anchor => anchor.Assembly.GetTypes())
        .Where(type => type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true });

    public static IEnumerable<string> Of(Type options)
    {
        var section = (string)options.GetField("Section", BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;
        return Walk(options, section.Replace(":", "__"));
    }

    private static IEnumerable<string> Walk(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            var name = $"{prefix}__{property.Name}";
            var valueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(valueType)) yield return name;
            else if (valueType.IsArray && IsScalar(valueType.GetElementType()!)) yield return name + "__0";
            else if (valueType.IsGenericType && valueType.GetGenericTypeDefinition() == typeof(Dictionary<,>))
                foreach (var entry in Walk(valueType.GetGenericArguments()[1], name + "__<name>")) yield return entry;
            else foreach (var nested in Walk(valueType, name)) yield return nested;
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan);
}
