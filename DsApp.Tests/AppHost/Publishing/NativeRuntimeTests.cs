using System.Diagnostics;
using System.Text.Json;
using DsApp.ModelWorker.Training;

namespace DsApp.Tests.AppHost.Publishing;

/// <summary>
/// The worker's native libraries on the official ASP.NET image (Ubuntu 24.04 with libc6, libgcc-s1 and libstdc++6, no
/// libgomp1): everything they link is there or shipped with the worker, and every trainer runs where the system has no
/// OpenMP runtime. No registry or container runtime is needed.
/// </summary>
public sealed class NativeRuntimeTests
{
    /// <summary>The sonames of the official image's libc6, libgcc-s1 and libstdc++6 packages (docs/deploy.md).</summary>
    private static readonly HashSet<string> InTheOfficialImage =
    [
        "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "ld-linux-x86-64.so.2",
        "libgcc_s.so.1", "libstdc++.so.6",
    ];

    private const string Native = "runtimes/linux-x64/native/";

    /// <summary>What <c>dotnet publish</c> (as <c>-t:PublishContainer</c> runs it) puts in the image, by path in the image, with the file it copies.</summary>
    private static async Task<Dictionary<string, string>> PublishedFilesAsync()
    {
        var start = new ProcessStartInfo("dotnet", ["msbuild", "DsApp.ModelWorker", "-nologo", "-target:ComputeResolvedFilesToPublishList", "-getItem:ResolvedFileToPublish"])
            { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await output + await error);
        return JsonDocument.Parse(await output).RootElement.GetProperty("Items").GetProperty("ResolvedFileToPublish").EnumerateArray()
            .ToDictionary(f => f.GetProperty("RelativePath").GetString()!.Replace('\\', '/'), f => f.GetProperty("FullPath").GetString()!);
    }

    [Fact]
    public async Task Every_linux_library_the_worker_publishes_finds_what_it_links_in_the_official_image_or_beside_it()
    {
        var published = await PublishedFilesAsync();
        var libraries = published.Where(f => f.Key.StartsWith(Native, StringComparison.Ordinal)
                                              && (f.Key.EndsWith(".so", StringComparison.Ordinal) || f.Key.EndsWith(".so.1", StringComparison.Ordinal)))
            .ToDictionary(f => f.Key, f => ElfLibrary.Read(f.Value));
        Assert.Contains(Native + "lib_lightgbm.so", libraries.Keys);
        var shipped = libraries.Values.Select(l => l.SoName).OfType<string>().ToHashSet();

        var missing = libraries.SelectMany(l => l.Value.Needed.Where(n => !InTheOfficialImage.Contains(n) && !shipped.Contains(n)).Select(n => $"{l.Key} needs {n}"));
        Assert.Empty(missing);
        // LightGBM's OpenMP runtime in particular, under the name the loader matches.
        Assert.Contains("libgomp.so.1", libraries[Native + "lib_lightgbm.so"].Needed);
        Assert.Equal("libgomp.so.1", libraries[Native + OpenMpRuntime.SoName].SoName);
    }

    /// <summary>The system's copies of the OpenMP runtime, which a mount namespace hides (the files they link to, once each).</summary>
    private static IEnumerable<string> SystemOpenMpRuntimes() =>
        new[] { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib" }
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, OpenMpRuntime.SoName + "*"))
            .Select(file => File.ResolveLinkTarget(file, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(file))
            .Distinct();

    [Fact]
    public async Task Every_trainer_runs_in_a_process_where_the_system_has_no_OpenMP_runtime()
    {
        Assert.True(OperatingSystem.IsLinux(), "The images are Linux; this runs on Linux.");
        // In a private mount namespace, an empty file over each of the system's libgomp.so.1 (as in the official image, where
        // none is installed): EveryTrainerTrainsInTheWorkerTests run there, in a test run of their own.
        var empty = Path.GetTempFileName();
        var results = Directory.CreateTempSubdirectory("dsapp-no-openmp-").FullName;
        try
        {
            var start = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
            // Root makes the namespace itself; anyone else as root of a user namespace of their own.
            string[] unshare = Environment.UserName == "root" ? ["--mount"] : ["--user", "--map-root-user", "--mount"];
            foreach (var argument in unshare.Concat(["--", "sh", "-ec",
                         """
                         empty=$1; shift
                         for library in "$@"; do mount --bind "$empty" "$library"; done
                         exec dotnet test "$DSAPP_TESTS" --nologo --results-directory "$DSAPP_RESULTS" --filter "FullyQualifiedName~$DSAPP_FILTER"
                         """, "sh", empty]).Concat(SystemOpenMpRuntimes()))
                start.ArgumentList.Add(argument);
            start.Environment["DSAPP_TESTS"] = typeof(NativeRuntimeTests).Assembly.Location;
            start.Environment["DSAPP_RESULTS"] = results;
            start.Environment["DSAPP_FILTER"] = typeof(EveryTrainerTrainsInTheWorkerTests).FullName;
            start.Environment[EveryTrainerTrainsInTheWorkerTests.ExpectShippedOpenMp] = "1";

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new TimeoutException(await output + await error); }

            var text = await output + await error;
            Assert.True(process.ExitCode == 0, text);
            Assert.Matches(@"Passed:\s+5\b", text); // the five trainers ran, and nothing else
            Assert.Matches(@"Failed:\s+0\b", text);
        }
        finally
        {
            File.Delete(empty);
            Directory.Delete(results, recursive: true);
        }
    }
}
