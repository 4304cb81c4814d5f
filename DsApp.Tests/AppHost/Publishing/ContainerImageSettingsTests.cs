using System.Diagnostics;
using System.Text.Json;
using DsApp.AppHost.Publishing;

namespace DsApp.Tests.AppHost.Publishing;

/// <summary>
/// The image settings as MSBuild evaluates them for <c>dotnet publish -t:PublishContainer</c>, read
/// without a registry or a container runtime (<c>dotnet msbuild -getProperty</c>).
/// </summary>
public sealed class ContainerImageSettingsTests
{
    private static async Task<JsonElement> EvaluateAsync(string project, params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        foreach (var argument in new[] { "msbuild", project, "-nologo", "-target:DsAppContainerTags",
                     "-getProperty:ContainerImageTags", "-getProperty:ContainerUser", "-getProperty:ContainerRepository",
                     "-getProperty:ContainerBaseImage", "-getProperty:Version", "-getItem:ContainerPort", "-getItem:ContainerEnvironmentVariable" }.Concat(extra))
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await output + await error);
        return JsonDocument.Parse(await output).RootElement;
    }

    private static string GitCommit()
    {
        var start = new ProcessStartInfo("git", ["rev-parse", "--short=12", "HEAD"]) { RedirectStandardOutput = true, WorkingDirectory = RepositoryPaths.Root };
        using var process = Process.Start(start)!;
        var commit = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return commit;
    }

    [Theory]
    [InlineData("DsApp.Api", "dsapp-api")]
    [InlineData("DsApp.Ingest", "dsapp-ingest")]
    [InlineData("DsApp.ModelWorker", "dsapp-modelworker")]
    public async Task Each_service_image_is_non_root_on_port_8080_tagged_with_the_version_and_the_commit(string project, string repository)
    {
        var evaluated = await EvaluateAsync(project);
        var properties = evaluated.GetProperty("Properties");
        var version = properties.GetProperty("Version").GetString()!;

        Assert.Equal(repository, properties.GetProperty("ContainerRepository").GetString());
        Assert.Equal("1654", properties.GetProperty("ContainerUser").GetString());
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", properties.GetProperty("ContainerBaseImage").GetString());
        Assert.Equal([version, $"{version}-{GitCommit()}"], properties.GetProperty("ContainerImageTags").GetString()!.Split(';'));
        Assert.Equal(["8080"], evaluated.GetProperty("Items").GetProperty("ContainerPort").EnumerateArray().Select(p => p.GetProperty("Identity").GetString()));
        var ports = evaluated.GetProperty("Items").GetProperty("ContainerEnvironmentVariable").EnumerateArray()
            .Single(v => v.GetProperty("Identity").GetString() == "ASPNETCORE_HTTP_PORTS");
        Assert.Equal("8080", ports.GetProperty("Value").GetString());
    }

    [Fact]
    public async Task The_base_image_is_configurable_and_the_bundle_runs_a_tag_the_build_produces()
    {
        var evaluated = await EvaluateAsync("DsApp.Api", "-p:ContainerBaseImage=localhost:5000/dsapp/base:bookworm");
        var properties = evaluated.GetProperty("Properties");
        Assert.Equal("localhost:5000/dsapp/base:bookworm", properties.GetProperty("ContainerBaseImage").GetString());
        // The bundle's default tag is the AppHost's version and commit: one the image build gives.
        Assert.Contains(ElasticBeanstalkPublishing.DefaultImageTag(), properties.GetProperty("ContainerImageTags").GetString()!.Split(';'));
    }
}
