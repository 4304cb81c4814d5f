using DsApp.Api.Endpoints;
using System.Diagnostics;
using Aspire.Hosting.Testing;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DsApp.Api.Routing;
using DsApp.ServiceDefaults.Health;
using DsApp.ServiceDefaults.Security;
using DsApp.Tests.Stack;
using Microsoft.AspNetCore.Http;

namespace DsApp.Tests.Stack;

/// <summary>
/// The contract as the gateway publishes it, checked against the running app: the sweep is driven
/// by /openapi/v1.json itself, so an endpoint a service adds is swept without changing this test.
/// </summary>
[Collection(DsAppCollection.Name)]
public sealed class GatewayContractTests(DsAppFixture app)
{
    private async Task<JsonObject> DocumentAsync()
    {
        using var anonymous = app.CreateAnonymousGatewayClient();
        using var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    [Fact]
    public async Task The_document_is_openapi_3_1_and_covers_every_service_with_the_security_schemes()
    {
        var document = await DocumentAsync();
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>());
        Assert.Equal("Data Science API", document["info"]!["title"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var expected in new[] { "/info", "/health", "/alive", "/", "/openapi/v1.json", "/api/datasets", "/api/models" })
            Assert.Contains(expected, paths);
        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("X-Api-Key", schemes["ApiKey"]!["name"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["Bearer"]!["scheme"]!.GetValue<string>());
        Assert.DoesNotContain("Incomplete", document["info"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_write_endpoint_refuses_a_call_without_a_key_and_a_reader_key()
    {
        var writes = DocumentedOperation.All(await DocumentAsync()).Where(o => o.IsWrite).ToList();
        Assert.NotEmpty(writes);
        using var anonymous = app.CreateAnonymousGatewayClient();
        using var reader = app.CreateGatewayClient(DsAppFixture.ReaderKey);
        var failures = new List<string>();
        foreach (var operation in writes)
        {
            using (var response = await SendAsync(anonymous, operation))
            {
                if (response.StatusCode != HttpStatusCode.Unauthorized || response.Headers.WwwAuthenticate.Count == 0)
                    failures.Add($"{operation} without a key: {(int)response.StatusCode}, WWW-Authenticate '{response.Headers.WwwAuthenticate}'");
                await AssertErrorBodyAsync(operation, response, failures);
            }
            using (var response = await SendAsync(reader, operation))
            {
                if (response.StatusCode != HttpStatusCode.Forbidden) failures.Add($"{operation} with a reader key: {(int)response.StatusCode}");
                await AssertErrorBodyAsync(operation, response, failures);
            }
            Assert.False(operation.IsAnonymous, $"{operation} is documented as anonymous");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_read_endpoint_but_the_anonymous_ones_needs_a_key()
    {
        var reads = DocumentedOperation.All(await DocumentAsync()).Where(o => !o.IsWrite).ToList();
        using var anonymous = app.CreateAnonymousGatewayClient();
        var failures = new List<string>();
        foreach (var operation in reads)
        {
            using var response = await SendAsync(anonymous, operation);
            var refused = response.StatusCode == HttpStatusCode.Unauthorized;
            if (refused == operation.IsAnonymous) failures.Add($"{operation} documented {(operation.IsAnonymous ? "anonymous" : "with a key")} answered {(int)response.StatusCode} without a key");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_documented_endpoint_exists_and_answers_its_errors_in_the_contract_s_shape()
    {
        var operations = DocumentedOperation.All(await DocumentAsync());
        using var admin = app.CreateGatewayClient();
        var failures = new List<string>();
        foreach (var operation in operations)
        {
            using var response = await SendAsync(admin, operation);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.MethodNotAllowed || body.Contains("No endpoint answers", StringComparison.Ordinal))
                failures.Add($"{operation} is documented but not implemented: {(int)response.StatusCode} {body}");
            else if ((int)response.StatusCode >= 500)
                failures.Add($"{operation} failed: {(int)response.StatusCode} {body}");
            await AssertErrorBodyAsync(operation, response, failures);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_path_parameter_has_its_form_and_every_operation_lists_the_errors_it_can_answer()
    {
        var document = await DocumentAsync();
        var failures = new List<string>();
        foreach (var operation in DocumentedOperation.All(document))
        {
            foreach (var parameter in operation.Parameters.Where(p => p["in"]?.GetValue<string>() == "path"))
            {
                var schema = parameter["schema"] as JsonObject;
                var bounded = schema?["pattern"] is not null || (IsInteger(schema) && schema?["minimum"] is not null);
                if (!bounded) failures.Add($"{operation}: path parameter {parameter["name"]} has neither a pattern nor an integer minimum: {schema?.ToJsonString()}");
            }
            var statuses = operation.Statuses;
            void Needs(string status, string why)
            {
                if (!statuses.Contains(status)) failures.Add($"{operation} does not list {status}, yet {why}");
            }
            if (operation.HasBody) Needs("400", "it takes a body");
            if (operation.Parameters.Count > 0) Needs("400", "it takes parameters");
            if (operation.HasBody) Needs("413", "it takes a body");
            if (operation.HasBody) Needs("415", "it takes a body of given media types");
            if (!operation.IsAnonymous) Needs("401", "it needs a key");
            if (EndpointTable.Matcher.Find(operation.Method, new PathString(operation.ConcretePath)).Role > ApiRole.Reader) Needs("403", "it needs more than a reader's key");
            if (operation.Template.StartsWith("/api/", StringComparison.Ordinal) || operation.IsOpenInference) Needs("503", "its service may be down");

            // A probe's 503 is its health answer, not an error.
            if (Probes.IsProbe(new PathString(operation.Template))) continue;
            foreach (var (status, response) in operation.Responses(document).Where(r => r.Status[0] is '4' or '5'))
            {
                var content = response?["content"] as JsonObject;
                var problem = content?["application/problem+json"]?["schema"];
                var error = operation.IsOpenInference ? content?["application/json"]?["schema"] : null;
                if (problem is null && error is null)
                    failures.Add($"{operation} {status} has no error body: {(operation.IsOpenInference ? "{\"error\"} or " : "")}application/problem+json expected, found {content?.ToJsonString() ?? "none"}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static bool IsInteger(JsonObject? schema) => schema?["type"] switch
    {
        JsonValue type => type.GetValue<string>() == "integer",
        JsonArray types => types.Any(t => t?.GetValue<string>() == "integer"),
        _ => false,
    };

    [Fact]
    public async Task The_document_passes_spectral_oas_with_no_error()
    {
        var spectral = Path.Combine(RepositoryPaths.Root, ".tools", "node_modules", ".bin", "spectral");
        Assert.True(File.Exists(spectral), $"Spectral is not installed at {spectral}: run ./test.sh, which installs it.");
        var folder = Directory.CreateTempSubdirectory("dsapp-spectral-").FullName;
        try
        {
            var documentPath = Path.Combine(folder, "openapi.json");
            await File.WriteAllTextAsync(documentPath, (await DocumentAsync()).ToJsonString());
            var rulesetPath = Path.Combine(folder, ".spectral.yaml");
            await File.WriteAllTextAsync(rulesetPath, "extends: [\"spectral:oas\"]\n");
            var start = new ProcessStartInfo(spectral) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
            foreach (var argument in new[] { "lint", documentPath, "--ruleset", rulesetPath, "--format", "json", "--quiet" }) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            var text = await output;
            Assert.True(text.TrimStart().StartsWith('['), $"Spectral did not report (exit {process.ExitCode}): {text} {await errors}");
            var results = JsonNode.Parse(text)!.AsArray();
            var severe = results.Where(r => r!["severity"]!.GetValue<int>() == 0)
                .Select(r => $"{r!["code"]}: {r["message"]} at {string.Join('.', r["path"]!.AsArray().Select(p => p!.ToString()))}").ToList();
            Assert.True(severe.Count == 0, "Spectral errors:\n" + string.Join("\n", severe));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("ingest", "/api/datasets")]
    [InlineData("modelworker", "/api/models")]
    public async Task A_service_called_around_the_gateway_refuses_without_a_key_but_answers_its_probes(string service, string path)
    {
        using var direct = app.App.CreateHttpClient(service);
        using var refused = await direct.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync("/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync("/health")).StatusCode);

        direct.DefaultRequestHeaders.Add("X-Api-Key", DsAppFixture.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync(path)).StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, DocumentedOperation operation)
    {
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), operation.ConcretePath);
        // An empty object: no write in the sweep can succeed with it, so the sweep changes nothing.
        if (operation.IsWrite) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return client.SendAsync(request);
    }

    private static async Task AssertErrorBodyAsync(DocumentedOperation operation, HttpResponseMessage response, List<string> failures)
    {
        if ((int)response.StatusCode < 400) return;
        var body = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            failures.Add($"{operation} answered {(int)response.StatusCode} with a body that is not JSON: '{body}'");
            return;
        }
        if (operation.IsOpenInference)
        {
            if (!root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.String)
                failures.Add($"{operation} answered {(int)response.StatusCode} without an 'error' field: {body}");
            return;
        }
        if (mediaType != "application/problem+json" || !root.TryGetProperty("traceId", out _) || !root.TryGetProperty("status", out _))
            failures.Add($"{operation} answered {(int)response.StatusCode} {mediaType} that is not problem+json with traceId: {body}");
    }
}
