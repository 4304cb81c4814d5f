using static DsApp.Tests.Hostile.Bodies;

namespace DsApp.Tests.Hostile;

/// <summary>
/// Predict and batch-prediction bodies the model cannot take: wrong types, missing and extra features, numbers past
/// float, NaN and Infinity, empty or malformed instances, deep nesting. Each is a 400 naming the field (or <c>body</c>),
/// 404 for what does not exist; nothing is predicted into a store and no job is queued.
/// </summary>
public static class PredictionCases
{
    private const string Iris = """ "sepal_width":3.0,"petal_length":5.1,"petal_width":1.8 """;

    /// <summary>An iris row whose <c>sepal_length</c> is <paramref name="value"/> (raw JSON).</summary>
    private static string Row(string value) => $$"""{"sepal_length":{{value}},{{Iris}}}""";

    public static IEnumerable<HostileCase> All()
    {
        // A feature of the wrong type
        yield return Predict("string-for-a-number", Row("\"wide\""), "sepal_length", "expected a number, got a string");
        yield return Predict("boolean-for-a-number", Row("true"), "sepal_length", "got a boolean");
        yield return Predict("array-for-a-number", Row("[5.9]"), "sepal_length", "got an array");
        yield return Predict("object-for-a-number", Row("{\"v\":5.9}"), "sepal_length", "got an object");
        yield return Predict("nan-as-a-string", Row("\"NaN\""), "sepal_length", "got a string");
        yield return Predict("hex-as-a-string", Row("\"0x10\""), "sepal_length", "got a string");
        yield return Predict("empty-string-for-a-number", Row("\"\""), "sepal_length", "got a string");
        // Numbers no feature can hold
        yield return Predict("number-past-float", Row("1e39"), "sepal_length", "range");
        yield return Predict("negative-number-past-float", Row("-1e39"), "sepal_length", "range");
        yield return Predict("number-past-double", Row("1e400"), "sepal_length", "range");
        yield return Predict("integer-of-forty-digits", Row("1234567890123456789012345678901234567890"), "sepal_length", "range");
        // JSON's own non-numbers
        yield return Predict("nan-literal", Row("NaN"), "body", "JSON");
        yield return Predict("infinity-literal", Row("Infinity"), "body", "JSON");
        yield return Predict("negative-infinity-literal", Row("-Infinity"), "body", "JSON");
        // Missing and extra features
        yield return Predict("missing-feature", """{"sepal_length":5.9,"sepal_width":3.0,"petal_length":5.1}""", "petal_width", "is missing");
        yield return Predict("no-feature", "{}", "sepal_length", "is missing");
        yield return Predict("extra-field", Row("5.9").Replace("}", ",\"colour\":\"blue\"}"), "colour", "is not a feature");
        yield return Predict("feature-twice", Row("5.9").Replace("}", ",\"sepal_length\":6.1}"), "sepal_length", "twice");
        yield return Predict("feature-in-another-case", Row("5.9").Replace("\"sepal_length\"", "\"Sepal_Length\""), "Sepal_Length", "is not a feature");
        yield return Predict("feature-with-an-accent", Row("5.9").Replace("\"sepal_length\"", "\"sépal_length\""), "sépal_length", "is not a feature");
        yield return Predict("field-name-of-100k-characters", Row("5.9").Replace("}", $",\"{new string('f', 100_000)}\":1}}"), "is not a feature");
        yield return Predict("ten-thousand-unknown-fields", "{" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"f{i}\":{i}")) + "}", "is not a feature");
        yield return Predict("field-name-a-lone-surrogate", Row("5.9").Replace("}", ",\"\\ud800\":1}"), "body", "surrogate");
        // Instances
        yield return Predict("instances-empty", """{"instances":[]}""", "instances", "is empty");
        yield return Predict("instances-an-object", """{"instances":{}}""", "instances", "must be an array");
        yield return Predict("instances-a-string", """{"instances":"rows"}""", "instances", "must be an array");
        yield return Predict("instances-null", """{"instances":null}""", "instances", "must be an array");
        yield return Predict("instance-null", """{"instances":[null]}""", "instances[0]", "must be an object");
        yield return Predict("instance-an-array", """{"instances":[[5.9,3.0,5.1,1.8]]}""", "instances[0]", "must be an object");
        yield return Predict("second-instance-missing-a-feature", $$"""{"instances":[{{Row("5.9")}},{"sepal_length":1}]}""", "instances[1].petal_width", "is missing");
        yield return Predict("second-instance-wrong-type", $$"""{"instances":[{{Row("5.9")}},{{Row("\"x\"")}}]}""", "instances[1].sepal_length", "got a string");
        // Not a body predict reads
        yield return Predict("body-an-array", $"[{Row("5.9")}]", "body", "expected");
        yield return Predict("body-a-string", "\"row\"", "body", "expected");
        yield return Predict("body-a-number", "42", "body", "expected");
        yield return Predict("body-null", "null", "body", "expected");
        yield return Predict("body-empty", "", "body", "JSON");
        yield return Predict("body-whitespace", "  \n ", "body", "JSON");
        yield return Predict("body-truncated", """{"instances":[{"sepal_length":""", "body", "JSON");
        yield return Predict("body-two-objects", Row("5.9") + Row("5.9"), "body", "JSON");
        yield return Predict("body-with-a-comment", Row("5.9") + " // one row", "body", "JSON");
        yield return Predict("body-latin1-in-a-value", "", "body", "UTF-8") with { Body = Bytes("{\"sepal_length\":\"caf", 0xE9, "\"}") };
        yield return Predict("body-latin1-in-a-field-name", "", "body", "UTF-8") with { Body = Bytes("{\"caf", 0xE9, "\":1}") };
        yield return Predict("nesting-past-64-in-instances", $"{{\"instances\":{Nested(100)}}}", "body", "depth");
        yield return Predict("nesting-past-64-in-a-feature", Row(Nested(100)), "body", "depth");
        // What the path names
        yield return new HostileCase("predictions/model-that-does-not-exist", Door.Worker, "POST", "/api/models/{new}/predict", 404, "{new}")
            { ContentType = "application/json", Body = Utf8(Row("5.9")) };
        yield return Predict("version-zero", Row("5.9"), "version", "1 or more") with { Target = $"/api/models/{HostileStack.Model}/predict?version=0" };
        yield return Predict("version-negative", Row("5.9"), "version", "1 or more") with { Target = $"/api/models/{HostileStack.Model}/predict?version=-3" };
        yield return Predict("version-that-does-not-exist", Row("5.9"), "99") with { Target = $"/api/models/{HostileStack.Model}/predict?version=99", Status = 404 };

        // Batch predictions
        yield return Batch("batch-not-json", "{", "body", "JSON");
        yield return Batch("batch-empty-body", "", "body", "empty");
        yield return Batch("batch-body-an-array", "[]", "body", "JSON object");
        yield return Batch("batch-no-dataset", "{}", "datasetId", "not a valid name");
        yield return Batch("batch-dataset-a-number", """{"datasetId":5}""", "datasetId", "string");
        yield return Batch("batch-dataset-path-traversal", """{"datasetId":"../iris"}""", "datasetId", "not a valid name");
        yield return Batch("batch-dataset-that-does-not-exist", """{"datasetId":"no-such-dataset"}""", "datasetId", "no dataset");
        yield return Batch("batch-dataset-without-the-features", $$"""{"datasetId":"{{HostileStack.Dataset}}"}""", "datasetId", "lacks the model's feature");
        yield return Batch("batch-dataset-version-zero", """{"datasetId":"iris","datasetVersion":0}""", "datasetVersion");
        yield return Batch("batch-dataset-version-past-the-latest", """{"datasetId":"iris","datasetVersion":7}""", "datasetVersion", "no version 7");
        yield return Batch("batch-dataset-version-a-word", """{"datasetId":"iris","datasetVersion":"one"}""", "datasetVersion");
        yield return Batch("batch-version-a-string", """{"datasetId":"iris","version":"latest"}""", "version");
        yield return Batch("batch-version-past-int", """{"datasetId":"iris","version":1e20}""", "version");
        yield return Batch("batch-nesting-past-64", $"{{\"datasetId\":{Nested(100, "\"iris\"")}}}", "body", "depth");
        yield return Batch("batch-version-that-does-not-exist", """{"datasetId":"iris","version":99}""", "99") with { Status = 404 };
    }

    private static HostileCase Predict(string name, string json, params string[] names) =>
        new($"predictions/{name}", Door.Worker, "POST", $"/api/models/{HostileStack.Model}/predict", 400, names)
        { ContentType = "application/json", Body = Utf8(json) };

    private static HostileCase Batch(string name, string json, params string[] names) =>
        new($"predictions/{name}", Door.Worker, "POST", $"/api/models/{HostileStack.Model}/batch-predictions", 400, names)
        { ContentType = "application/json", Body = Utf8(json) };
}
