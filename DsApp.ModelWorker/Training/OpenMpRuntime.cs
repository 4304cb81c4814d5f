using System.Runtime.InteropServices;

namespace DsApp.ModelWorker.Training;

/// <summary>
/// The OpenMP runtime (<c>libgomp.so.1</c>) that LightGBM's native library links. The official ASP.NET images lack it and an
/// image built by the .NET SDK cannot install packages, so the worker ships a copy (<c>runtimes/linux-x64/native</c>, from
/// <c>deploy/native</c>; see docs/deploy.md) and loads it at start when the system has none: glibc then gives
/// <c>lib_lightgbm.so</c> the library already loaded under that soname instead of searching the system for it.
/// </summary>
public static class OpenMpRuntime
{
    public const string SoName = "libgomp.so.1";

    private static readonly Lazy<OpenMpSource> Source = new(Load);

    /// <summary>Loads the runtime once per process; says which copy is in use.</summary>
    public static OpenMpSource EnsureLoaded() => Source.Value;

    /// <summary>Where the worker's own copy is for this process's architecture (present for linux-x64).</summary>
    public static string ShippedPath => Path.Combine(AppContext.BaseDirectory, "runtimes",
        $"linux-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}", "native", SoName);

    private static OpenMpSource Load()
    {
        if (!OperatingSystem.IsLinux()) return OpenMpSource.NotNeeded;
        // The system's own first: it is built for this system's C library, and a process must not hold two OpenMP runtimes.
        if (NativeLibrary.TryLoad(SoName, out _)) return OpenMpSource.System;
        return File.Exists(ShippedPath) && NativeLibrary.TryLoad(ShippedPath, out _) ? OpenMpSource.Shipped : OpenMpSource.Missing;
    }
}
