using System.Text.Json;
using Microsoft.Extensions.Options;

namespace DsApp.Tests.Api.Security;

public sealed class ApiKeyTests : IClassFixture<ApiKeyTests.Host>
{
    public sealed class Host() : IDisposable
    {
        public GatewayHost Gateway { get; } = new();
        public void Dispose() => Gateway.Dispose();
    }

    private readonly GatewayHost _gateway;

    public ApiKeyTests(Host host) => _gateway = host.Gateway;

    private static HttpRequestMessage Request(string method, string path, string? key = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        return request;
    }

    [Fact]
    public async Task A_call_without_a_key_is_401_challenging_for_both_ways_of_sending_one()
    {
        using var client = _gateway.Client();
        using var response = await client.GetAsync("/api/datasets");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenges = response.Headers.WwwAuthenticate.Select(c => c.Scheme).ToList();
        Assert.Contains("Bearer", challenges);
        Assert.Contains("ApiKey", challenges);
        Assert.Contains("X-Api-Key", (await response.AssertProblemAsync(response.StatusCode)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unknown_key_is_401_as_an_invalid_token()
    {
        using var client = _gateway.Client("not-a-key-anyone-was-given");
        using var response = await client.GetAsync("/api/models");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, c => c.Scheme == "Bearer" && c.Parameter!.Contains("invalid_token"));
        Assert.Equal("The API key is not valid.", (await response.AssertProblemAsync(response.StatusCode)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("Authorization", "Basic YWRtaW46YWRtaW4=")]
    [InlineData("Authorization", "Bearer ")]
    [InlineData("X-Api-Key", " ")]
    public async Task A_malformed_key_is_401_saying_so(string header, string value)
    {
        using var client = _gateway.Client();
        using var request = Request("GET", "/api/models");
        request.Headers.TryAddWithoutValidation(header, value);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("malformed", (await response.AssertProblemAsync(response.StatusCode)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Two_different_keys_in_one_request_are_malformed_even_if_one_is_valid()
    {
        using var client = _gateway.Client(GatewayHost.AdminKey);
        using var request = Request("GET", "/api/models");
        request.Headers.Authorization = new("Bearer", GatewayHost.ReaderKey);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_key_works_as_bearer_token_as_well_as_in_x_api_key()
    {
        using var client = _gateway.Client();
        using var request = Request("DELETE", "/api/datasets/iris");
        request.Headers.Authorization = new("Bearer", GatewayHost.AdminKey);
        using var response = await client.SendAsync(request);
        // Let through: the service behind is down, which only a forwarded call can find out.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Theory]
    [InlineData(GatewayHost.ReaderKey, "GET", "/api/models/iris/versions", HttpStatusCode.ServiceUnavailable)]
    [InlineData(GatewayHost.ReaderKey, "GET", "/v2/models/iris", HttpStatusCode.ServiceUnavailable)]
    [InlineData(GatewayHost.ReaderKey, "POST", "/api/models/iris/predict", HttpStatusCode.Forbidden)]
    [InlineData(GatewayHost.ReaderKey, "POST", "/v2/models/iris/infer", HttpStatusCode.Forbidden)]
    [InlineData(GatewayHost.ReaderKey, "POST", "/api/samples/iris", HttpStatusCode.Forbidden)]
    [InlineData(GatewayHost.PredictorKey, "POST", "/api/models/iris/predict", HttpStatusCode.ServiceUnavailable)]
    [InlineData(GatewayHost.PredictorKey, "POST", "/v2/models/iris/versions/2/infer", HttpStatusCode.ServiceUnavailable)]
    [InlineData(GatewayHost.PredictorKey, "GET", "/api/jobs", HttpStatusCode.ServiceUnavailable)]
    [InlineData(GatewayHost.PredictorKey, "POST", "/api/models/iris/batch-predictions", HttpStatusCode.Forbidden)]
    [InlineData(GatewayHost.PredictorKey, "POST", "/api/models", HttpStatusCode.Forbidden)]
    [InlineData(GatewayHost.PredictorKey, "DELETE", "/api/jobs/123", HttpStatusCode.Forbidden)]
    [InlineData(GatewayHost.AdminKey, "PATCH", "/api/models/iris", HttpStatusCode.ServiceUnavailable)]
    [InlineData(GatewayHost.AdminKey, "PUT", "/api/datasets/iris", HttpStatusCode.ServiceUnavailable)]
    [InlineData(GatewayHost.AdminKey, "POST", "/api/models/iris/predict", HttpStatusCode.ServiceUnavailable)]
    public async Task Each_role_is_let_through_exactly_where_the_contract_says(string key, string method, string path, HttpStatusCode expected)
    {
        using var client = _gateway.Client();
        using var response = await client.SendAsync(Request(method, path, key));
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden) Assert.Contains("needs", (await response.AssertProblemAsync(response.StatusCode)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/info", HttpStatusCode.OK)]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK)]
    [InlineData("/alive", HttpStatusCode.OK)]
    [InlineData("/health", HttpStatusCode.ServiceUnavailable)]
    [InlineData("/v2/health/live", HttpStatusCode.ServiceUnavailable)]
    [InlineData("/v2/health/ready", HttpStatusCode.ServiceUnavailable)]
    public async Task The_anonymous_endpoints_need_no_key(string path, HttpStatusCode expected)
    {
        using var client = _gateway.Client();
        using var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_refusal_on_an_open_inference_path_also_carries_the_error_field_its_clients_read()
    {
        using var client = _gateway.Client(GatewayHost.ReaderKey);
        using var response = await client.SendAsync(Request("POST", "/v2/models/iris/infer"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.AssertProblemAsync(response.StatusCode);
        Assert.Equal(problem.GetProperty("detail").GetString(), problem.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_key_is_never_forwarded_nor_echoed()
    {
        using var client = _gateway.Client(GatewayHost.ReaderKey);
        using var response = await client.SendAsync(Request("POST", "/api/models"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(GatewayHost.ReaderKey, body);
        Assert.DoesNotContain(GatewayHost.ReaderKey, response.Headers.ToString());
    }

    [Theory]
    [InlineData("Gateway:ApiKeys:ops:Hash", "abc123", "Gateway:ApiKeys:ops:Hash")]
    [InlineData("Gateway:ApiKeys:ops:Role", "root", "Gateway:ApiKeys:ops:Role")]
    public void A_badly_configured_key_stops_the_gateway_naming_the_setting(string setting, string value, string named)
    {
        var settings = new List<(string, string?)> { ("Gateway:ApiKeys:ops:Hash", new string('a', 64)), ("Gateway:ApiKeys:ops:Role", "admin") };
        settings.RemoveAll(s => s.Item1 == setting);
        settings.Add((setting, value));
        var error = Assert.ThrowsAny<Exception>(() => GatewayHost.With([.. settings]).Dispose());
        var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException;
        Assert.NotNull(validation);
        Assert.Contains(named, validation.Message);
    }
}
