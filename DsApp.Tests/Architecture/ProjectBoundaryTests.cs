using System.Reflection;
using System.Text.Json;

namespace DsApp.Tests.Architecture;

/// <summary>
/// The platform (object store, store of record, Redis, CSV rules) is for the services behind the gateway: the gateway's
/// restore graph holds none of it, and the host defaults never reach into it.
/// </summary>
public sealed class ProjectBoundaryTests
{
    private static readonly string[] PlatformOnly = ["DsApp.Platform", "AWSSDK.", "Sylvan.", "StackExchange.Redis", "Aspire.StackExchange.Redis"];

    private static bool IsPlatform(string name) => PlatformOnly.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every package and project in a project's restore graph (its <c>obj/project.assets.json</c>), transitive ones included.</summary>
    private static IReadOnlyList<string> RestoreGraphOf(string project)
    {
        var assets = Path.Combine(RepositoryPaths.Root, project, "obj", "project.assets.json");
        using var json = JsonDocument.Parse(File.ReadAllText(assets));
        return json.RootElement.GetProperty("libraries").EnumerateObject().Select(library => library.Name.Split('/')[0]).ToList();
    }

    [Theory]
    [InlineData("DsApp.Api")]
    [InlineData("DsApp.ServiceDefaults")]
    public void The_gateway_and_the_host_defaults_restore_nothing_of_the_platform(string project)
    {
        var graph = RestoreGraphOf(project);
        Assert.Contains(graph, name => name.StartsWith("OpenTelemetry", StringComparison.Ordinal));
        Assert.DoesNotContain(graph, IsPlatform);
    }

    [Fact]
    public void The_services_behind_the_gateway_restore_the_platform()
    {
        Assert.Contains("DsApp.Platform", RestoreGraphOf("DsApp.Ingest"));
        Assert.Contains("AWSSDK.S3", RestoreGraphOf("DsApp.ModelWorker"));
    }

    [Theory]
    [InlineData(typeof(DsApp.Api.Hosting.EdgeOptions))]
    [InlineData(typeof(DsApp.ServiceDefaults.Identity.ServiceIdentity))]
    public void The_gateway_and_the_host_defaults_are_built_against_no_platform_assembly(Type anchor)
    {
        var references = anchor.Assembly.GetReferencedAssemblies().Select(reference => reference.Name ?? "").ToList();
        Assert.Contains("DsApp.ServiceDefaults", references.Append(anchor.Assembly.GetName().Name!));
        Assert.DoesNotContain(references, IsPlatform);
    }
}
