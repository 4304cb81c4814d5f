using System.IO.Compression;
using static DsApp.Tests.Hostile.Bodies;

namespace DsApp.Tests.Hostile;

/// <summary>
/// What every service reads the same way before an endpoint does: the one Content-Type rule (415 naming what was sent),
/// Content-Encoding (decoded, or 415 naming the coding; 400 for bytes not in it; limits count the decoded body), query and
/// route values that do not parse (400 naming the parameter), routing's 404 and 405, request lines and header sections
/// past their limits (414, 431), CSV by RFC 4180 (a bare quote, a control character in a column name), and /v2 infer
/// read strictly (each element of its datatype; id, parameters and outputs of their kind).
/// </summary>
public static class RequestRuleCases
{
    private const string Csv = "text/csv";
    private static readonly string Predict = $"/api/models/{HostileStack.Model}/predict";
    private static readonly string Infer = $"/v2/models/{HostileStack.Model}/infer";
    private const string IrisRow = """{"sepal_length":5.9,"sepal_width":3.0,"petal_length":5.1,"petal_width":1.8}""";

    public static IEnumerable<HostileCase> All()
    {
        // One Content-Type rule
        foreach (var (label, door, method, target, body) in new[]
        {
            ("upload", Door.Ingest, "POST", "/api/datasets?id={new}", "a,b\n1,2\n"),
            ("dataset-patch", Door.Ingest, "PATCH", $"/api/datasets/{HostileStack.Dataset}", """{"description":"d"}"""),
            ("create-model", Door.Worker, "POST", "/api/models", """{"name":"{new}","task":"regression","label":"y"}"""),
            ("model-patch", Door.Worker, "PATCH", $"/api/models/{HostileStack.Model}", """{"description":"d"}"""),
            ("predict", Door.Worker, "POST", Predict, IrisRow),
            ("training", Door.Worker, "POST", $"/api/models/{HostileStack.Model}/versions", """{"datasetId":"iris"}"""),
            ("gateway-predict", Door.Gateway, "POST", Predict, IrisRow),
        })
        {
            foreach (var (type, sent) in new[] { ("text-plain", "text/plain"), ("latin1-charset", "application/json; charset=iso-8859-1"), ("garbage", "not a media type"), ("none", null) })
            {
                if (label == "upload" && type == "latin1-charset") continue; // an upload's types are its own: text/csv; charset=latin1 below
                yield return new HostileCase($"request-rules/content-type-{type}-{label}", door, method, target, 415, sent is null ? "no Content-Type" : sent)
                    { ContentType = sent, Body = Utf8(body.Replace("{new}", "h-content-type")) };
            }
        }
        yield return Upload("upload-csv-in-latin1", "text/csv; charset=iso-8859-1", Utf8("a\n1\n"), 415, "iso-8859-1");
        yield return new HostileCase("request-rules/content-type-text-plain-infer", Door.Worker, "POST", Infer, 415, "text/plain")
            { ContentType = "text/plain", Body = Utf8("{\"inputs\":[]}") };

        // Content-Encoding
        var csv = Utf8("a,b\n1,2\n");
        yield return Upload("coding-unknown", Csv, csv, 415, "zstd") with { Headers = [("Content-Encoding", "zstd")] };
        yield return Upload("coding-two-over-another", Csv, Gzip(Gzip(csv)), 415, "one over another") with { Headers = [("Content-Encoding", "gzip, gzip")] };
        yield return Upload("coding-gzip-of-garbage", Csv, Utf8("this is not gzip"), 400) with { Headers = [("Content-Encoding", "gzip")] };
        yield return Upload("coding-gzip-of-a-bad-table", Csv, Gzip(Utf8("a,b\n1\n")), 400, "line 2", "expected 2 fields, found 1") with { Headers = [("Content-Encoding", "gzip")] };
        yield return Upload("coding-gzip-past-the-limit-decoded", Csv, Gzip(CsvOf(IngestAppFixture.UploadLimit + 1)), 413, IngestAppFixture.UploadLimit.ToString())
            with { Headers = [("Content-Encoding", "gzip")] };
        // Refused on its first line while the rest is still to come: reading ahead through the decoder, abandoned.
        yield return Upload("coding-gzip-refused-before-the-body-ends", Csv, GzipStart(Utf8("a\"b,c\n1,2\n")), 400, "line 1", "quote") with
        {
            Framing = Framing.AsWritten, Headers = [("Content-Encoding", "gzip"), ("Content-Length", "100000")], Timeout = TimeSpan.FromSeconds(30),
        };
        yield return new HostileCase("request-rules/coding-deflate-of-garbage-predict", Door.Worker, "POST", Predict, 400)
            { ContentType = "application/json", Headers = [("Content-Encoding", "deflate")], Body = Utf8("not deflate") };
        yield return new HostileCase("request-rules/coding-gzip-past-the-limit-decoded-predict", Door.Worker, "POST", Predict, 413, "1048576")
            { ContentType = "application/json", Headers = [("Content-Encoding", "gzip")], Body = Gzip(JsonOf(1024 * 1024 + 1)) };

        // Values that do not parse
        foreach (var (label, door, target, parameter) in new[]
        {
            ("predict-version-a-word", Door.Worker, $"{Predict}?version=abc", "version"),
            ("predict-version-past-int", Door.Worker, $"{Predict}?version=99999999999", "version"),
            ("rows-offset-a-fraction", Door.Ingest, $"/api/datasets/{HostileStack.Dataset}/rows?offset=1.5", "offset"),
            ("rows-limit-a-word", Door.Ingest, $"/api/datasets/{HostileStack.Dataset}/rows?limit=ten", "limit"),
            ("content-version-a-word", Door.Ingest, $"/api/datasets/{HostileStack.Dataset}/content?version=latest", "version"),
            ("models-limit-a-word", Door.Worker, "/api/models?limit=many", "limit"),
            ("drift-version-a-word", Door.Worker, $"/api/models/{HostileStack.Model}/drift?version=one", "version"),
        })
        {
            var post = label.StartsWith("predict", StringComparison.Ordinal);
            yield return new HostileCase($"request-rules/{label}", door, post ? "POST" : "GET", target, 400, parameter, "is not")
                { ContentType = post ? "application/json" : null, Body = post ? Utf8(IrisRow) : null };
        }

        // Routing's own refusals
        yield return new HostileCase("request-rules/no-endpoint-v2", Door.Worker, "GET", "/v2/nothing/here", 404, "No endpoint answers");
        yield return new HostileCase("request-rules/method-not-taken-v2", Door.Worker, "GET", Infer, 405, "does not take GET");
        yield return new HostileCase("request-rules/method-not-taken", Door.Ingest, "POST", $"/api/datasets/{HostileStack.Dataset}/rows", 405, "does not take POST");

        // Request line and header section past their limits (below the headroom Kestrel keeps)
        yield return new HostileCase("request-rules/request-line-past-8-kib", Door.Ingest, "GET", $"/api/datasets?cursor={new string('c', 9000)}", 414, "8192");
        yield return new HostileCase("request-rules/headers-past-32-kib", Door.Worker, "GET", "/api/models", 431, "32768")
            { Headers = [("X-Padding", new string('p', 40_000))] };
        yield return new HostileCase("request-rules/more-than-100-headers", Door.Ingest, "GET", "/api/datasets", 431, "100")
            { Headers = Enumerable.Range(0, 120).Select(i => ($"X-Header-{i}", "v")).ToList() };
        yield return new HostileCase("request-rules/headers-past-32-kib-through-the-gateway", Door.Gateway, "GET", "/api/models", 431, "32768")
            { Headers = [("X-Padding", new string('p', 40_000))] };

        // CSV by RFC 4180
        yield return Upload("csv-bare-quote-in-a-field", Csv, Utf8("a,b\n1\"x,2\n"), 400, "line 2", "quote inside an unquoted field");
        yield return Upload("csv-bare-quote-in-the-header", Csv, Utf8("a\"b,c\n1,2\n"), 400, "line 1", "quote inside an unquoted field");
        yield return Upload("csv-nul-in-a-column-name", Csv, Utf8("a\u0000b,c\n1,2\n"), 400, "columns", "control character");
        yield return Upload("csv-tab-in-a-column-name", Csv, Utf8("a\tb,c\n1,2\n"), 400, "columns", "control character");
        yield return Upload("json-line-break-in-a-column-name", "application/json", Utf8("[{\"a\\nb\": 1}]"), 400, "control character");

        // /v2 infer, strictly
        foreach (var (label, first, says) in new[]
        {
            ("fraction-as-int32", """{"name":"sepal_length","shape":[1],"datatype":"INT32","data":[1.8]}""", "INT32"),
            ("300-as-uint8", """{"name":"sepal_length","shape":[1],"datatype":"UINT8","data":[300]}""", "UINT8"),
            ("past-fp16", """{"name":"sepal_length","shape":[1],"datatype":"FP16","data":[70000]}""", "FP16"),
            ("number-as-bool", """{"name":"sepal_length","shape":[1],"datatype":"BOOL","data":[1]}""", "BOOL"),
            ("datatype-unknown", """{"name":"sepal_length","shape":[1],"datatype":"FP8","data":[5.9]}""", "FP8"),
            ("parameters-an-array", """{"name":"sepal_length","shape":[1],"datatype":"FP32","data":[5.9],"parameters":[]}""", "parameters"),
        })
        {
            yield return InferWith($"infer-{label}", $"{{\"inputs\":[{first},{OtherInputs}]}}", says);
        }
        yield return InferWith("infer-id-a-number", $"{{\"id\":5,\"inputs\":[{FirstInput},{OtherInputs}]}}", "id");
        yield return InferWith("infer-outputs-an-object", $"{{\"inputs\":[{FirstInput},{OtherInputs}],\"outputs\":{{\"name\":\"predicted_label\"}}}}", "outputs");
        yield return InferWith("infer-output-without-a-name", $"{{\"inputs\":[{FirstInput},{OtherInputs}],\"outputs\":[{{}}]}}", "output");
        yield return InferWith("infer-output-that-does-not-exist", $"{{\"inputs\":[{FirstInput},{OtherInputs}],\"outputs\":[{{\"name\":\"nope\"}}]}}", "'nope'");
        yield return InferWith("infer-request-parameters-a-string", $"{{\"inputs\":[{FirstInput},{OtherInputs}],\"parameters\":\"binary\"}}", "parameters");
    }

    private const string FirstInput = """{"name":"sepal_length","shape":[1],"datatype":"FP32","data":[5.9]}""";
    private const string OtherInputs = """{"name":"sepal_width","shape":[1],"datatype":"FP32","data":[3.0]},{"name":"petal_length","shape":[1],"datatype":"FP32","data":[5.1]},{"name":"petal_width","shape":[1],"datatype":"FP32","data":[1.8]}""";

    private static HostileCase Upload(string name, string contentType, byte[] body, int status, params string[] names) =>
        new($"request-rules/{name}", Door.Ingest, "POST", "/api/datasets?id={new}", status, names) { ContentType = contentType, Body = body };

    private static HostileCase InferWith(string name, string json, params string[] names) =>
        new($"request-rules/{name}", Door.Worker, "POST", Infer, 400, names) { ContentType = "application/json", Body = Utf8(json) };

    private static byte[] Gzip(byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest)) gzip.Write(bytes);
        return compressed.ToArray();
    }

    /// <summary>The start of a gzip stream: <paramref name="bytes"/> flushed so that they decode, and no end.</summary>
    private static byte[] GzipStart(byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using var gzip = new GZipStream(compressed, CompressionLevel.Fastest);
        gzip.Write(bytes);
        gzip.Flush();
        return compressed.ToArray();
    }
}
