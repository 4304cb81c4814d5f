using System.Text.Json.Nodes;

namespace DsApp.Tests.AppHost.Publishing;

/// <summary>
/// The garbage collector each service runs with, as its build writes it into the runtimeconfig.json that ships beside it
/// (in the image and the bundle alike). The gateway and the worker, on every prediction's path, run server GC without
/// DATAS: its gen0 budget follows the small live heap, and so they paused several times as often (docs/benchmarks.md).
/// </summary>
public sealed class GarbageCollectorSettingsTests
{
    private static JsonObject ConfigProperties(string service)
    {
        var path = Path.Combine(AppContext.BaseDirectory, $"{service}.runtimeconfig.json");
        return JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!.AsObject();
    }

    [Theory]
    [InlineData("DsApp.Api")]
    [InlineData("DsApp.ModelWorker")]
    public void The_services_on_the_prediction_path_run_server_gc_with_its_own_gen0_budget(string service)
    {
        var properties = ConfigProperties(service);

        Assert.True((bool?)properties["System.GC.Server"]);
        Assert.Equal(0, (int?)properties["System.GC.DynamicAdaptationMode"]);
    }

    [Fact]
    public void Ingest_keeps_the_heap_sized_to_its_uploads()
    {
        var properties = ConfigProperties("DsApp.Ingest");

        Assert.True((bool?)properties["System.GC.Server"]);
        Assert.False(properties.ContainsKey("System.GC.DynamicAdaptationMode"), "ingest runs DATAS, the runtime's default");
    }
}
