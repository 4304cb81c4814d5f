using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using DsApp.Api.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DsApp.Tests.Api.Hosting;

/// <summary>Rate limits, body limits, CORS, forwarded headers and HTTPS, and the rejection counter, at a gateway on a real port.</summary>
public sealed class EdgeTests
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_key_over_its_rate_limit_gets_429_with_retry_after_while_other_keys_are_served()
    {
        using var gateway = GatewayHost.With(("Gateway:RateLimits:KeyPermitsPerSecond", "1"), ("Gateway:RateLimits:KeyBurst", "3"));
        using var reader = gateway.Client(GatewayHost.ReaderKey);
        using var admin = gateway.Client(GatewayHost.AdminKey);
        // A first call in another bucket warms the host, so the reader's calls fit in one replenishment period (1 s).
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.GetAsync("/api/models")).StatusCode);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await reader.GetAsync("/api/models")).StatusCode);

        using var refused = await reader.GetAsync("/api/models");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Contains("'reader'", (await refused.AssertProblemAsync(refused.StatusCode)).GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.GetAsync("/api/models")).StatusCode);
        // Probes are never limited: the load balancer must always get its answer.
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task Calls_without_a_key_are_limited_per_client_address_as_the_load_balancer_forwards_it()
    {
        using var gateway = GatewayHost.With(("Gateway:RateLimits:AnonymousPermitsPerSecond", "1"), ("Gateway:RateLimits:AnonymousBurst", "2"));
        using var client = gateway.Client();
        async Task<HttpStatusCode> InfoFrom(string address)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Add("X-Forwarded-For", address);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }
        // A first call from another address warms the host, so the three below fit in one replenishment period (1 s).
        Assert.Equal(HttpStatusCode.OK, await InfoFrom("192.0.2.1"));
        Assert.Equal(HttpStatusCode.OK, await InfoFrom("203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await InfoFrom("203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await InfoFrom("203.0.113.7"));
        // Another client behind the same (loopback) load balancer has its own bucket.
        Assert.Equal(HttpStatusCode.OK, await InfoFrom("198.51.100.9"));
        // Guessing keys spends the address's bucket too.
        using var guess = new HttpRequestMessage(HttpMethod.Get, "/api/models");
        guess.Headers.Add("X-Forwarded-For", "203.0.113.7");
        guess.Headers.Add("X-Api-Key", "a-guess");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(guess)).StatusCode);
    }

    [Fact]
    public async Task A_prediction_body_past_1_mib_is_413_and_one_at_the_limit_is_forwarded()
    {
        using var gateway = new GatewayHost();
        using var client = gateway.Client(GatewayHost.PredictorKey);
        var atLimit = new string(' ', 1024 * 1024 - 2);
        using var tooLarge = await client.PostAsync("/api/models/iris/predict", Json("{}" + atLimit + " "));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("1 MiB", (await tooLarge.AssertProblemAsync(tooLarge.StatusCode)).GetProperty("detail").GetString());
        using var v2 = await client.PostAsync("/v2/models/iris/infer", Json("{}" + atLimit + " "));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, v2.StatusCode);

        using var fits = await client.PostAsync("/api/models/iris/predict", Json("{}" + atLimit));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, fits.StatusCode);
    }

    [Fact]
    public async Task The_upload_limit_is_configurable()
    {
        var body = new string('x', 2 * 1024 * 1024);
        using (var gateway = new GatewayHost())
        using (var client = gateway.Client(GatewayHost.AdminKey))
        {
            using var response = await client.PutAsync("/api/datasets/big", new StringContent(body, Encoding.UTF8, "text/csv"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
        using (var gateway = GatewayHost.With(("Gateway:BodyLimits:UploadBytes", "1000000")))
        using (var client = gateway.Client(GatewayHost.AdminKey))
        {
            using var response = await client.PutAsync("/api/datasets/big", new StringContent(body, Encoding.UTF8, "text/csv"));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_body_without_a_length_is_cut_at_the_limit_with_413()
    {
        await using var backend = await EchoBackendAsync();
        using var gateway = GatewayHost.With(("services:modelworker:http:0", backend.Address));
        using var client = gateway.Client(GatewayHost.PredictorKey);
        using var small = await client.PostAsync("/api/models/iris/predict", new StreamContent(new MemoryStream(new byte[1000])) { Headers = { ContentType = new("application/json") } });
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        // StreamContent of an unseekable stream goes out chunked: no Content-Length to refuse it by.
        using var large = await client.PostAsync("/api/models/iris/predict", new StreamContent(new NonSeekableStream(new byte[3 * 1024 * 1024])) { Headers = { ContentType = new("application/json") } });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        await large.AssertProblemAsync(large.StatusCode);
    }

    [Fact]
    public async Task Cors_allows_the_configured_origins_and_refuses_others_including_at_preflight()
    {
        using var gateway = new GatewayHost([KeyValuePair.Create("Gateway:Cors:AllowedOrigins:0", (string?)"https://app.example.com")], environment: "Production");
        using var client = gateway.Client();
        async Task<HttpResponseMessage> PreflightAsync(string origin)
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/models/iris/predict");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "x-api-key,content-type");
            return await client.SendAsync(preflight);
        }
        using var allowed = await PreflightAsync("https://app.example.com");
        Assert.True(allowed.IsSuccessStatusCode, $"{allowed.StatusCode}");
        Assert.Equal("https://app.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("x-api-key", string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);

        using var refusedPreflight = await PreflightAsync("https://evil.example.net");
        Assert.False(refusedPreflight.Headers.Contains("Access-Control-Allow-Origin"));

        using var simple = new HttpRequestMessage(HttpMethod.Get, "/info");
        simple.Headers.Add("Origin", "https://app.example.com");
        using var answered = await client.SendAsync(simple);
        Assert.Equal("https://app.example.com", answered.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Any_origin_is_allowed_in_development_only()
    {
        using (var development = new GatewayHost([KeyValuePair.Create("Gateway:Cors:AllowedOrigins:0", (string?)"*")]))
        using (var client = development.Client())
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/info");
            request.Headers.Add("Origin", "http://localhost:5173");
            using var response = await client.SendAsync(request);
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
        var error = Assert.ThrowsAny<Exception>(() => new GatewayHost([KeyValuePair.Create("Gateway:Cors:AllowedOrigins:0", (string?)"*")], environment: "Production").Dispose());
        Assert.Contains("Gateway:Cors:AllowedOrigins", (error as OptionsValidationException ?? error.InnerException)?.Message);
    }

    [Fact]
    public async Task Https_is_enforced_by_redirect_and_hsts_yet_a_trusted_load_balancer_s_x_forwarded_proto_is_believed()
    {
        using (var gateway = GatewayHost.With(("Gateway:Https:Redirect", "true"), ("Gateway:Https:Hsts", "true")))
        using (var client = gateway.Client())
        {
            using var plain = await client.GetAsync("/info");
            Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
            Assert.Equal("https", plain.Headers.Location?.Scheme);

            using var behindBalancer = new HttpRequestMessage(HttpMethod.Get, "/info");
            behindBalancer.Headers.Add("X-Forwarded-Proto", "https");
            using var answered = await client.SendAsync(behindBalancer);
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            Assert.Contains("max-age=", answered.Headers.GetValues("Strict-Transport-Security").Single());
        }
        // When the load balancers are configured, a call from anywhere else is not believed.
        using (var gateway = GatewayHost.With(("Gateway:Https:Redirect", "true"), ("Gateway:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/8")))
        using (var client = gateway.Client())
        {
            using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/info");
            spoofed.Headers.Add("X-Forwarded-Proto", "https");
            using var response = await client.SendAsync(spoofed);
            Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        }
    }

    [Fact]
    public async Task Every_refusal_is_counted_by_reason_on_the_gateway_meter()
    {
        using var gateway = GatewayHost.With(("Gateway:RateLimits:KeyPermitsPerSecond", "1"), ("Gateway:RateLimits:KeyBurst", "2"));
        var scope = gateway.Services.GetRequiredService<IMeterFactory>();
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Name == "dsapp.gateway.rejections" && instrument.Meter.Scope == scope)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "reason") counts.AddOrUpdate((string)tag.Value!, value, (_, n) => n + value);
        });
        listener.Start();

        using var anonymous = gateway.Client();
        await anonymous.DeleteAsync("/api/models/iris");
        using var predictor = gateway.Client(GatewayHost.PredictorKey);
        await predictor.PostAsync("/api/models/iris/predict", Json("{}" + new string(' ', 2 * 1024 * 1024)));
        await predictor.GetAsync("/api/models");
        await predictor.GetAsync("/api/models");

        Assert.Equal(1, counts.GetValueOrDefault("auth"));
        Assert.Equal(1, counts.GetValueOrDefault("size"));
        Assert.Equal(1, counts.GetValueOrDefault("rate-limit"));
    }

    /// <summary>A real HTTP server standing in for the model worker: it reads the whole body and answers its length.</summary>
    private static Task<StandInService> EchoBackendAsync() => StandInService.StartAsync(app =>
        app.MapPost("/api/models/{name}/predict", async (HttpRequest request) =>
        {
            var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            return Results.Ok(new { length = buffer.Length });
        }));
}
