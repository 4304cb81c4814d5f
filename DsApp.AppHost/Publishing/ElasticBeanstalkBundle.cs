using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace DsApp.AppHost.Publishing;

/// <summary>
/// The source bundle for Elastic Beanstalk's "Docker running on 64bit Amazon Linux 2023" platform,
/// generated from the app model: every project resource becomes a compose service, its environment
/// (as the AppHost hands it over) becomes environment properties, the cache becomes ElastiCache, the
/// object store becomes the S3 bucket, and the one external endpoint is published behind the load balancer.
/// </summary>
public sealed class ElasticBeanstalkBundle
{
    public const string ComposeFile = "docker-compose.yml";
    public const string EnvironmentConfig = ".ebextensions/01-environment.config";
    public const string LoadBalancerConfig = ".ebextensions/02-load-balancer.config";
    public const string DeploymentConfig = ".ebextensions/03-deployment.config";
    public const string DnsConfig = ".ebextensions/04-dns.config";
    public const string InstancePolicy = "iam/instance-profile-policy.json";
    public const string HealthPath = "/health";
    public const string ImagePrefix = "dsapp-";

    /// <summary>
    /// How long Docker waits after SIGTERM before it kills a container: past .NET's 30 s host shutdown timeout, so uploads
    /// in flight, the last capture flush and a job handing its claim back end on their own. Docker's default is 10 s.
    /// </summary>
    public const string StopGracePeriod = "35s";

    /// <summary>Stands for the cache's connection string until the bundle puts the ElastiCache parameter in its place.</summary>
    internal const string CacheValueMarker = "\u0000cache\u0000";

    private static readonly ISerializer Yaml = new SerializerBuilder().WithQuotingNecessaryStrings().DisableAliases().Build();

    public required BundleOptions Options { get; init; }
    public required string ImageTag { get; init; }
    public required IReadOnlyList<ComposeService> Services { get; init; }

    /// <summary>What Elastic Beanstalk writes into <c>.env</c> for every container: every setting the services read.</summary>
    public required IReadOnlyList<EnvironmentProperty> EnvironmentProperties { get; init; }

    /// <summary>A service as the compose file runs it. <see cref="Environment"/>: only what differs between services.</summary>
    public sealed record ComposeService(string Name, string Image, bool IsGateway, IReadOnlyList<string> WaitsFor, IReadOnlyList<EnvironmentProperty> Environment);

    public static async Task<ElasticBeanstalkBundle> CreateAsync(DistributedApplicationModel model, DistributedApplicationExecutionContext executionContext,
        BundleOptions options, string imageTag, CancellationToken cancellationToken = default)
    {
        var failures = options.Validate().ToList();
        if (string.IsNullOrWhiteSpace(options.Bucket)) failures.Add("Publish:Bucket is required: the S3 bucket of the object store in the deployment.");
        if (failures.Count > 0) throw new InvalidOperationException("The Elastic Beanstalk bundle cannot be written: " + string.Join(" ", failures));

        var projects = model.Resources.OfType<ProjectResource>().Where(p => !p.IsExcludedFromPublish()).ToList();
        var cacheName = model.Resources.OfType<IResourceWithConnectionString>().SingleOrDefault()?.Name ?? "cache";
        var gateways = projects.Where(p => p.Annotations.OfType<EndpointAnnotation>().Any(e => e.IsExternal)).ToList();
        if (gateways.Count != 1)
            throw new InvalidOperationException($"The bundle publishes exactly one external endpoint; the app model has {gateways.Count} ({string.Join(", ", gateways.Select(g => g.Name))}).");

        var byService = new Dictionary<string, IReadOnlyList<EnvironmentProperty>>();
        foreach (var project in projects)
            byService[project.Name] = await ServiceEnvironment.ReadAsync(project, executionContext, cacheName, cancellationToken);

        // A setting every service that reads it reads with the same value is an environment property;
        // one whose value differs between services stays in that service's compose entry.
        var shared = new SortedDictionary<string, EnvironmentProperty>(StringComparer.Ordinal);
        var differing = byService.Values.SelectMany(p => p).GroupBy(p => p.Name).Where(g => g.Select(p => p.Value).Distinct().Count() > 1).Select(g => g.Key).ToHashSet();
        foreach (var property in byService.Values.SelectMany(p => p).Where(p => !differing.Contains(p.Name)))
            shared[property.Name] = property;
        foreach (var property in DeploymentSettings(options))
            shared[property.Name] = property;
        if (shared.TryGetValue("ConnectionStrings__" + cacheName, out var cache) && cache.Value == CacheValueMarker)
            shared[cache.Name] = EnvironmentProperty.Plain(cache.Name, options.CacheConnectionString);

        var services = projects.Select(project => new ComposeService(
            project.Name,
            $"{options.Registry.TrimEnd('/')}/{ImagePrefix}{project.Name}:{imageTag}",
            gateways.Contains(project),
            project.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource).OfType<ProjectResource>().Select(r => r.Name).ToList(),
            [
                EnvironmentProperty.Plain("OTEL_SERVICE_NAME", project.Name),
                EnvironmentProperty.Plain("ASPNETCORE_HTTP_PORTS", ServiceEnvironment.ContainerPort.ToString(CultureInfo.InvariantCulture)),
                .. byService[project.Name].Where(p => differing.Contains(p.Name)),
            ])).ToList();

        return new ElasticBeanstalkBundle { Options = options, ImageTag = imageTag, Services = services, EnvironmentProperties = shared.Values.ToList() };
    }

    /// <summary>What the deployment itself decides: production, the S3 store, ElastiCache, telemetry, the load balancer in front.</summary>
    private static IEnumerable<EnvironmentProperty> DeploymentSettings(BundleOptions options)
    {
        yield return EnvironmentProperty.Plain("ASPNETCORE_ENVIRONMENT", "Production");
        yield return EnvironmentProperty.Plain("Storage__Provider", "S3");
        yield return EnvironmentProperty.Plain("Storage__Bucket", options.Bucket);
        yield return EnvironmentProperty.Plain("Storage__Prefix", options.Prefix);
        yield return EnvironmentProperty.Plain("Storage__Region", options.Region);
        yield return EnvironmentProperty.Plain("OTEL_EXPORTER_OTLP_ENDPOINT", options.OtlpEndpoint);
        yield return EnvironmentProperty.Plain("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        for (var i = 0; i < options.TrustedNetworks.Length; i++)
            yield return EnvironmentProperty.Plain($"Gateway__ForwardedHeaders__KnownNetworks__{i}", options.TrustedNetworks[i]);
        // The load balancer redirects HTTP to HTTPS; the gateway only tells browsers to stay on HTTPS.
        yield return EnvironmentProperty.Plain("Gateway__Https__Hsts", options.Https ? "true" : "false");
    }

    /// <summary>The bundle's files by path relative to its root.</summary>
    public IReadOnlyDictionary<string, string> Files()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ComposeFile] = ComposeYaml(),
            [EnvironmentConfig] = EnvironmentYaml(),
            [LoadBalancerConfig] = LoadBalancerYaml(),
            [DeploymentConfig] = DeploymentYaml(),
            [InstancePolicy] = InstancePolicyJson(),
        };
        if (Options.Dns) files[DnsConfig] = DnsYaml();
        return files;
    }

    private string ComposeYaml()
    {
        var services = new Dictionary<string, object>();
        foreach (var service in Services)
        {
            var entry = new Dictionary<string, object>
            {
                ["image"] = service.Image,
                ["env_file"] = new[] { ".env" },
                ["environment"] = service.Environment.ToDictionary(p => p.Name, p => p.Value),
                ["restart"] = "unless-stopped",
                ["stop_grace_period"] = StopGracePeriod,
                ["healthcheck"] = new Dictionary<string, object>
                {
                    // The images hold no curl: bash's /dev/tcp asks /alive (is the process serving?).
                    ["test"] = new[] { "CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /alive HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == *' 200 '* ]]" },
                    ["interval"] = "10s",
                    ["timeout"] = "3s",
                    ["retries"] = 3,
                    ["start_period"] = "30s",
                },
                ["volumes"] = new[] { $"${{EB_LOG_BASE_DIR}}/{service.Name}:/app/logs" },
            };
            if (service.WaitsFor.Count > 0)
                entry["depends_on"] = service.WaitsFor.ToDictionary(name => name, _ => new Dictionary<string, string> { ["condition"] = "service_healthy" });
            if (service.IsGateway)
                entry["ports"] = new[] { $"80:{ServiceEnvironment.ContainerPort}" };
            services[service.Name] = entry;
        }
        return Header("Generated from the DsApp app model by the AppHost's publish step; do not edit, publish again.")
            + Yaml.Serialize(new Dictionary<string, object> { ["services"] = services });
    }

    private string EnvironmentYaml()
    {
        var secrets = EnvironmentProperties.Where(p => p.IsSecret).Select(p => p.Name).ToList();
        var toFill = EnvironmentProperties.Where(p => !p.IsSecret && p.Value.Length == 0).Select(p => p.Name).ToList();
        var header = Header(
            "Every setting the services read, as environment properties (Elastic Beanstalk writes them into .env).",
            "Secrets are left empty: set them with 'eb setenv NAME=value' (values set that way win over this file).",
            $"Secrets to set: {(secrets.Count == 0 ? "none" : string.Join(", ", secrets))}",
            $"Empty on purpose (fill when used): {(toFill.Count == 0 ? "none" : string.Join(", ", toFill))}");
        return header + Yaml.Serialize(new Dictionary<string, object>
        {
            ["option_settings"] = new Dictionary<string, object>
            {
                ["aws:elasticbeanstalk:application:environment"] = EnvironmentProperties.ToDictionary(p => p.Name, p => p.Value),
            },
        });
    }

    private string LoadBalancerYaml()
    {
        var settings = new Dictionary<string, object>
        {
            ["aws:elasticbeanstalk:environment"] = new Dictionary<string, string>
            {
                ["EnvironmentType"] = "LoadBalanced",
                ["LoadBalancerType"] = "application",
            },
            // The instances' port 80 is the gateway's 8080 (docker-compose.yml); the load balancer asks its /health.
            ["aws:elasticbeanstalk:environment:process:default"] = new Dictionary<string, string>
            {
                ["Port"] = "80",
                ["Protocol"] = "HTTP",
                ["HealthCheckPath"] = HealthPath,
                ["MatcherHTTPCode"] = "200",
                ["HealthCheckInterval"] = "15",
                ["HealthyThresholdCount"] = "2",
                ["UnhealthyThresholdCount"] = "3",
                ["DeregistrationTimeout"] = "20",
            },
        };
        var document = new Dictionary<string, object> { ["option_settings"] = settings };
        if (Options.Https)
        {
            settings["aws:elbv2:listener:443"] = new Dictionary<string, string>
            {
                ["ListenerEnabled"] = "true",
                ["Protocol"] = "HTTPS",
                ["SSLCertificateArns"] = Options.CertificateArn!,
                ["SSLPolicy"] = "ELBSecurityPolicy-TLS13-1-2-2021-06",
                ["DefaultProcess"] = "default",
            };
            // The HTTP listener answers every request with a permanent redirect to HTTPS.
            document["Resources"] = new Dictionary<string, object>
            {
                ["AWSEBV2LoadBalancerListener"] = new Dictionary<string, object>
                {
                    ["Type"] = "AWS::ElasticLoadBalancingV2::Listener",
                    ["Properties"] = new Dictionary<string, object>
                    {
                        ["LoadBalancerArn"] = new Dictionary<string, string> { ["Ref"] = "AWSEBV2LoadBalancer" },
                        ["Port"] = 80,
                        ["Protocol"] = "HTTP",
                        ["DefaultActions"] = new[]
                        {
                            new Dictionary<string, object>
                            {
                                ["Type"] = "redirect",
                                ["RedirectConfig"] = new Dictionary<string, string>
                                {
                                    ["Protocol"] = "HTTPS", ["Port"] = "443", ["Host"] = "#{host}", ["Path"] = "/#{path}", ["Query"] = "#{query}", ["StatusCode"] = "HTTP_301",
                                },
                            },
                        },
                    },
                },
            };
        }
        return Header(Options.Https
            ? "Application Load Balancer: HTTPS on 443 with the ACM certificate, HTTP redirected to HTTPS, health on the gateway's /health."
            : "Application Load Balancer: HTTP only (no Publish:CertificateArn was given), health on the gateway's /health.") + Yaml.Serialize(document);
    }

    private static string DeploymentYaml() =>
        Header("Rolling deployments, one instance at a time, each waiting for health before the next.") + Yaml.Serialize(new Dictionary<string, object>
        {
            ["option_settings"] = new Dictionary<string, object>
            {
                ["aws:elasticbeanstalk:command"] = new Dictionary<string, string>
                {
                    ["DeploymentPolicy"] = "Rolling", ["BatchSizeType"] = "Fixed", ["BatchSize"] = "1", ["IgnoreHealthCheck"] = "false", ["Timeout"] = "900",
                },
                ["aws:autoscaling:updatepolicy:rollingupdate"] = new Dictionary<string, string>
                {
                    ["RollingUpdateEnabled"] = "true", ["RollingUpdateType"] = "Health", ["MinInstancesInService"] = "1", ["MaxBatchSize"] = "1",
                },
                // Two instances at least, so a rolling deployment never takes the service down.
                ["aws:autoscaling:asg"] = new Dictionary<string, string> { ["MinSize"] = "2", ["MaxSize"] = "4" },
                ["aws:elasticbeanstalk:healthreporting:system"] = new Dictionary<string, string> { ["SystemType"] = "enhanced" },
                ["aws:elasticbeanstalk:cloudwatch:logs"] = new Dictionary<string, string> { ["StreamLogs"] = "true", ["RetentionInDays"] = "30", ["DeleteOnTerminate"] = "false" },
            },
        });

    private string DnsYaml()
    {
        var name = Options.Domain!.TrimEnd('.') + ".";
        return Header($"Route 53: {name} is an alias of the environment's load balancer.") + Yaml.Serialize(new Dictionary<string, object>
        {
            ["Resources"] = new Dictionary<string, object>
            {
                ["DsAppAliasRecord"] = new Dictionary<string, object>
                {
                    ["Type"] = "AWS::Route53::RecordSet",
                    ["Properties"] = new Dictionary<string, object>
                    {
                        ["HostedZoneId"] = Options.HostedZoneId!,
                        ["Name"] = name,
                        ["Type"] = "A",
                        ["AliasTarget"] = new Dictionary<string, object>
                        {
                            ["DNSName"] = new Dictionary<string, object> { ["Fn::GetAtt"] = new[] { "AWSEBV2LoadBalancer", "DNSName" } },
                            ["HostedZoneId"] = new Dictionary<string, object> { ["Fn::GetAtt"] = new[] { "AWSEBV2LoadBalancer", "CanonicalHostedZoneID" } },
                            ["EvaluateTargetHealth"] = true,
                        },
                    },
                },
            },
        });
    }

    /// <summary>Exactly what the object store does with its bucket: list, read, write, delete, and clean up a failed multipart upload.</summary>
    private string InstancePolicyJson()
    {
        var bucketArn = $"arn:aws:s3:::{Options.Bucket}";
        var prefix = Options.Prefix.Length == 0 || Options.Prefix.EndsWith('/') ? Options.Prefix : Options.Prefix + "/";
        var list = new JsonObject
        {
            ["Sid"] = "ListTheObjectStore",
            ["Effect"] = "Allow",
            ["Action"] = new JsonArray("s3:ListBucket"),
            ["Resource"] = bucketArn,
        };
        if (prefix.Length > 0)
            list["Condition"] = new JsonObject { ["StringLike"] = new JsonObject { ["s3:prefix"] = new JsonArray($"{prefix}*") } };
        var policy = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(
                list,
                new JsonObject
                {
                    ["Sid"] = "ReadWriteTheObjectStore",
                    ["Effect"] = "Allow",
                    ["Action"] = new JsonArray("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"),
                    ["Resource"] = $"{bucketArn}/{prefix}*",
                }),
        };
        return policy.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static string Header(params string[] lines) => string.Concat(lines.Select(line => $"# {line}\n"));
}
