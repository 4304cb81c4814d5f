using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DsApp.AppHost.Publishing;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.Tests.AppHost.Publishing;

/// <summary>
/// The real app model of DsApp.AppHost built in publish mode (nothing started), with secrets the
/// tests know, so they can look for them in the bundle.
/// </summary>
public sealed class PublishedModel : IAsyncLifetime
{
    public const string AdminKey = "admin-key-the-bundle-must-never-hold-0001";
    public const string InternalSecret = "internal-secret-the-bundle-must-never-hold";
    public const string AwsSecretKey = "aws-secret-the-bundle-must-never-hold";
    public const string AwsAccessKey = "AKIAKNOWNTOTHETESTS01";
    public const string LocalStorePath = "/tmp/a-local-store-the-bundle-must-not-name";

    public static readonly BundleOptions Options = new() { Registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com", Bucket = "dsapp-data", Prefix = "prod", Region = "eu-west-1" };
    public const string ImageTag = "1.2.3-0123456789ab";

    private DistributedApplication? _app;

    public DistributedApplicationModel Model { get; private set; } = null!;
    public DistributedApplicationExecutionContext ExecutionContext { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DsApp_AppHost>([
            "--operation", "publish",
            $"Parameters:admin-key={AdminKey}",
            $"Parameters:internal-secret={InternalSecret}",
            $"AWS_SECRET_ACCESS_KEY={AwsSecretKey}",
            $"AWS_ACCESS_KEY_ID={AwsAccessKey}",
            $"Storage:Path={LocalStorePath}",
        ]);
        _app = await builder.BuildAsync();
        Model = _app.Services.GetRequiredService<DistributedApplicationModel>();
        ExecutionContext = _app.Services.GetRequiredService<DistributedApplicationExecutionContext>();
    }

    public IReadOnlyList<string> ProjectNames => Model.Resources.OfType<ProjectResource>().Select(p => p.Name).ToList();

    public Task<ElasticBeanstalkBundle> BundleAsync(BundleOptions? options = null) =>
        ElasticBeanstalkBundle.CreateAsync(Model, ExecutionContext, options ?? Options, ImageTag);

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
