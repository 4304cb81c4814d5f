using DsApp.Api.Endpoints;
using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using DsApp.Api.RateLimiting;
using DsApp.Api.Routing;
using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

BenchmarkRunner.Run<AccessCheckBenchmark>(args: args);

/// <summary>What the gateway does for every call before forwarding it, piece by piece and together.</summary>
[MemoryDiagnoser]
public class AccessCheckBenchmark
{
    private const string Key = "a3f1c9e07b5d42a8b6e2d4f0c8a1b3e5d7f9a2c4";
    private ApiKeyRing _ring = null!;
    private ClientRateLimiter _limiter = null!;
    private DefaultHttpContext _context = null!;
    private readonly PathString _path = "/api/models/iris/predict";

    [Params(3, 20)]
    public int ConfiguredKeys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = new GatewaySecurityOptions();
        for (var i = 1; i < ConfiguredKeys; i++)
            options.ApiKeys[$"other-{i}"] = new ApiKeyEntry { Hash = ApiKeyHash.Of($"other-key-{i}"), Role = "reader" };
        options.ApiKeys["bench"] = new ApiKeyEntry { Hash = ApiKeyHash.Of(Key), Role = "predictor" };
        _ring = new ApiKeyRing(Options.Create(options));
        _limiter = new ClientRateLimiter(Options.Create(new RateLimitOptions { KeyPermitsPerSecond = 10_000_000, KeyBurst = 10_000_000 }));
        _context = new DefaultHttpContext();
        _context.Request.Method = "POST";
        _context.Request.Path = _path;
        _context.Request.Headers["X-Api-Key"] = Key;
        _context.Connection.RemoteIpAddress = IPAddress.Loopback;
    }

    [Benchmark]
    public ApiKeyIdentity? FindKey() => _ring.Find(Key);

    [Benchmark]
    public bool RateLimitPermit()
    {
        using var lease = _limiter.Acquire(_ring.Find(Key), IPAddress.Loopback);
        return lease.IsAcquired;
    }

    /// <summary>The whole door: read the header, find the key, take a permit, find the endpoint's rule, check its role and body class.</summary>
    [Benchmark]
    public bool WholeCheck()
    {
        var request = _context.Request;
        var presentation = PresentedKey.Read(request, out var key);
        var identity = presentation == KeyPresentation.Present ? _ring.Find(key) : null;
        using var lease = _limiter.Acquire(identity, _context.Connection.RemoteIpAddress);
        var rule = EndpointTable.Matcher.Find(request.Method, request.Path);
        return lease.IsAcquired && identity is not null && rule.Role is { } role && identity.Allows(role) && rule.BodyClass != BodyClass.Upload;
    }
}
