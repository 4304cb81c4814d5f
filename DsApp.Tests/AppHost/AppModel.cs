using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.Tests.AppHost;

/// <summary>The AppHost's app model built with the given settings, nothing started, and what it hands each service.</summary>
internal static class AppModel
{
    public static async Task<DistributedApplication> BuildAsync(params string[] settings)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DsApp_AppHost>(
            ["Cache:Mode=local", "Parameters:admin-key=apphost-test-admin-key-0123456789", .. settings]);
        return await builder.BuildAsync();
    }

    public static IReadOnlyList<ProjectResource> Projects(DistributedApplication app) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().ToList();

    public static ProjectResource Project(DistributedApplication app, string name) => Projects(app).Single(p => p.Name == name);

    /// <summary>The environment the AppHost would start the resource with.</summary>
    public static async Task<Dictionary<string, object>> EnvironmentOf(DistributedApplication app, IResource resource)
    {
        var variables = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), resource, variables);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>()) await callback.Callback(context);
        return variables;
    }
}
