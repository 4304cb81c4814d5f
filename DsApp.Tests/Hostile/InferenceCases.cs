using System.Globalization;
using static DsApp.Tests.Hostile.Bodies;

namespace DsApp.Tests.Hostile;

/// <summary>
/// <c>/v2</c> infer requests whose tensors do not add up: shape against data, missing and unknown inputs, impossible
/// shapes, binary tensor data whose declared lengths lie; and the repository extension's bodies. Each is a 400 (404 for
/// what does not exist, 413 past a limit) with the Open Inference Protocol's <c>{"error"}</c> naming the fault.
/// </summary>
public static class InferenceCases
{
    private static readonly string Infer = $"/v2/models/{HostileStack.Model}/infer";

    private static string Input(string name, string shape = "[1]", string datatype = "\"FP32\"", string data = "[5.9]") =>
        $"{{\"name\":\"{name}\",\"shape\":{shape},\"datatype\":{datatype},\"data\":{data}}}";

    private static readonly string[] OtherInputs = [Input("sepal_width"), Input("petal_length"), Input("petal_width")];

    /// <summary>An infer request of <paramref name="first"/> and the three other iris inputs, valid.</summary>
    private static string With(string first) => $"{{\"inputs\":[{string.Join(",", [first, .. OtherInputs])}]}}";

    public static IEnumerable<HostileCase> All()
    {
        // The request is not one
        yield return Json("request-an-array", "[]", "inputs");
        yield return Json("request-a-string", "\"infer\"", "inputs");
        yield return Json("no-inputs", "{}", "\"inputs\" must be a non-empty array");
        yield return Json("inputs-empty", """{"inputs":[]}""", "\"inputs\" must be a non-empty array");
        yield return Json("inputs-an-object", """{"inputs":{}}""", "\"inputs\" must be a non-empty array");
        yield return Json("inputs-null", """{"inputs":null}""", "\"inputs\" must be a non-empty array");
        yield return Json("input-a-number", """{"inputs":[5]}""", "needs a \"name\"");
        yield return Json("input-without-a-name", With("""{"shape":[1],"datatype":"FP32","data":[1]}"""), "needs a \"name\"");
        yield return Json("input-name-a-number", With("""{"name":7,"shape":[1],"datatype":"FP32","data":[1]}"""), "needs a \"name\"");
        yield return Json("body-empty", "", "JSON");
        yield return Json("body-not-json", "{\"inputs\":[", "JSON");
        yield return Json("nesting-past-64", With(Input("sepal_length", data: Nested(100, "5.9"))), "depth");
        // Which inputs
        yield return Json("unknown-input", With(Input("colour")), "'colour' is not a feature");
        yield return Json("input-twice", With(Input("sepal_width")), "'sepal_width' is given twice");
        yield return Json("input-missing", $"{{\"inputs\":[{string.Join(",", OtherInputs)}]}}", "missing input tensor(s): sepal_length");
        yield return Json("input-name-a-lone-surrogate", With(Input("\\ud800")), "surrogate");
        yield return Json("input-name-in-another-case", With(Input("Sepal_Length")), "'Sepal_Length' is not a feature");
        // Shape against data
        yield return Json("no-shape", With("""{"name":"sepal_length","datatype":"FP32","data":[5.9]}"""), "'sepal_length' needs a \"shape\"");
        yield return Json("shape-a-string", With(Input("sepal_length", shape: "\"1\"")), "'sepal_length' needs a \"shape\"");
        yield return Json("shape-negative", With(Input("sepal_length", shape: "[-1]")), "'sepal_length' has shape [-1]");
        yield return Json("shape-empty", With(Input("sepal_length", shape: "[]")), "'sepal_length' has shape []");
        yield return Json("shape-of-three-dimensions", With(Input("sepal_length", shape: "[1,1,1]")), "'sepal_length' has shape [1,1,1]");
        yield return Json("shape-n-by-2", With(Input("sepal_length", shape: "[1,2]", data: "[5.9,6.1]")), "'sepal_length' has shape [1,2]");
        yield return Json("shape-a-fraction", With(Input("sepal_length", shape: "[1.5]")), "'sepal_length' has shape");
        yield return Json("shape-past-int", With(Input("sepal_length", shape: "[2147483648]")), "'sepal_length' has shape");
        yield return Json("shape-more-than-data", With(Input("sepal_length", shape: "[2]")), "shape says 2 values but data has 1");
        yield return Json("shape-less-than-data", With(Input("sepal_length", data: "[5.9,6.1]")), "shape says 1 values but data has 2");
        yield return Json("data-nested-deeper-than-the-shape", With(Input("sepal_length", data: "[[[5.9]]]")), "'sepal_length'", "shape");
        yield return Json("rows-differ-between-inputs", With(Input("sepal_length", shape: "[2]", data: "[5.9,6.1]")), "has 1 rows but another input has 2");
        yield return Json("no-rows", $"{{\"inputs\":[{string.Join(",", new[] { "sepal_length", "sepal_width", "petal_length", "petal_width" }.Select(n => Input(n, shape: "[0]", data: "[]")))}]}}", "no rows");
        // Data
        yield return Json("no-data", With("""{"name":"sepal_length","shape":[1],"datatype":"FP32"}"""), "'sepal_length' has no \"data\"");
        yield return Json("data-a-string", With(Input("sepal_length", data: "[\"wide\"]")), "'sepal_length': element 0 is \"wide\"", "FP32");
        yield return Json("data-null", With(Input("sepal_length", data: "[null]")), "'sepal_length': element 0 is null", "FP32");
        yield return Json("data-an-object", With(Input("sepal_length", data: "[{\"v\":1}]")), "'sepal_length': element 0", "FP32");
        yield return Json("data-past-float", With(Input("sepal_length", data: "[1e39]")), "'sepal_length': element 0 is 1e39", "at most 3.40282347E+38");
        yield return Json("data-nan-literal", With(Input("sepal_length", data: "[NaN]")), "JSON");
        yield return Json("data-second-element-bad", With(Input("sepal_length", shape: "[2]", data: "[5.9,\"x\"]")).Replace(Input("sepal_width"), Input("sepal_width", shape: "[2]", data: "[3,3]")), "element 1");
        // What the path names
        yield return new HostileCase("inference/model-that-does-not-exist", Door.Worker, "POST", "/v2/models/{new}/infer", 404, "{new}")
            { ContentType = "application/json", Body = Utf8(With(Input("sepal_length"))) };
        yield return Json("version-zero", With(Input("sepal_length")), "not a version number") with { Target = $"/v2/models/{HostileStack.Model}/versions/0/infer" };
        yield return Json("version-text", With(Input("sepal_length")), "not a version number") with { Target = $"/v2/models/{HostileStack.Model}/versions/latest/infer" };
        yield return Json("version-past-int", With(Input("sepal_length")), "not a version number") with { Target = $"/v2/models/{HostileStack.Model}/versions/99999999999/infer" };
        yield return Json("version-that-does-not-exist", With(Input("sepal_length")), "99") with { Target = $"/v2/models/{HostileStack.Model}/versions/99/infer", Status = 404 };

        // Binary tensor data: lengths that lie
        var json = With(BinaryInput("sepal_length", "4"));
        yield return Binary("header-length-past-the-body", json, Fp32(5.9f), headerLength: "1000", "Inference-Header-Content-Length is 1000");
        yield return Binary("header-length-negative", json, Fp32(5.9f), headerLength: "-1", "Inference-Header-Content-Length", "not a number");
        yield return Binary("header-length-hex", json, Fp32(5.9f), headerLength: "0x10", "Inference-Header-Content-Length", "not a number");
        yield return Binary("header-length-past-int", json, Fp32(5.9f), headerLength: "99999999999", "Inference-Header-Content-Length", "not a number");
        yield return Binary("header-length-empty", json, Fp32(5.9f), headerLength: "", "Inference-Header-Content-Length", "not a number");
        yield return Binary("header-length-zero", json, Fp32(5.9f), headerLength: "0", "not a JSON infer request");
        yield return Binary("header-length-cuts-the-json", json, Fp32(5.9f), headerLength: (Utf8(json).Length - 5).ToString(CultureInfo.InvariantCulture), "not a JSON infer request");
        yield return Binary("header-length-takes-binary-bytes", json, Fp32(5.9f), headerLength: (Utf8(json).Length + 2).ToString(CultureInfo.InvariantCulture), "not a JSON infer request");
        yield return Binary("header-length-twice", json, Fp32(5.9f), headerLength: null, "Inference-Header-Content-Length") with
            { Headers = [("Inference-Header-Content-Length", Utf8(json).Length.ToString(CultureInfo.InvariantCulture)), ("Inference-Header-Content-Length", "4")] };
        yield return Binary("size-past-the-body", With(BinaryInput("sepal_length", "100")), Fp32(5.9f), null, "'sepal_length' has binary_data_size 100", "holds only 4");
        yield return Binary("size-short-of-the-body", With(BinaryInput("sepal_length", "2")), Fp32(5.9f), null, "'sepal_length'", "2");
        yield return Binary("size-leaves-bytes-over", With(BinaryInput("sepal_length", "4")), [.. Fp32(5.9f), .. Fp32(1f)], null, "4 bytes after the binary tensors");
        yield return Binary("size-negative", With(BinaryInput("sepal_length", "-4")), Fp32(5.9f), null, "binary_data_size -4");
        yield return Binary("size-a-string", With(BinaryInput("sepal_length", "\"4\"")), Fp32(5.9f), null, "binary_data_size \"4\"");
        yield return Binary("size-past-long", With(BinaryInput("sepal_length", "1e30")), Fp32(5.9f), null, "binary_data_size 1e30");
        yield return Binary("size-not-a-multiple-of-the-element", With(BinaryInput("sepal_length", "5")), [.. Fp32(5.9f), 0], null, "not a multiple of 4");
        yield return Binary("size-against-the-shape", With(BinaryInput("sepal_length", "4", shape: "[2]")).Replace(Input("sepal_width"), Input("sepal_width", shape: "[2]", data: "[3,3]")), Fp32(5.9f), null, "shape says 2 elements");
        yield return Binary("binary-nan", json, Fp32(float.NaN), null, "'sepal_length'", "not a finite number");
        yield return Binary("binary-infinity", json, Fp32(float.PositiveInfinity), null, "'sepal_length'", "not a finite number");
        yield return Binary("binary-and-json-data", With(BinaryInput("sepal_length", "4").Replace("}}", "},\"data\":[1]}")), Fp32(5.9f), null, "both");
        yield return Json("binary-size-without-the-header", With(BinaryInput("sepal_length", "4")), "binary_data_size 4", "holds only 0");

        // The repository extension
        yield return Repository("index-not-json", "/v2/repository/index", "{", "not valid JSON");
        yield return Repository("index-an-array", "/v2/repository/index", "[]", "JSON object");
        yield return Repository("index-ready-a-string", "/v2/repository/index", """{"ready":"yes"}""", "\"ready\"");
        yield return Repository("load-a-config", $"/v2/repository/models/{HostileStack.Model}/load", """{"parameters":{"config":"{}"}}""", "'config'");
        yield return Repository("load-a-file", $"/v2/repository/models/{HostileStack.Model}/load", """{"parameters":{"file:1/model.onnx":"AAAA"}}""", "'file:1/model.onnx'");
        yield return Repository("load-parameters-an-array", $"/v2/repository/models/{HostileStack.Model}/load", """{"parameters":[]}""", "\"parameters\"");
        yield return Repository("unload-not-json", $"/v2/repository/models/{HostileStack.Model}/unload", "{\"parameters\":", "not valid JSON");
        yield return Repository("load-a-model-that-does-not-exist", "/v2/repository/models/{new}/load", "", "{new}") with { Status = 404 };
    }

    private static string BinaryInput(string name, string size, string shape = "[1]") =>
        $"{{\"name\":\"{name}\",\"shape\":{shape},\"datatype\":\"FP32\",\"parameters\":{{\"binary_data_size\":{size}}}}}";

    private static byte[] Fp32(float value) => BitConverter.GetBytes(value);

    private static HostileCase Json(string name, string json, params string[] names) =>
        new($"inference/{name}", Door.Worker, "POST", Infer, 400, names) { ContentType = "application/json", Body = Utf8(json) };

    /// <param name="headerLength">The Inference-Header-Content-Length sent; null: the JSON's true length.</param>
    private static HostileCase Binary(string name, string json, byte[] binary, string? headerLength, params string[] names) =>
        new($"inference/{name}", Door.Worker, "POST", Infer, 400, names)
        {
            ContentType = "application/octet-stream",
            Headers = [("Inference-Header-Content-Length", headerLength ?? Utf8(json).Length.ToString(CultureInfo.InvariantCulture))],
            Body = [.. Utf8(json), .. binary],
        };

    private static HostileCase Repository(string name, string path, string json, params string[] names) =>
        new($"inference/repository-{name}", Door.Worker, "POST", path, 400, names) { ContentType = "application/json", Body = Utf8(json) };
}
