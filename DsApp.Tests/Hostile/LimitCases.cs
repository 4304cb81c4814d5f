using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.ModelFiles;
using static DsApp.Tests.Hostile.Bodies;

namespace DsApp.Tests.Hostile;

/// <summary>
/// Every limit, passed by the least amount: bodies one byte over (declared and streamed, at the service and at the
/// gateway), one row, column, character or level of nesting too many, paging values one past their range. Each is
/// refused with the limit named: 413 for a body or row count, 400 for the rest.
/// </summary>
public static class LimitCases
{
    private const long Upload = IngestAppFixture.UploadLimit;
    private const long Prediction = 1024 * 1024;
    private static readonly string Predict = $"/api/models/{HostileStack.Model}/predict";
    private static readonly string Infer = $"/v2/models/{HostileStack.Model}/infer";
    private const string IrisRow = """{"sepal_length":5.9,"sepal_width":3.0,"petal_length":5.1,"petal_width":1.8}""";

    public static IEnumerable<HostileCase> All()
    {
        // Bodies one byte past the limit, declared and streamed
        foreach (var framing in new[] { Framing.Length, Framing.Chunked })
        {
            var how = framing == Framing.Length ? "declared" : "chunked";
            yield return Body($"upload-{how}", Door.Ingest, "POST", "/api/datasets?id={new}", "text/csv", CsvOf(Upload + 1)[..(int)(Upload + 1)], framing, Upload.ToString());
            yield return Body($"new-version-{how}", Door.Ingest, "PUT", $"/api/datasets/{HostileStack.Dataset}", "text/csv", CsvOf(Upload + 1)[..(int)(Upload + 1)], framing, Upload.ToString());
            yield return Body($"predict-{how}", Door.Worker, "POST", Predict, "application/json", JsonOf(Prediction + 1), framing, Prediction.ToString());
            yield return Body($"infer-{how}", Door.Worker, "POST", Infer, "application/json", JsonOf(Prediction + 1), framing, Prediction.ToString());
            yield return Body($"repository-index-{how}", Door.Worker, "POST", "/v2/repository/index", "application/json", JsonOf(64 * 1024 + 1), framing, (64 * 1024).ToString());
            yield return Body($"gateway-upload-{how}", Door.Gateway, "POST", "/api/datasets?id={new}", "text/csv", CsvOf(Upload + 1)[..(int)(Upload + 1)], framing, framing == Framing.Length ? "2 MiB" : Upload.ToString());
            yield return Body($"gateway-predict-{how}", Door.Gateway, "POST", Predict, "application/json", JsonOf(Prediction + 1), framing, "1 MiB");
            yield return Body($"gateway-infer-{how}", Door.Gateway, "POST", Infer, "application/json", JsonOf(Prediction + 1), framing, "1 MiB");
            yield return Body($"gateway-training-{how}", Door.Gateway, "POST", $"/api/models/{HostileStack.Model}/versions", "application/json", JsonOf(Prediction + 1), framing, "1 MiB");
            yield return Body($"gateway-model-patch-{how}", Door.Gateway, "PATCH", $"/api/models/{HostileStack.Model}", "application/merge-patch+json", JsonOf(Prediction + 1, "description"), framing, "1 MiB");
            yield return Body($"gateway-dataset-patch-{how}", Door.Gateway, "PATCH", $"/api/datasets/{HostileStack.Dataset}", "application/merge-patch+json", JsonOf(Prediction + 1, "description"), framing, "1 MiB");
        }
        // A model file past 256 MiB is refused on its declared length, before a byte of it is read.
        yield return new HostileCase("limits/import-declared", Door.Worker, "PUT", $"/api/models/{HostileStack.Model}/versions/7", 413, ModelVersionsApi.MaxImportBytes.ToString())
            { ContentType = "application/zip", Framing = Framing.AsWritten, Headers = [("Content-Length", (ModelVersionsApi.MaxImportBytes + 1).ToString())], Body = Utf8("PK") };

        // One row too many
        var rows = Enumerable.Repeat(IrisRow, ModelWorkerHost.MaxRows + 1);
        yield return Json("predict-rows", Door.Worker, "POST", Predict, $"{{\"instances\":[{string.Join(",", rows)}]}}", 413, $"at most {ModelWorkerHost.MaxRows}");
        var n = ModelWorkerHost.MaxRows + 1;
        var data = "[" + string.Join(",", Enumerable.Repeat("5.9", n)) + "]";
        var tensors = string.Join(",", new[] { "sepal_length", "sepal_width", "petal_length", "petal_width" }
            .Select(name => $"{{\"name\":\"{name}\",\"shape\":[{n}],\"datatype\":\"FP32\",\"data\":{data}}}"));
        yield return Json("infer-rows", Door.Worker, "POST", Infer, $"{{\"inputs\":[{tensors}]}}", 413, $"at most {ModelWorkerHost.MaxRows}");

        // One column, one character, one level too many
        yield return Table("csv-columns", "text/csv", Utf8(string.Join(",", Enumerable.Range(0, 2001).Select(i => $"c{i}")) + "\n" + Repeat("1,", 2000) + "1\n"), "at most 2000 columns");
        yield return Table("json-columns", "application/json", Utf8("[{" + string.Join(",", Enumerable.Range(0, 2001).Select(i => $"\"c{i}\":1")) + "}]"), "at most 2000 columns");
        yield return Table("csv-record-characters", "text/csv", Utf8("a\n" + new string('x', (1 << 20) + 1) + "\n"), "longer than 1048576 characters");
        yield return Table("json-record-characters", "application/json", Utf8("[{\"a\":\"" + new string('x', (1 << 20) + 1) + "\"}]"), "longer than 1048576 characters");
        yield return Json("predict-nesting", Door.Worker, "POST", Predict, $"{{\"instances\":{Nested(64)}}}", 400, "body", "depth");
        yield return Json("infer-nesting", Door.Worker, "POST", Infer, $"{{\"inputs\":{Nested(64)}}}", 400, "depth");
        yield return Json("training-nesting", Door.Worker, "POST", $"/api/models/{HostileStack.Model}/versions", $"{{\"datasetId\":{Nested(64, "\"iris\"")}}}", 400, "body", "depth");
        yield return Json("model-patch-nesting", Door.Worker, "PATCH", $"/api/models/{HostileStack.Model}", $"{{\"aliases\":{Nested(64)}}}", 400, "body", "depth")
            with { ContentType = "application/merge-patch+json" };
        yield return Json("dataset-patch-nesting", Door.Ingest, "PATCH", $"/api/datasets/{HostileStack.Dataset}", $"{{\"tags\":{Nested(64)}}}", 400, "body", "depth")
            with { ContentType = "application/merge-patch+json" };

        // Paging and windows one past their range
        foreach (var (label, door, path) in new[]
        {
            ("datasets", Door.Ingest, "/api/datasets"), ("dataset-versions", Door.Ingest, $"/api/datasets/{HostileStack.Dataset}/versions"),
            ("models", Door.Worker, "/api/models"), ("model-versions", Door.Worker, $"/api/models/{HostileStack.Model}/versions"), ("jobs", Door.Worker, "/api/jobs"),
        })
        {
            yield return Query($"{label}-limit-501", door, $"{path}?limit=501", "limit", "between 1 and 500");
            yield return Query($"{label}-limit-0", door, $"{path}?limit=0", "limit", "between 1 and 500");
            yield return Query($"{label}-cursor-not-given-out", door, $"{path}?cursor=%21%21%21", "cursor", "not one this API gave out");
        }
        yield return Query("rows-limit-1001", Door.Ingest, $"/api/datasets/{HostileStack.Dataset}/rows?limit=1001", "limit", "between 1 and 1000");
        yield return Query("rows-offset-negative", Door.Ingest, $"/api/datasets/{HostileStack.Dataset}/rows?offset=-1", "offset", "0 or more");
        yield return Query("rows-version-0", Door.Ingest, $"/api/datasets/{HostileStack.Dataset}/rows?version=0", "version", "1 or more");
        yield return Query("content-version-0", Door.Ingest, $"/api/datasets/{HostileStack.Dataset}/content?version=0", "version", "1 or more");
        yield return Query("drift-window-367-days", Door.Worker, $"/api/models/{HostileStack.Model}/drift?window=367d", "window", "at most 366d");
        yield return Query("drift-window-zero", Door.Worker, $"/api/models/{HostileStack.Model}/drift?window=0h", "window");
        yield return Query("drift-window-seconds", Door.Worker, $"/api/models/{HostileStack.Model}/drift?window=30s", "window");
        yield return Query("jobs-status-unknown", Door.Worker, "/api/jobs?status=sleeping", "status");

        // Names and texts one character too long
        yield return new HostileCase("limits/upload-name-201-characters", Door.Ingest, "POST", $"/api/datasets?id={{new}}&name={new string('n', 201)}", 400, "name", "1 to 200")
            { ContentType = "text/csv", Body = Utf8("a\n1\n") };
        yield return Json("dataset-patch-name-201-characters", Door.Ingest, "PATCH", $"/api/datasets/{HostileStack.Dataset}", $"{{\"name\":\"{new string('n', 201)}\"}}", 400, "name", "1 to 200")
            with { ContentType = "application/merge-patch+json" };
        yield return Json("dataset-patch-51-tags", Door.Ingest, "PATCH", $"/api/datasets/{HostileStack.Dataset}", $"{{\"tags\":[{string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"t{i}\""))}]}}", 400, "tags", "at most 50")
            with { ContentType = "application/merge-patch+json" };
        yield return Json("dataset-patch-description-4001-characters", Door.Ingest, "PATCH", $"/api/datasets/{HostileStack.Dataset}", $"{{\"description\":\"{new string('d', 4001)}\"}}", 400, "description", "4000")
            with { ContentType = "application/merge-patch+json" };
        yield return Json("training-test-fraction-past-half", Door.Worker, "POST", $"/api/models/{HostileStack.Model}/versions", """{"datasetId":"iris","testFraction":0.51}""", 400, "testFraction");
        yield return Json("training-test-fraction-zero", Door.Worker, "POST", $"/api/models/{HostileStack.Model}/versions", """{"datasetId":"iris","testFraction":0}""", 400, "testFraction");
        yield return Json("training-iterations-past-the-bound", Door.Worker, "POST", $"/api/models/{HostileStack.Model}/versions", """{"datasetId":"iris","trainer":"lbfgs","options":{"iterations":10001}}""", 400, "options");
        yield return Json("model-patch-shadow-percent-101", Door.Worker, "PATCH", $"/api/models/{HostileStack.Model}", """{"shadow":{"version":1,"percent":101}}""", 400, "shadow.percent", "between 0 and 100")
            with { ContentType = "application/merge-patch+json" };
        yield return Json("model-patch-traffic-weights-past-int", Door.Worker, "PATCH", $"/api/models/{HostileStack.Model}", """{"traffic":[{"version":1,"weight":2147483647},{"version":2,"weight":1}]}""", 400, "traffic")
            with { ContentType = "application/merge-patch+json" };
    }

    private static HostileCase Body(string name, Door door, string method, string target, string contentType, byte[] body, Framing framing, string says) =>
        new($"limits/{name}", door, method, target, 413, says) { ContentType = contentType, Body = body, Framing = framing };

    private static HostileCase Json(string name, Door door, string method, string target, string json, int status, params string[] names) =>
        new($"limits/{name}", door, method, target, status, names) { ContentType = "application/json", Body = Utf8(json) };

    private static HostileCase Table(string name, string contentType, byte[] body, string says) =>
        new($"limits/{name}", Door.Ingest, "POST", "/api/datasets?id={new}", 400, says) { ContentType = contentType, Body = body };

    private static HostileCase Query(string name, Door door, string target, params string[] names) =>
        new($"limits/{name}", door, "GET", target, 400, names);
}
