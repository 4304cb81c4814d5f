using System.Diagnostics;

namespace DsApp.AppHost.Cache;

/// <summary>
/// Whether a container runtime here can really run the Redis image: it must answer <c>info</c>
/// and have the image or be able to pull it. A runtime that answers but cannot pull counts as none.
/// </summary>
public static class ContainerRuntimeProbe
{
    public static bool CanRun(string image)
    {
        var runtime = Environment.GetEnvironmentVariable("DOTNET_ASPIRE_CONTAINER_RUNTIME") ?? "docker";
        if (ExecutableSearch.FindOnPath(runtime) is null) return false;
        return Succeeds(runtime, ["info"], TimeSpan.FromSeconds(10))
            && (Succeeds(runtime, ["image", "inspect", image], TimeSpan.FromSeconds(10))
                || Succeeds(runtime, ["pull", image], TimeSpan.FromSeconds(90)));
    }

    private static bool Succeeds(string program, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start);
            if (process is null) return false;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (process.WaitForExit(timeout)) return process.ExitCode == 0;
            process.Kill(entireProcessTree: true);
            return false;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not runnable: as good as absent
        }
    }
}
