using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DsApp.AppHost.Publishing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DsApp.Tests.AppHost.Publishing;

public sealed class ElasticBeanstalkBundleTests(PublishedModel app) : IClassFixture<PublishedModel>
{
    private const string CertificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-aaaa-bbbb-cccc-0123456789ab";

    [Fact]
    public async Task The_compose_file_runs_every_project_of_the_app_model_from_the_registry_and_publishes_only_the_gateway()
    {
        var files = (await app.BundleAsync()).Files();
        var services = BundleDocuments.Yaml(files[ElasticBeanstalkBundle.ComposeFile])["services"]!.AsObject();

        Assert.Equal(app.ProjectNames.Order(), services.Select(s => s.Key).Order());
        foreach (var (name, node) in services)
        {
            var service = node!.AsObject();
            Assert.Equal($"{PublishedModel.Options.Registry}/dsapp-{name}:{PublishedModel.ImageTag}", (string?)service["image"]);
            Assert.Equal([".env"], service["env_file"]!.AsArray().Select(e => (string?)e));
            Assert.Equal(name, (string?)service["environment"]!["OTEL_SERVICE_NAME"]);
            Assert.Equal("unless-stopped", (string?)service["restart"]);
            Assert.Contains("/alive", (string?)service["healthcheck"]!["test"]!.AsArray().Last());
            Assert.Contains($"${{EB_LOG_BASE_DIR}}/{name}:", (string?)service["volumes"]!.AsArray().Single());
            Assert.Equal(name == "api", service.ContainsKey("ports"));
        }
        Assert.Equal(["80:8080"], services["api"]!["ports"]!.AsArray().Select(p => (string?)p));
        // The gateway waits for what it waits for in the app model.
        Assert.Equal(["ingest", "modelworker"], services["api"]!["depends_on"]!.AsObject().Select(d => d.Key).Order());
    }

    [Fact]
    public async Task Docker_gives_each_service_longer_to_stop_than_the_service_takes_to_shut_down()
    {
        var services = BundleDocuments.Yaml((await app.BundleAsync()).Files()[ElasticBeanstalkBundle.ComposeFile])["services"]!.AsObject();
        // What a service allows its hosted work (uploads, capture flushes, jobs handing back their claim) once told to stop.
        using var gateway = new GatewayHost();
        var shutdown = gateway.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;

        foreach (var (name, node) in services)
        {
            var grace = ComposeDuration((string?)node!["stop_grace_period"] ?? throw new Xunit.Sdk.XunitException($"{name} has no stop_grace_period (Docker's 10 s)"));
            Assert.True(grace > shutdown, $"{name}: Docker kills it after {grace}, before its {shutdown} shutdown ends");
        }
    }

    /// <summary>A compose duration such as <c>35s</c> or <c>1m5s</c>.</summary>
    private static TimeSpan ComposeDuration(string text)
    {
        var parts = System.Text.RegularExpressions.Regex.Matches(text, @"(\d+)(ms|s|m|h)");
        Assert.Equal(text, string.Concat(parts.Select(p => p.Value)));
        return parts.Aggregate(TimeSpan.Zero, (sum, p) => sum + int.Parse(p.Groups[1].Value) * p.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(1),
            "s" => TimeSpan.FromSeconds(1),
            "m" => TimeSpan.FromMinutes(1),
            _ => TimeSpan.FromHours(1),
        });
    }

    [Fact]
    public async Task Services_reach_each_other_by_compose_name_and_the_cache_and_store_are_the_aws_parameters()
    {
        var options = PublishedModel.Options with { CacheConnectionString = "master.dsapp.abc123.euw1.cache.amazonaws.com:6379,ssl=true" };
        var properties = BundleDocuments.EnvironmentProperties((await app.BundleAsync(options)).Files());

        Assert.Equal("http://ingest:8080", (string?)properties["services__ingest__http__0"]);
        Assert.Equal("http://modelworker:8080", (string?)properties["services__modelworker__http__0"]);
        Assert.Equal(options.CacheConnectionString, (string?)properties["ConnectionStrings__cache"]);
        Assert.Equal("S3", (string?)properties["Storage__Provider"]);
        Assert.Equal("dsapp-data", (string?)properties["Storage__Bucket"]);
        Assert.Equal("prod", (string?)properties["Storage__Prefix"]);
        Assert.Equal("eu-west-1", (string?)properties["Storage__Region"]);
        Assert.Equal("Production", (string?)properties["ASPNETCORE_ENVIRONMENT"]);
        Assert.True(properties.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.True(properties.ContainsKey("Gateway__ForwardedHeaders__KnownNetworks__0"));
        // Nothing of the developer's machine rides along.
        Assert.DoesNotContain(properties, p => p.Key is "Storage__Path" or "ASPNETCORE_URLS" or "ASPNETCORE_FORWARDEDHEADERS_ENABLED" || p.Key.StartsWith("AWS_"));
    }

    [Fact]
    public async Task No_secret_value_appears_anywhere_in_the_bundle_and_each_secret_is_a_name_to_fill()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("dsapp-bundle-").FullName, "eb-bundle");
        var bundle = await app.BundleAsync();
        var zip = BundleWriter.Write(bundle.Files(), folder);

        string[] secrets =
        [
            PublishedModel.AdminKey, PublishedModel.InternalSecret, PublishedModel.AwsSecretKey, PublishedModel.AwsAccessKey,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PublishedModel.AdminKey))),
            PublishedModel.LocalStorePath,
        ];
        var texts = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        using (var archive = ZipFile.OpenRead(zip))
        {
            foreach (var entry in archive.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                texts.Add(reader.ReadToEnd());
            }
        }
        Assert.Equal(bundle.Files().Count * 2, texts.Count);
        foreach (var secret in secrets)
            Assert.DoesNotContain(texts, text => text.Contains(secret, StringComparison.OrdinalIgnoreCase));

        var properties = BundleDocuments.EnvironmentProperties(bundle.Files());
        foreach (var name in new[] { "Gateway__InternalSecret", "Gateway__ApiKeys__admin__Hash" })
        {
            Assert.Equal("", (string?)properties[name]);
            Assert.Contains(bundle.EnvironmentProperties, p => p.Name == name && p.IsSecret);
            Assert.Contains(name, bundle.Files()[ElasticBeanstalkBundle.EnvironmentConfig].Split('\n')[2]);
        }
    }

    [Fact]
    public async Task The_zip_has_docker_compose_at_its_root_with_the_ebextensions_beside_it()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("dsapp-bundle-").FullName, "eb-bundle");
        var zip = BundleWriter.Write((await app.BundleAsync()).Files(), folder);

        using var archive = ZipFile.OpenRead(zip);
        var names = archive.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("docker-compose.yml", names);
        Assert.Contains(".ebextensions/01-environment.config", names);
        Assert.All(names, name => Assert.False(name.StartsWith("eb-bundle"), name));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_https_listener_and_the_http_redirect_appear_exactly_when_a_certificate_is_given(bool withCertificate)
    {
        var options = PublishedModel.Options with { CertificateArn = withCertificate ? CertificateArn : null };
        var files = (await app.BundleAsync(options)).Files();
        var document = BundleDocuments.Yaml(files[ElasticBeanstalkBundle.LoadBalancerConfig]);
        var settings = document["option_settings"]!.AsObject();

        Assert.Equal("/health", (string?)settings["aws:elasticbeanstalk:environment:process:default"]!["HealthCheckPath"]);
        Assert.Equal("application", (string?)settings["aws:elasticbeanstalk:environment"]!["LoadBalancerType"]);
        Assert.Equal(withCertificate, settings.ContainsKey("aws:elbv2:listener:443"));
        Assert.Equal(withCertificate, document.ContainsKey("Resources"));
        if (withCertificate)
        {
            Assert.Equal(CertificateArn, (string?)settings["aws:elbv2:listener:443"]!["SSLCertificateArns"]);
            Assert.Equal("HTTPS", (string?)settings["aws:elbv2:listener:443"]!["Protocol"]);
            var redirect = document["Resources"]!["AWSEBV2LoadBalancerListener"]!["Properties"]!["DefaultActions"]!.AsArray().Single()!;
            Assert.Equal("redirect", (string?)redirect["Type"]);
            Assert.Equal("HTTPS", (string?)redirect["RedirectConfig"]!["Protocol"]);
        }
        Assert.Equal(withCertificate ? "true" : "false", (string?)BundleDocuments.EnvironmentProperties(files)["Gateway__Https__Hsts"]);
    }

    [Theory]
    [InlineData("api.example.com", "Z0123456789ABC", true)]
    [InlineData(null, null, false)]
    public async Task The_route_53_alias_appears_exactly_when_a_domain_and_hosted_zone_are_given(string? domain, string? zone, bool expected)
    {
        var options = PublishedModel.Options with { CertificateArn = CertificateArn, Domain = domain, HostedZoneId = zone };
        var files = (await app.BundleAsync(options)).Files();

        Assert.Equal(expected, files.ContainsKey(ElasticBeanstalkBundle.DnsConfig));
        Assert.Equal(expected, files.Values.Any(text => text.Contains("AWS::Route53::RecordSet")));
        if (!expected) return;
        var record = BundleDocuments.Yaml(files[ElasticBeanstalkBundle.DnsConfig])["Resources"]!.AsObject().Single().Value!;
        Assert.Equal("AWS::Route53::RecordSet", (string?)record["Type"]);
        Assert.Equal("api.example.com.", (string?)record["Properties"]!["Name"]);
        Assert.Equal(zone, (string?)record["Properties"]!["HostedZoneId"]);
        Assert.Equal(["AWSEBV2LoadBalancer", "DNSName"], record["Properties"]!["AliasTarget"]!["DNSName"]!["Fn::GetAtt"]!.AsArray().Select(n => (string?)n));
    }

    [Theory]
    [InlineData("api.example.com", null, "Publish:HostedZoneId")]
    [InlineData(null, "Z0123456789ABC", "Publish:Domain")]
    public async Task A_domain_without_its_hosted_zone_or_the_reverse_stops_the_publish_naming_both(string? domain, string? zone, string key)
    {
        var options = PublishedModel.Options with { CertificateArn = CertificateArn, Domain = domain, HostedZoneId = zone };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.BundleAsync(options));
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public async Task A_cache_connection_string_holding_a_password_or_a_missing_bucket_stops_the_publish_naming_the_key()
    {
        var password = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            app.BundleAsync(PublishedModel.Options with { CacheConnectionString = "redis.example:6379,password=hunter2" }));
        Assert.Contains("Publish:CacheConnectionString", password.Message);
        Assert.DoesNotContain("hunter2", password.Message);

        var bucket = await Assert.ThrowsAsync<InvalidOperationException>(() => app.BundleAsync(PublishedModel.Options with { Bucket = "" }));
        Assert.Contains("Publish:Bucket", bucket.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("prod")]
    public async Task The_instance_policy_grants_exactly_the_object_store_access_on_the_bucket_and_prefix(string prefix)
    {
        var files = (await app.BundleAsync(PublishedModel.Options with { Prefix = prefix })).Files();
        var policy = JsonNode.Parse(files[ElasticBeanstalkBundle.InstancePolicy])!;
        var statements = policy["Statement"]!.AsArray().Select(s => s!).ToList();

        Assert.Equal("2012-10-17", (string?)policy["Version"]);
        Assert.All(statements, s => Assert.Equal("Allow", (string?)s["Effect"]));
        var actions = statements.SelectMany(s => s["Action"]!.AsArray().Select(a => (string)a!)).Order().ToList();
        Assert.Equal(["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:ListBucket", "s3:ListMultipartUploadParts", "s3:PutObject"], actions);
        var objects = statements.Single(s => s["Action"]!.AsArray().Any(a => (string?)a == "s3:GetObject"));
        Assert.Equal(prefix.Length == 0 ? "arn:aws:s3:::dsapp-data/*" : "arn:aws:s3:::dsapp-data/prod/*", (string?)objects["Resource"]);
        var list = statements.Single(s => s["Action"]!.AsArray().Any(a => (string?)a == "s3:ListBucket"));
        Assert.Equal("arn:aws:s3:::dsapp-data", (string?)list["Resource"]);
        Assert.Equal(prefix.Length > 0, list.AsObject().ContainsKey("Condition"));
    }

    [Fact]
    public async Task Deployments_roll_one_instance_at_a_time_waiting_for_health()
    {
        var settings = BundleDocuments.Yaml((await app.BundleAsync()).Files()[ElasticBeanstalkBundle.DeploymentConfig])["option_settings"]!;
        Assert.Equal("Rolling", (string?)settings["aws:elasticbeanstalk:command"]!["DeploymentPolicy"]);
        Assert.Equal("false", (string?)settings["aws:elasticbeanstalk:command"]!["IgnoreHealthCheck"]);
        Assert.Equal("Health", (string?)settings["aws:autoscaling:updatepolicy:rollingupdate"]!["RollingUpdateType"]);
    }
}
