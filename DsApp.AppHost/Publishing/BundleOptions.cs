using Microsoft.Extensions.Configuration;

namespace DsApp.AppHost.Publishing;

/// <summary>
/// The <c>Publish</c> section of the AppHost's configuration: what the app model cannot know about the
/// AWS account it is published to. Every value here is public (names, ARNs, host names), never a secret.
/// </summary>
public sealed record BundleOptions
{
    public const string Section = "Publish";

    /// <summary>Where the images are pulled from, e.g. <c>123456789012.dkr.ecr.eu-west-1.amazonaws.com</c>.</summary>
    public string Registry { get; init; } = "localhost:5000";

    /// <summary>The image tag the bundle runs; empty means the AppHost's version and git commit (<c>0.1.0-1a2b3c4d5e6f</c>).</summary>
    public string? ImageTag { get; init; }

    /// <summary>The S3 bucket of the object store (the instance profile gets exactly this bucket).</summary>
    public string Bucket { get; init; } = "";

    /// <summary>A key prefix inside the bucket, so several environments can share it.</summary>
    public string Prefix { get; init; } = "";

    public string Region { get; init; } = "us-east-1";

    /// <summary>
    /// The ElastiCache (Redis) endpoint as a StackExchange.Redis connection string, e.g.
    /// <c>master.dsapp.abc123.euw1.cache.amazonaws.com:6379,ssl=true</c>. One holding a password is refused:
    /// a password is set with <c>eb setenv</c>, never written into a bundle.
    /// </summary>
    public string CacheConnectionString { get; init; } = "";

    /// <summary>The ACM certificate for the HTTPS listener; none means HTTP only.</summary>
    public string? CertificateArn { get; init; }

    /// <summary>With <see cref="HostedZoneId"/>: the name Route 53 points at the load balancer, e.g. <c>api.example.com</c>.</summary>
    public string? Domain { get; init; }

    public string? HostedZoneId { get; init; }

    /// <summary>An OTLP endpoint (HTTP) for traces, metrics and logs, e.g. an ADOT collector; empty sends none.</summary>
    public string OtlpEndpoint { get; init; } = "";

    /// <summary>Networks whose <c>X-Forwarded-*</c> headers the gateway believes: the VPC where the load balancer lives.</summary>
    public string[] TrustedNetworks { get; init; } = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

    /// <summary>The folder the bundle is written to; the zip goes beside it (<c>&lt;folder&gt;.zip</c>).</summary>
    public string? OutputPath { get; init; }

    public bool Https => !string.IsNullOrWhiteSpace(CertificateArn);

    public bool Dns => !string.IsNullOrWhiteSpace(Domain) && !string.IsNullOrWhiteSpace(HostedZoneId);

    public static BundleOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<BundleOptions>() ?? new BundleOptions();
        // A list given on the command line replaces the defaults rather than adding to them.
        var networks = configuration.GetSection($"{Section}:TrustedNetworks").GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        return networks.Length > 0 ? options with { TrustedNetworks = networks } : options;
    }

    /// <summary>Stops the publish naming the setting to fix, before anything is written.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(Registry)) failures.Add("Publish:Registry is required (the registry the images are pushed to, e.g. your ECR).");
        if (CacheConnectionString.Contains("password=", StringComparison.OrdinalIgnoreCase))
            failures.Add("Publish:CacheConnectionString must not hold a password: leave it out and set ConnectionStrings__cache with 'eb setenv'.");
        if (string.IsNullOrWhiteSpace(Domain) != string.IsNullOrWhiteSpace(HostedZoneId))
            failures.Add("Publish:Domain and Publish:HostedZoneId go together: give both for a Route 53 record, or neither.");
        if (Dns && !Https)
            failures.Add("Publish:Domain needs Publish:CertificateArn: a public name is served over HTTPS only.");
        if (Prefix.StartsWith('/') || Prefix.Contains(".."))
            failures.Add($"Publish:Prefix '{Prefix}' must be a relative key prefix.");
        foreach (var network in TrustedNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
            failures.Add($"Publish:TrustedNetworks: '{network}' is not a network in CIDR notation.");
        return failures;
    }
}
