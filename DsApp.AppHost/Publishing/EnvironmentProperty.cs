namespace DsApp.AppHost.Publishing;

/// <summary>
/// One environment variable a service reads in the deployment. A secret carries no value in the bundle:
/// only its name, for the operator to fill with <c>eb setenv</c>.
/// </summary>
public sealed record EnvironmentProperty(string Name, string Value, bool IsSecret)
{
    public static EnvironmentProperty Secret(string name) => new(name, "", true);

    public static EnvironmentProperty Plain(string name, string value) => new(name, value, false);
}
