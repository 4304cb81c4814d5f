namespace DsApp.AppHost.Cache;

/// <summary>Finds a program on the PATH the way a shell would.</summary>
public static class ExecutableSearch
{
    public static string? FindOnPath(string program, string? path = null)
    {
        path ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(candidate => File.Exists(candidate) && IsExecutable(candidate));
    }

    private static bool IsExecutable(string file) => OperatingSystem.IsWindows()
        || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
