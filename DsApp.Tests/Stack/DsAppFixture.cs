using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DsApp.Tests.Infrastructure.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.Tests.Stack;

/// <summary>
/// The whole app (Redis, ingest, modelworker, gateway) as real processes on random ports, started
/// once and shared by every test of the collection. The store is a fresh temporary folder.
/// </summary>
public class DsAppFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    public static readonly string[] Services = ["cache", "ingest", "modelworker", "api"];

    private readonly string _storePath = Directory.CreateTempSubdirectory("dsapp-app-store-").FullName;

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>Receives every span and metric the app's services export.</summary>
    public OtlpReceiver Telemetry { get; } = new();
    public string StorePath => _storePath;

    /// <summary>Extra AppHost settings a derived fixture adds (e.g. an S3 store).</summary>
    protected virtual IEnumerable<string> Settings => [];

    /// <summary>The resources the app is ready with, once healthy (a derived fixture may run more).</summary>
    public virtual IReadOnlyList<string> Resources => Services;

    /// <summary>Keys of every role: the admin key is the AppHost's parameter, the others extra keys in its Gateway section.</summary>
    public const string AdminKey = "test-admin-key-0123456789abcdef";
    public const string PredictorKey = "test-predictor-key-0123456789abcdef";
    public const string ReaderKey = "test-reader-key-0123456789abcdef";

    /// <summary>The keys and generous rate limits (tests through the gateway must not trip them by accident).</summary>
    private static readonly string[] GatewaySettings =
    [
        $"Parameters:admin-key={AdminKey}",
        $"Gateway:ApiKeys:predictor:Hash={DsApp.ServiceDefaults.Security.ApiKeyHash.Of(PredictorKey)}", "Gateway:ApiKeys:predictor:Role=predictor",
        $"Gateway:ApiKeys:reader:Hash={DsApp.ServiceDefaults.Security.ApiKeyHash.Of(ReaderKey)}", "Gateway:ApiKeys:reader:Role=reader",
        "Gateway:RateLimits:KeyPermitsPerSecond=100000", "Gateway:RateLimits:KeyBurst=100000",
        "Gateway:RateLimits:AnonymousPermitsPerSecond=10000", "Gateway:RateLimits:AnonymousBurst=10000",
    ];

    public async Task InitializeAsync()
    {
        await Telemetry.StartAsync();
        string[] args = ["Cache:Mode=local", $"Storage:Path={_storePath}", $"Telemetry:OtlpEndpoint={Telemetry.Endpoint}", .. GatewaySettings, .. Settings];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DsApp_AppHost>(args);
        App = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(timeout.Token);
        await WaitUntilHealthyAsync(Resources, timeout.Token);
    }

    /// <summary>A client of the gateway that sends the admin key (<paramref name="key"/> to send another, null for none).</summary>
    public HttpClient CreateGatewayClient(string? key = AdminKey)
    {
        var client = App.CreateHttpClient("api");
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>A client of the gateway without a key.</summary>
    public HttpClient CreateAnonymousGatewayClient() => CreateGatewayClient(null);

    public Task WaitUntilHealthyAsync(IEnumerable<string> resources, CancellationToken cancellationToken) =>
        Task.WhenAll(resources.Select(name => App.ResourceNotifications.WaitForResourceHealthyAsync(name, cancellationToken)));

    public Task<ExecuteCommandResult> RunCommandAsync(string resource, string command) =>
        App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command);

    /// <summary>Kills a resource's process tree, as a crash would, and waits until the orchestrator has seen it end.</summary>
    public async Task KillAsync(string resource, TimeSpan wait)
    {
        KillProcessOf(resource);
        await App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates).WaitAsync(wait);
    }

    /// <summary>Starts a stopped or killed resource again (the dashboard's start command) and waits until it is healthy.</summary>
    public async Task RestartAsync(string resource, TimeSpan wait)
    {
        var started = await RunCommandAsync(resource, KnownResourceCommands.StartCommand);
        Assert.True(started.Success, started.Message);
        using var timeout = new CancellationTokenSource(wait);
        // Until the new process runs, the resource still shows the killed one's end, which a health wait takes for a failed start.
        await App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.Running, timeout.Token);
        await WaitUntilHealthyAsync([resource], timeout.Token);
    }

    /// <summary>Kills the process tree of a running resource, as a crash would.</summary>
    public void KillProcessOf(string resource)
    {
        if (!App.ResourceNotifications.TryGetCurrentState(resource, out var state))
            throw new InvalidOperationException($"{resource} has no state");
        var pid = state.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value;
        using var process = System.Diagnostics.Process.GetProcessById(Convert.ToInt32(pid));
        process.Kill(entireProcessTree: true);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Telemetry.DisposeAsync();
        try { Directory.Delete(_storePath, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class DsAppCollection : ICollectionFixture<DsAppFixture>
{
    public const string Name = "the running app";
}
