using System.Text.Json;
using System.Text.Json.Serialization;

namespace DsApp.ServiceDefaults.Health;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthAnswer))]
public sealed partial class HealthJsonContext : JsonSerializerContext;
