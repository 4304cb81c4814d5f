using System.Text;
using System.Text.Json;
using DsApp.Tests.ModelWorker.Inference;

namespace DsApp.Tests.ModelWorker.OpenInference;

/// <summary>
/// An infer request is read as strictly as the Open Inference Protocol writes it (each value of its tensor's datatype,
/// each member of its kind), and every /v2 error carries <c>error</c>, a wrong path or method included.
/// </summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class OpenInferenceFaultTests(ModelWorkerHost host)
{
    /// <summary>Iris's four inputs, one row, as JSON tensors.</summary>
    private const string Tensors = RestClientFaultTests.Tensors;

    public static TheoryData<string, string> MisshapenInfers => new()
    {
        { Tensors.Replace("\"datatype\":\"FP32\",\"data\":[5.1]", "\"datatype\":\"INT32\",\"data\":[1.8]"), "element 0 is 1.8; each INT32 element is a whole number" },
        { Tensors.Replace("\"datatype\":\"FP32\",\"data\":[5.1]", "\"datatype\":\"UINT8\",\"data\":[300]"), "is 300; each UINT8 element is a whole number from 0 to 255" },
        { Tensors.Replace("\"datatype\":\"FP32\",\"data\":[5.1]", "\"datatype\":\"INT8\",\"data\":[-129]"), "is -129; each INT8 element is a whole number from -128 to 127" },
        { Tensors.Replace("\"datatype\":\"FP32\",\"data\":[5.1]", "\"datatype\":\"FP16\",\"data\":[70000]"), "is 70000; each FP16 element is a finite number" },
        { Tensors.Replace("{\"inputs\"", "{\"parameters\":[1],\"inputs\""), "\"parameters\" of the request is an array" },
        { Tensors.Replace("{\"inputs\"", "{\"outputs\":\"x\",\"inputs\""), "\"outputs\" of the request is a string" },
        { Tensors.Replace("{\"inputs\"", "{\"outputs\":[\"predicted_label\"],\"inputs\""), "every item of \"outputs\" is an object with a \"name\"" },
        { Tensors.Replace("{\"inputs\"", "{\"id\":42,\"inputs\""), "\"id\" of the request is a number" },
        { Tensors.Replace("\"data\":[5.1]", "\"data\":[5.1],\"parameters\":\"p\""), "\"parameters\" of input 'sepal_length' is a string" },
    };

    [Theory]
    [MemberData(nameof(MisshapenInfers))]
    public async Task An_infer_request_whose_values_or_members_do_not_fit_the_protocol_is_a_400_error_naming_the_fault(string json, string says)
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        using var response = await http.PostAsync($"/v2/models/{model}/infer", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Contains(says, await ErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task An_integer_tensor_of_whole_numbers_and_null_optional_members_are_still_taken()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        var json = Tensors.Replace("\"datatype\":\"FP32\",\"data\":[5.1]", "\"datatype\":\"INT32\",\"data\":[5]")
            .Replace("{\"inputs\"", "{\"id\":null,\"parameters\":null,\"outputs\":null,\"inputs\"");
        using var response = await http.PostAsync($"/v2/models/{model}/infer", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/v2/models/iris/nonsense", HttpStatusCode.NotFound, "No endpoint answers GET /v2/models/iris/nonsense")]
    [InlineData("GET", "/v2/models/iris/infer", HttpStatusCode.MethodNotAllowed, "does not take GET")]
    [InlineData("DELETE", "/v2/models/iris", HttpStatusCode.MethodNotAllowed, "does not take DELETE")]
    public async Task A_wrong_path_or_method_under_v2_carries_error(string method, string path, HttpStatusCode status, string says)
    {
        using var http = host.CreateClient();
        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        Assert.Contains(says, document.RootElement.GetProperty("error").GetString());
    }

    /// <summary>The <c>error</c> of an Open Inference Protocol answer (any other members allowed).</summary>
    private static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("error").GetString()!;
    }
}
