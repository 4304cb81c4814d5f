using System.Text;
using DsApp.Tests.ModelWorker.Inference;

namespace DsApp.Tests.ModelWorker.Registry;

/// <summary>
/// The model worker reads bodies sent with a Content-Encoding as what they encode, whichever way an endpoint reads its
/// body: a model created from gzip JSON, a prediction, and infer requests compressed as Triton's client compresses them
/// (<c>request_compression_algorithm</c> gzip or deflate, no Content-Type).
/// </summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class EncodedBodiesTests(ModelWorkerHost host)
{
    [Fact]
    public async Task A_model_is_created_from_gzip_json()
    {
        using var http = host.CreateClient();
        var json = Encoding.UTF8.GetBytes("""{"name":"encoded-model","task":"regression","label":"y"}""");
        using var response = await http.PostAsync("/api/models", ContentCodings.Encoded(json, "gzip", "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task A_prediction_sent_encoded_is_answered(string coding)
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        using var response = await http.PostAsync($"/api/models/{model}/predict",
            ContentCodings.Encoded(Encoding.UTF8.GetBytes(ModelApiClient.SetosaRow), coding, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("setosa", (await response.ReadJsonAsync()).GetProperty("predictions")[0].GetProperty("label").GetString());
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task An_infer_request_compressed_as_tritonclient_does_is_answered(string coding)
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        var content = new ByteArrayContent(ContentCodings.Compress(Encoding.UTF8.GetBytes(RestClientFaultTests.Tensors), coding));
        content.Headers.ContentEncoding.Add(coding);
        using var response = await http.PostAsync($"/v2/models/{model}/infer", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("setosa", (await response.ReadJsonAsync()).GetProperty("outputs")[0].GetProperty("data")[0].GetString());
    }
}
