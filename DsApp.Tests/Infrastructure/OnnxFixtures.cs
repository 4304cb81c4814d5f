using System.Net.Http.Headers;
using System.Text.Json;

namespace DsApp.Tests.Infrastructure;

/// <summary>
/// The scikit-learn models exported to ONNX in <c>Infrastructure/Fixtures/Onnx</c> (see its README), with what scikit-learn itself answered
/// for a few rows, and the steps that put one behind a model of the worker.
/// </summary>
public static class OnnxFixtures
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Infrastructure", "Fixtures", "Onnx");

    public static byte[] File(string name) => System.IO.File.ReadAllBytes(Path.Combine(Folder, name + ".onnx"));

    public static Expected Load(string name)
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(Folder, name + ".expected.json")));
        return new Expected(name, document.RootElement.Clone());
    }

    public static ByteArrayContent Onnx(byte[] bytes, string mediaType = "application/onnx")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    /// <summary>Creates <paramref name="model"/> with the fixture's task and features (and a label the fixture does not use).</summary>
    public static async Task CreateModelForAsync(this HttpClient http, string model, Expected expected, IEnumerable<string>? features = null)
    {
        using var created = await http.PostAsJsonAsync("/api/models", new
        {
            name = model,
            task = expected.Task,
            label = "target",
            features = features ?? expected.Features,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    /// <summary>Imports the fixture's file as <paramref name="version"/> and asserts it was taken.</summary>
    public static async Task<JsonElement> ImportOnnxAsync(this HttpClient http, string model, int version, byte[] file, string mediaType = "application/onnx")
    {
        using var imported = await http.PutAsync($"/api/models/{model}/versions/{version}", Onnx(file, mediaType));
        var body = await imported.Content.ReadAsStringAsync();
        Assert.True(imported.StatusCode == HttpStatusCode.Created, body);
        return await imported.ReadJsonAsync();
    }

    /// <summary>One fixture's <c>.expected.json</c>.</summary>
    public sealed record Expected(string Name, JsonElement Json)
    {
        public string Task => Json.GetProperty("task").GetString()!;
        public IReadOnlyList<string> Features => Json.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToList();
        public JsonElement Rows => Json.GetProperty("rows");
        public int RowCount => Rows.GetArrayLength();

        /// <summary>scikit-learn's <c>predict</c> for row <paramref name="row"/>, as text (<c>0</c>, <c>yes</c>).</summary>
        public string Label(int row) => Json.GetProperty("predict")[row].ValueKind == JsonValueKind.String
            ? Json.GetProperty("predict")[row].GetString()!
            : Json.GetProperty("predict")[row].GetRawText();

        public double Value(int row) => Json.GetProperty("predict")[row].GetDouble();

        /// <summary>scikit-learn's <c>predict_proba</c> for a row, in the order of <see cref="Classes"/>.</summary>
        public double[] Probabilities(int row) => Json.GetProperty("predict_proba")[row].EnumerateArray().Select(p => p.GetDouble()).ToArray();

        /// <summary><c>classes_</c>, as text.</summary>
        public IReadOnlyList<string> Classes => Json.GetProperty("classes").EnumerateArray()
            .Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : c.GetRawText()).ToList();

        /// <summary><c>{"instances":[...rows]}</c>: the rows as the REST predict takes them.</summary>
        public string Instances => $$"""{"instances":{{Rows.GetRawText()}}}""";

        /// <summary>The rows as an infer request: one tensor per feature, <c>[N]</c>, FP32 or BYTES.</summary>
        public string InferRequest()
        {
            var inputs = Features.Select(f =>
            {
                var values = Rows.EnumerateArray().Select(r => r.GetProperty(f)).ToList();
                var text = values[0].ValueKind == JsonValueKind.String;
                return new Dictionary<string, object>
                {
                    ["name"] = f,
                    ["shape"] = new[] { values.Count },
                    ["datatype"] = text ? "BYTES" : "FP32",
                    ["data"] = values,
                };
            });
            return JsonSerializer.Serialize(new { inputs });
        }
    }
}
