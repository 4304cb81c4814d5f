using System.Text;
using System.Text.Json;
using static DsApp.Tests.Infrastructure.TritonHttpWire;

namespace DsApp.Tests.ModelWorker.OpenInference;

/// <summary>
/// The binary tensor data extension of the Open Inference Protocol, with requests made byte for byte as tritonclient.http
/// makes them by default (binary in, binary out), read back as its InferResult reads them (<see cref="TritonHttpWire"/>).
/// </summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class OpenInferenceBinaryTests(ModelWorkerHost host)
{
    private static readonly string[] IrisFeatures = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

    // Three iris rows, one of each species, feature by feature.
    private static readonly double[][] IrisColumns = [[5.1, 6.0, 6.9], [3.5, 2.9, 3.1], [1.4, 4.5, 5.9], [0.2, 1.5, 2.3]];

    private static Input[] BinaryIris(string datatype = "FP32") =>
        IrisFeatures.Select((name, f) => Input.Binary(name, datatype, IrisColumns[f])).ToArray();

    private static string JsonIris(string? outputs = null) =>
        "{\"inputs\":[" + string.Join(",", IrisFeatures.Select((name, f) =>
            $"{{\"name\":\"{name}\",\"shape\":[3],\"datatype\":\"FP32\",\"data\":[{string.Join(",", IrisColumns[f].Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]}}"))
        + "]" + (outputs is null ? "" : $",\"outputs\":{outputs}") + "}";

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient http, string path, string json) =>
        http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<HttpResponseMessage> PostTritonAsync(HttpClient http, string path, IReadOnlyList<Input> inputs, IReadOnlyList<Output>? outputs = null, string? contentType = null)
    {
        var (body, headerLength) = Encode(inputs, outputs);
        return await http.SendAsync(Post(path, body, headerLength, contentType));
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        Assert.Equal(["error"], document.RootElement.EnumerateObject().Select(p => p.Name));
        return document.RootElement.GetProperty("error").GetString()!;
    }

    private static void AssertBinaryAnswer(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains(HeaderLength), "no Inference-Header-Content-Length on a binary answer");
    }

    private static void AssertSameNumbers(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 6);
    }

    [Fact]
    public async Task Server_metadata_lists_the_binary_tensor_data_extension()
    {
        using var http = host.CreateClient();
        var server = await (await http.GetAsync("/v2")).ReadJsonAsync();
        Assert.Contains("binary_tensor_data", server.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void The_test_encoder_writes_the_bytes_the_documented_format_gives()
    {
        // tritonclient: InferInput("x", [2], "FP32").set_data_from_numpy(np.array([1, -2], np.float32)) and no outputs named.
        var (body, headerLength) = Encode([Input.Binary("x", "FP32", 1, -2)]);
        const string header = """{"inputs":[{"name":"x","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":8}}],"parameters":{"binary_data_output":true}}""";
        Assert.Equal(header.Length, headerLength);
        Assert.Equal([.. Encoding.ASCII.GetBytes(header), 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0], body);

        // BYTES: a 4-byte little-endian length, then the UTF-8 bytes; BOOL one byte each.
        Assert.Equal([2, 0, 0, 0, (byte)'o', (byte)'k', 2, 0, 0, 0, 0xC3, 0xBC], Input.Bytes("s", "ok", "ü").Raw);
        Assert.Equal([1, 0], Input.Bools("b", true, false).Raw);
    }

    [Fact]
    public async Task A_tritonclient_default_request_binary_in_and_out_answers_the_labels_and_probabilities_of_the_json_infer()
    {
        await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        using var response = await PostTritonAsync(http, "/v2/models/iris/infer", BinaryIris());
        AssertBinaryAnswer(response);
        var binary = await DecodeAsync(response);
        Assert.Equal("iris", binary.Json.GetProperty("model_name").GetString());
        Assert.True(binary.Outputs["predicted_label"].WasBinary);
        Assert.True(binary.Outputs["probabilities"].WasBinary);
        Assert.Equal([3], binary.Outputs["predicted_label"].Shape);
        Assert.Equal([3, 3], binary.Outputs["probabilities"].Shape);
        var probabilities = binary.Json.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "probabilities");
        Assert.Equal("setosa,versicolor,virginica", probabilities.GetProperty("parameters").GetProperty("classes").GetString());

        using var jsonResponse = await PostJsonAsync(http, "/v2/models/iris/infer", JsonIris());
        var json = await DecodeAsync(jsonResponse);
        Assert.False(json.Outputs["predicted_label"].WasBinary);
        Assert.Equal(["setosa", "versicolor", "virginica"], json.Texts("predicted_label"));
        Assert.Equal(json.Texts("predicted_label"), binary.Texts("predicted_label"));
        AssertSameNumbers(json.Numbers("probabilities"), binary.Numbers("probabilities"));
    }

    [Fact]
    public async Task Outputs_asked_as_binary_come_back_binary_the_others_json_and_inputs_may_mix_json_and_binary()
    {
        await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        var inputs = BinaryIris();
        inputs[1] = Input.Json("sepal_width", "FP32", IrisColumns[1].Cast<object>().ToArray());
        // aiohttp-based clients label the body application/octet-stream; the answer does not depend on it.
        using var response = await PostTritonAsync(http, "/v2/models/iris/versions/1/infer", inputs,
            [new Output("predicted_label", Binary: false), new Output("probabilities")], contentType: "application/octet-stream");
        AssertBinaryAnswer(response);
        var answer = await DecodeAsync(response);
        Assert.False(answer.Outputs["predicted_label"].WasBinary);
        Assert.True(answer.Outputs["probabilities"].WasBinary);

        var json = await DecodeAsync(await PostJsonAsync(http, "/v2/models/iris/infer", JsonIris()));
        Assert.Equal(json.Texts("predicted_label"), answer.Texts("predicted_label"));
        AssertSameNumbers(json.Numbers("probabilities"), answer.Numbers("probabilities"));
    }

    [Fact]
    public async Task A_json_request_answers_json_unless_it_asks_for_binary_outputs()
    {
        await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        using var plain = await PostJsonAsync(http, "/v2/models/iris/infer", JsonIris());
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("application/json", plain.Content.Headers.ContentType?.MediaType);
        Assert.False(plain.Headers.Contains(HeaderLength));
        Assert.All((await plain.ReadJsonAsync()).GetProperty("outputs").EnumerateArray(), o => Assert.True(o.TryGetProperty("data", out _)));

        // tritonclient with set_data_from_numpy(..., binary_data=False): a JSON body, no header, and binary_data_output.
        var (body, headerLength) = Encode(IrisFeatures.Select((name, f) => Input.Json(name, "FP32", IrisColumns[f].Cast<object>().ToArray())).ToArray());
        Assert.Null(headerLength);
        using var asked = await http.SendAsync(Post("/v2/models/iris/infer", body, headerLength));
        AssertBinaryAnswer(asked);
        Assert.Equal(["setosa", "versicolor", "virginica"], (await DecodeAsync(asked)).Texts("predicted_label"));
    }

    [Theory]
    [InlineData("FP16")]
    [InlineData("FP64")]
    [InlineData("INT8")]
    [InlineData("INT16")]
    [InlineData("INT32")]
    [InlineData("INT64")]
    [InlineData("UINT8")]
    [InlineData("UINT16")]
    [InlineData("UINT32")]
    [InlineData("UINT64")]
    public async Task Every_numeric_datatype_sent_as_binary_predicts_as_the_same_numbers_sent_as_json(string datatype)
    {
        await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        // Whole numbers, so that every datatype holds them exactly.
        double[][] columns = [[5, 7], [3, 3], [1, 6], [0, 2]];
        var binary = await DecodeAsync(await PostTritonAsync(http, "/v2/models/iris/infer",
            IrisFeatures.Select((name, f) => Input.Binary(name, datatype, columns[f])).ToArray()));
        var json = await DecodeAsync(await PostJsonAsync(http, "/v2/models/iris/infer",
            "{\"inputs\":[" + string.Join(",", IrisFeatures.Select((name, f) => $"{{\"name\":\"{name}\",\"shape\":[2],\"datatype\":\"FP32\",\"data\":[{columns[f][0]},{columns[f][1]}]}}")) + "]}"));
        Assert.Equal(json.Texts("predicted_label"), binary.Texts("predicted_label"));
        AssertSameNumbers(json.Numbers("probabilities"), binary.Numbers("probabilities"));
    }

    private static Task? _loans;

    /// <summary>A binary classifier over integers, a string (city) and a boolean (member): BYTES and BOOL in, BOOL out.</summary>
    private Task ReadyLoansAsync() => _loans ??= TrainAsync("loans-oip", "binary-classification", "approved", ModelWorkerData.LoansCsv(400), "lbfgs");

    private static Task? _widths;

    /// <summary>Iris's petal width as a regression over the other columns, species (a string) among them: FP32 out.</summary>
    private Task ReadyWidthsAsync() => _widths ??= TrainAsync("iris-width-oip", "regression", "petal_width", ModelWorkerData.IrisCsv, "sdca");

    private async Task TrainAsync(string name, string task, string label, string csv, string trainer)
    {
        host.Ingest.Add(name, csv);
        using var http = host.CreateClient();
        (await http.CreateModelAsync(name, task, label)).EnsureSuccessStatusCode();
        var job = await http.TrainAsync(name, new { datasetId = name, trainer, seed = 1 });
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
    }

    private static Input[] BinaryLoans() =>
    [
        Input.Binary("income", "INT64", 150, 20, 90),
        Input.Binary("debt", "INT64", 10, 90, 40),
        Input.Bytes("city", "city-5", "zürich", ""),
        Input.Bools("member", true, false, true),
    ];

    private const string JsonLoans = """
        {"inputs":[
          {"name":"income","shape":[3],"datatype":"INT64","data":[150,20,90]},
          {"name":"debt","shape":[3],"datatype":"INT64","data":[10,90,40]},
          {"name":"city","shape":[3],"datatype":"BYTES","data":["city-5","zürich",""]},
          {"name":"member","shape":[3],"datatype":"BOOL","data":[true,false,true]}]}
        """;

    [Fact]
    public async Task A_string_feature_as_binary_bytes_and_a_boolean_as_binary_bool_predict_as_in_json_and_the_label_comes_back_bool()
    {
        await ReadyLoansAsync();
        using var http = host.CreateClient();
        using var response = await PostTritonAsync(http, "/v2/models/loans-oip/infer", BinaryLoans());
        AssertBinaryAnswer(response);
        var binary = await DecodeAsync(response);
        var json = await DecodeAsync(await PostJsonAsync(http, "/v2/models/loans-oip/infer", JsonLoans));
        Assert.Equal([3], binary.Outputs["predicted_label"].Shape);
        Assert.Equal(json.Flags("predicted_label"), binary.Flags("predicted_label"));
        Assert.Equal([true, false], binary.Flags("predicted_label")[..2]);
        Assert.Equal([3, 2], binary.Outputs["probabilities"].Shape);
        AssertSameNumbers(json.Numbers("probabilities"), binary.Numbers("probabilities"));
    }

    [Fact]
    public async Task A_regression_answers_its_values_as_binary_fp32()
    {
        await ReadyWidthsAsync();
        using var http = host.CreateClient();
        Input[] inputs =
        [
            Input.Binary("sepal_length", "FP32", 5.1, 6.9),
            Input.Binary("sepal_width", "FP32", 3.5, 3.1),
            Input.Binary("petal_length", "FP32", 1.4, 5.9),
            Input.Bytes("species", "setosa", "virginica"),
        ];
        using var response = await PostTritonAsync(http, "/v2/models/iris-width-oip/infer", inputs, [new Output("predicted_label")]);
        AssertBinaryAnswer(response);
        var binary = await DecodeAsync(response);
        Assert.Equal("FP32", binary.Json.GetProperty("outputs")[0].GetProperty("datatype").GetString());
        var json = await DecodeAsync(await PostJsonAsync(http, "/v2/models/iris-width-oip/infer", """
            {"inputs":[{"name":"sepal_length","shape":[2],"datatype":"FP32","data":[5.1,6.9]},{"name":"sepal_width","shape":[2],"datatype":"FP32","data":[3.5,3.1]},
                       {"name":"petal_length","shape":[2],"datatype":"FP32","data":[1.4,5.9]},{"name":"species","shape":[2],"datatype":"BYTES","data":["setosa","virginica"]}]}
            """));
        AssertSameNumbers(json.Numbers("predicted_label"), binary.Numbers("predicted_label"));
        Assert.True(binary.Numbers("predicted_label")[0] < binary.Numbers("predicted_label")[1]);
    }

    [Theory]
    [InlineData("size-not-a-multiple-of-the-element", "sepal_length")]
    [InlineData("shape-and-size-disagree", "sepal_width")]
    [InlineData("size-beyond-the-body", "petal_width")]
    [InlineData("header-longer-than-the-body", "Inference-Header-Content-Length")]
    [InlineData("header-not-a-number", "Inference-Header-Content-Length")]
    [InlineData("header-not-json", "not a JSON infer request")]
    [InlineData("unknown-datatype", "petal_length")]
    [InlineData("bytes-after-the-tensors", "after the binary tensors")]
    [InlineData("data-and-binary", "sepal_length")]
    [InlineData("not-a-finite-number", "petal_length")]
    [InlineData("negative-size", "sepal_width")]
    public async Task A_malformed_binary_request_is_a_400_error_that_says_what_is_wrong(string mistake, string named)
    {
        await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        var inputs = BinaryIris();
        switch (mistake)
        {
            case "size-not-a-multiple-of-the-element": inputs[0] = inputs[0] with { Raw = inputs[0].Raw![..7] }; break;
            case "shape-and-size-disagree": inputs[1] = inputs[1] with { Raw = NativeBytes("FP32", [3.5, 2.9]) }; break;
            case "unknown-datatype": inputs[2] = inputs[2] with { Datatype = "FP8" }; break;
            case "not-a-finite-number": inputs[2] = Input.Binary("petal_length", "FP32", 1.4, double.NaN, 5.9); break;
        }
        var (body, headerLength) = Encode(inputs);
        var header = headerLength!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = Encoding.ASCII.GetString(body, 0, headerLength.Value);
        switch (mistake)
        {
            case "size-beyond-the-body": body = body[..^4]; break;
            case "header-longer-than-the-body": header = (body.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture); break;
            case "header-not-a-number": header = "twelve"; break;
            case "header-not-json": header = (headerLength.Value + 2).ToString(System.Globalization.CultureInfo.InvariantCulture); break;
            case "bytes-after-the-tensors": body = [.. body, 0, 0, 0, 0]; break;
            case "data-and-binary": body = Rewrite(ReplaceNth(text, "\"binary_data_size\":12}", "\"binary_data_size\":12},\"data\":[1,2,3]", 0)); break;
            case "negative-size": body = Rewrite(ReplaceNth(text, "\"binary_data_size\":12", "\"binary_data_size\":-12", 1)); break;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/iris/infer") { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation(HeaderLength, header);
        Assert.Contains(named, await ErrorAsync(await http.SendAsync(request), HttpStatusCode.BadRequest));

        byte[] Rewrite(string newHeader)
        {
            header = Encoding.ASCII.GetByteCount(newHeader).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return [.. Encoding.ASCII.GetBytes(newHeader), .. body.AsSpan(headerLength!.Value)];
        }
    }

    private static string ReplaceNth(string text, string what, string with, int nth)
    {
        var at = -1;
        for (var i = 0; i <= nth; i++) at = text.IndexOf(what, at + 1, StringComparison.Ordinal);
        return text[..at] + with + text[(at + what.Length)..];
    }

    [Theory]
    [InlineData("length-past-the-end")]
    [InlineData("not-utf8")]
    [InlineData("too-few-elements")]
    [InlineData("bool-neither-0-nor-1")]
    public async Task Malformed_bytes_and_bool_tensors_are_a_400_naming_the_input(string mistake)
    {
        await ReadyLoansAsync();
        using var http = host.CreateClient();
        var inputs = BinaryLoans();
        var city = inputs[2].Raw!;
        inputs[2] = mistake switch
        {
            // The first element claims 200 bytes.
            "length-past-the-end" => inputs[2] with { Raw = [200, 0, 0, 0, .. city[4..]] },
            "not-utf8" => inputs[2] with { Raw = [2, 0, 0, 0, 0xC3, 0x28, .. city[10..]] },
            "too-few-elements" => Input.Bytes("city", "city-5", "zürich") with { Shape = [3] },
            _ => inputs[2],
        };
        if (mistake == "bool-neither-0-nor-1") inputs[3] = inputs[3] with { Raw = [1, 2, 1] };
        var named = mistake == "bool-neither-0-nor-1" ? "member" : "city";
        var message = await ErrorAsync(await PostTritonAsync(http, "/v2/models/loans-oip/infer", inputs), HttpStatusCode.BadRequest);
        Assert.Contains($"'{named}'", message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_binary_body_over_the_infer_limit_is_413_whether_its_length_is_declared_or_streamed(bool declared)
    {
        await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        var big = 1024 * 1024 / 4 + 16;
        var inputs = BinaryIris();
        inputs[0] = Input.Binary("sepal_length", "FP32", new double[big]);
        var (body, headerLength) = Encode(inputs);
        HttpContent content = declared ? new ByteArrayContent(body) : new StreamContent(new UnseekableStream(body));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/iris/infer") { Content = content };
        request.Headers.TryAddWithoutValidation(HeaderLength, headerLength!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("over", await ErrorAsync(await http.SendAsync(request), HttpStatusCode.RequestEntityTooLarge));
    }

    [Fact]
    public async Task A_body_with_the_header_but_another_media_type_is_415()
    {
        await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        using var response = await PostTritonAsync(http, "/v2/models/iris/infer", BinaryIris(), contentType: "text/csv");
        Assert.Contains("application/octet-stream", await ErrorAsync(response, HttpStatusCode.UnsupportedMediaType));
    }

    /// <summary>A body whose length HttpClient cannot know, so it is sent chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
