using System.Text;
using System.Text.Json;

namespace DsApp.Tests.Stack;

/// <summary>
/// Through the gateway to the real services (real Kestrel, real limits): an encoded upload is taken in, an encoded
/// body that decodes past the prediction limit is a 413, and a wrong path or method under /v2 answers with
/// <c>error</c>.
/// </summary>
[Collection(DsAppCollection.Name)]
public sealed class EncodedAndRefusedThroughGatewayTests(DsAppFixture app)
{
    [Fact]
    public async Task A_gzip_csv_upload_through_the_gateway_is_stored_as_the_table_it_encodes()
    {
        using var http = app.CreateGatewayClient();
        const string csv = "x,y\n1,a\n2,b\n";
        using var created = await http.PostAsync("/api/datasets?id=gzip-through", ContentCodings.Encoded(Encoding.UTF8.GetBytes(csv), "gzip", "text/csv"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(csv, await http.GetStringAsync("/api/datasets/gzip-through/content"));
    }

    [Fact]
    public async Task A_prediction_body_that_decodes_past_its_limit_is_a_413_though_small_on_the_wire()
    {
        using var http = app.CreateGatewayClient(DsAppFixture.PredictorKey);
        var bomb = new byte[10 * 1024 * 1024]; // zeros: 10 MiB decoded, about 10 KB of gzip
        using var response = await http.PostAsync("/api/models/anything/predict", ContentCodings.Encoded(bomb, "gzip", "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("GET", "/v2/models/anything/infer", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/v2/models/anything/nonsense", HttpStatusCode.NotFound)]
    public async Task A_wrong_path_or_method_under_v2_through_the_gateway_carries_error(string method, string path, HttpStatusCode status)
    {
        using var http = app.CreateGatewayClient();
        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        Assert.False(string.IsNullOrEmpty(document.RootElement.GetProperty("error").GetString()), body);
    }
}
