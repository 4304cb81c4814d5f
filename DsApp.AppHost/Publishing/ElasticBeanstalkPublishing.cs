// The pipeline API is marked experimental in Aspire 13.6; it is how a custom publisher joins `aspire publish`.
#pragma warning disable ASPIREPIPELINES001, ASPIREPIPELINES004

using System.Reflection;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.AppHost.Publishing;

public static class ElasticBeanstalkPublishing
{
    public const string StepName = "elastic-beanstalk-bundle";

    /// <summary>
    /// Adds the step that writes the Elastic Beanstalk bundle to <c>aspire publish</c>
    /// (<c>dotnet run --project DsApp.AppHost -- --operation publish --output-path …</c>), from this app model.
    /// </summary>
    public static IDistributedApplicationBuilder AddElasticBeanstalkPublishing(this IDistributedApplicationBuilder builder)
    {
        builder.Pipeline.AddStep(StepName, async step =>
        {
            var options = BundleOptions.From(builder.Configuration);
            var output = options.OutputPath is { Length: > 0 } path
                ? Path.GetFullPath(path)
                : step.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory();
            var bundle = await ElasticBeanstalkBundle.CreateAsync(step.Model, step.ExecutionContext, options, options.ImageTag ?? DefaultImageTag(), step.CancellationToken);
            var zip = BundleWriter.Write(bundle.Files(), Path.Combine(output, "eb-bundle"));
            var secrets = bundle.EnvironmentProperties.Where(p => p.IsSecret).Select(p => p.Name).ToList();
            await step.ReportingStep.CompleteAsync(
                $"Elastic Beanstalk bundle for images tagged {bundle.ImageTag}: {Path.Combine(output, "eb-bundle")} and {zip}. " +
                $"Set these secrets with 'eb setenv': {string.Join(", ", secrets)}.",
                CompletionState.Completed, step.CancellationToken);
        }, requiredBy: WellKnownPipelineSteps.Publish);
        return builder;
    }

    /// <summary>The tag <c>dotnet publish -t:PublishContainer</c> gives the images: the version and the git commit (<c>0.1.0-1a2b3c4d5e6f</c>).</summary>
    public static string DefaultImageTag()
    {
        var informational = typeof(ElasticBeanstalkPublishing).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var parts = informational.Split('+', 2);
        return parts.Length == 2 && parts[1].Length >= 12 ? $"{parts[0]}-{parts[1][..12]}" : parts[0];
    }
}
