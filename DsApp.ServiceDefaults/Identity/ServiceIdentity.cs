using System.Reflection;

namespace DsApp.ServiceDefaults.Identity;

/// <summary>What a service says of itself on <c>/health</c>: its name in the app model and its build version.</summary>
public sealed record ServiceIdentity(string Name, string Version)
{
    public static ServiceIdentity Of(Assembly assembly, string? configuredName) => new(
        configuredName ?? assembly.GetName().Name ?? "unknown",
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0");
}
