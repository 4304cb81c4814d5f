using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace DsApp.Tests.Infrastructure;

/// <summary>
/// The gateway in process on a real Kestrel port (real client address, real body limits), with a
/// key of each role. Its services are addresses that refuse connections unless a test gives real
/// ones, so a call the gateway lets through answers 503 and a refused one 401/403/413/429.
/// </summary>
public sealed class GatewayHost : IDisposable
{
    public const string AdminKey = "admin-key-for-gateway-tests-0001";
    public const string PredictorKey = "predictor-key-for-gateway-tests-0001";
    public const string ReaderKey = "reader-key-for-gateway-tests-0001";
    public const string Unreachable = "http://127.0.0.1:1";

    private readonly WebApplicationFactory<DsApp.Api.ApiService> _factory;

    public GatewayHost(IEnumerable<KeyValuePair<string, string?>>? settings = null, string environment = "Development", LogRecorder? logs = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Gateway:ApiKeys:admin:Hash"] = ApiKeyHash.Of(AdminKey),
            ["Gateway:ApiKeys:admin:Role"] = "admin",
            ["Gateway:ApiKeys:predictor:Hash"] = ApiKeyHash.Of(PredictorKey),
            ["Gateway:ApiKeys:predictor:Role"] = "predictor",
            ["Gateway:ApiKeys:reader:Hash"] = ApiKeyHash.Of(ReaderKey),
            ["Gateway:ApiKeys:reader:Role"] = "reader",
            ["services:ingest:http:0"] = Unreachable,
            ["services:modelworker:http:0"] = Unreachable,
        };
        foreach (var (key, value) in settings ?? []) all[key] = value;
        var port = FreePort.Next();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _factory = new WebApplicationFactory<DsApp.Api.ApiService>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(environment);
            web.UseUrls($"http://127.0.0.1:{port}");
            foreach (var (key, value) in all) web.UseSetting(key, value);
            if (logs is not null) web.ConfigureLogging(logging => logging.AddProvider(logs));
        });
        _factory.UseKestrel();
        _factory.StartServer();
    }

    public IServiceProvider Services => _factory.Services;

    public Uri BaseAddress { get; }

    public HttpClient Client(string? key = null)
    {
        // A plain client of the real port: redirects are for the test to see, not to follow.
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public static GatewayHost With(params (string Key, string? Value)[] settings) =>
        new(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)));

    public void Dispose() => _factory.Dispose();
}
