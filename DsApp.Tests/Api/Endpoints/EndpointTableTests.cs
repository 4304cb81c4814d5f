using DsApp.Api.Endpoints;
using System.Text.Json.Nodes;
using DsApp.Api.Routing;
using DsApp.Ingest;
using DsApp.ModelWorker;
using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using DsApp.Tests.Api.Info;

namespace DsApp.Tests.Api.Endpoints;

/// <summary>
/// The gateway's <see cref="EndpointTable"/> and what the services declare where they map their endpoints say the same:
/// every operation of the merged document (built by a real gateway from the real services' documents) matches exactly
/// one rule, with the role and body class the service states, and every rule of a service names an operation it has.
/// </summary>
public sealed class EndpointTableTests(HealthFanOutTests.Stack stack) : IClassFixture<HealthFanOutTests.Stack>
{
    private async Task<JsonObject> MergedDocumentAsync()
    {
        using var gateway = GatewayHost.With(
            ("services:ingest:http:0", stack.Ingest.Address),
            ("services:modelworker:http:0", stack.Worker.Address),
            ("Gateway:InternalSecret", GatewayProof.InternalSecret));
        using var client = gateway.Client();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject();
        Assert.DoesNotContain("Incomplete", document["info"]!["description"]!.GetValue<string>());
        return document;
    }

    [Fact]
    public async Task Every_operation_of_the_merged_document_matches_exactly_one_rule_with_the_service_s_role_and_body_class()
    {
        var disagreements = EndpointFacts.Disagreements(EndpointTable.Rules, await MergedDocumentAsync());
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    [Theory]
    [InlineData("POST", "/api/models/{name}/predict", "/api/models/{name}/predict")]
    [InlineData("PUT", "/api/datasets/{id}", "/api/datasets/{id}")]
    [InlineData("GET", "/v2/health/ready", "/v2/health/ready")]
    [InlineData("GET", "/openapi/{**document}", "/openapi/v1.json")]
    public async Task A_table_without_one_of_its_rules_disagrees_with_the_services(string method, string template, string operation)
    {
        var without = EndpointTable.Rules.Where(rule => !(rule.Method == method && rule.Template == template)).ToList();
        Assert.Equal(EndpointTable.Rules.Count - 1, without.Count);
        var disagreements = EndpointFacts.Disagreements(without, await MergedDocumentAsync());
        Assert.Contains($"{method} {operation}: 0 rules match it ()", disagreements);
    }

    [Fact]
    public async Task A_rule_with_another_role_or_body_class_than_the_service_declares_disagrees()
    {
        var document = await MergedDocumentAsync();
        var predict = EndpointTable.Rules.Single(rule => rule.Template == "/api/models/{name}/predict");
        var rules = EndpointTable.Rules.Select(rule => rule == predict ? rule with { Role = ApiRole.Admin } : rule).ToList();
        Assert.Contains(EndpointFacts.Disagreements(rules, document), d => d.Contains("role", StringComparison.Ordinal));
        rules = EndpointTable.Rules.Select(rule => rule == predict ? rule with { BodyClass = BodyClass.Standard } : rule).ToList();
        Assert.Contains(EndpointFacts.Disagreements(rules, document), d => d.Contains("body class", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_tag_of_the_merged_document_is_described_where_its_endpoints_are_mapped()
    {
        var tags = (await MergedDocumentAsync())["tags"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Contains(tags, tag => tag["name"]!.GetValue<string>() == "Open Inference Protocol v2");
        var undescribed = tags.Where(tag => tag["description"]?.GetValue<string>() is not { Length: > 0 }).Select(tag => tag["name"]!.GetValue<string>()).ToList();
        Assert.True(undescribed.Count == 0, "Tags without a description: " + string.Join(", ", undescribed));
    }

    [Fact]
    public void Every_endpoint_a_service_maps_declares_the_role_it_needs()
    {
        var undeclared = new[] { ("ingest", stack.Ingest.Services), ("modelworker", stack.Worker.Services) }
            .SelectMany(service => service.Item2.GetRequiredService<EndpointDataSource>().Endpoints
                .OfType<RouteEndpoint>()
                .Where(endpoint => EndpointFactsExtensions.AccessOf(endpoint) is null)
                .Select(endpoint => $"{service.Item1}: {string.Join(",", endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])} {endpoint.RoutePattern.RawText}"))
            .ToList();
        Assert.True(undeclared.Count == 0, "Declare .RequireRole(..) or .AllowAnonymousCallers() on:\n" + string.Join("\n", undeclared));
    }

    [Fact]
    public void Each_rule_of_a_service_lies_under_one_of_the_prefixes_routed_to_it()
    {
        foreach (var rule in EndpointTable.Rules.Where(rule => rule.Owner != EndpointTable.Gateway))
        {
            var owners = EndpointTable.Prefixes.Where(p => new PathString(rule.Template).StartsWithSegments(p.Prefix)).Select(p => p.Owner).ToList();
            Assert.True(owners.SequenceEqual([rule.Owner]), $"{rule} is owned by {rule.Owner} but lies under the prefixes of [{string.Join(", ", owners)}]");
        }
    }
}

/// <summary>Where a table of rules and a merged document disagree, one line each, starting with the operation or rule.</summary>
public static class EndpointFacts
{
    public static IReadOnlyList<string> Disagreements(IReadOnlyList<EndpointRule> rules, JsonObject document)
    {
        var failures = new List<string>();
        var operations = DocumentedOperation.All(document);
        var matcher = new EndpointMatcher(rules);
        foreach (var operation in operations)
        {
            var matching = rules.Where(rule => rule.Method == operation.Method && Covers(rule.Template, operation.Template)).ToList();
            if (matching.Count != 1)
            {
                failures.Add($"{operation}: {matching.Count} rules match it ({string.Join("; ", matching)})");
                continue;
            }
            var rule = matching[0];
            // The door finds the same rule for a concrete path: no other template takes it first.
            if (!ReferenceEquals(matcher.Find(operation.Method, new PathString(operation.ConcretePath)), rule))
                failures.Add($"{operation}: the door finds {matcher.Find(operation.Method, new PathString(operation.ConcretePath))} for {operation.ConcretePath}");
            var role = rule.Role is { } r ? ApiRoles.Name(r) : EndpointAccess.AnonymousName;
            if (operation.IsAnonymous != rule.Role is null)
                failures.Add($"{operation}: the document's security says {(operation.IsAnonymous ? "anonymous" : "a key")}, the rule {role}");
            if (rule.Owner == EndpointTable.Gateway) continue;
            var declaredRole = operation.Operation[EndpointFactsExtensions.RoleExtension]?.GetValue<string>();
            if (declaredRole != role)
                failures.Add($"{operation}: the service declares the role {declaredRole ?? "(none)"}, the rule {role}");
            var declaredBody = operation.Operation[EndpointFactsExtensions.BodyClassExtension]?.GetValue<string>() ?? BodyClasses.Name(BodyClass.Standard);
            if (declaredBody != BodyClasses.Name(rule.BodyClass))
                failures.Add($"{operation}: the service declares the body class {declaredBody}, the rule {BodyClasses.Name(rule.BodyClass)}");
        }
        foreach (var rule in rules.Where(rule => rule.Owner != EndpointTable.Gateway))
        {
            if (!operations.Any(operation => operation.Method == rule.Method && Covers(rule.Template, operation.Template)))
                failures.Add($"{rule}: no service documents this operation");
        }
        return failures;
    }

    /// <summary>
    /// A rule covers an operation when their templates are the same (literal segments alike, parameters in the same
    /// places, whatever their names) or the rule's catch-all takes the operation's path.
    /// </summary>
    private static bool Covers(string rule, string operation)
    {
        var catchAll = rule.IndexOf("/{**", StringComparison.Ordinal);
        return catchAll >= 0
            ? new PathString(Shape(operation)).StartsWithSegments(Shape(rule[..catchAll]))
            : Shape(rule) == Shape(operation);
    }

    private static string Shape(string template) =>
        System.Text.RegularExpressions.Regex.Replace(template.ToLowerInvariant(), "\\{[^}]+\\}", "{}");
}
