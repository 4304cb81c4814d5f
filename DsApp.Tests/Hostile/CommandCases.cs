using static DsApp.Tests.Hostile.Bodies;

namespace DsApp.Tests.Hostile;

/// <summary>
/// The JSON commands of the registry and the datasets' merge-patch, given what they cannot take: not JSON, not an object,
/// fields of the wrong type, values out of their set, model files that are not models. Each is a 400 (409 for a rule
/// that names what is not there) naming the field; nothing is created, changed or queued.
/// </summary>
public static class CommandCases
{
    private static readonly string Train = $"/api/models/{HostileStack.Model}/versions";
    private static readonly string ModelPatch = $"/api/models/{HostileStack.Model}";
    private static readonly string DatasetPatch = $"/api/datasets/{HostileStack.Dataset}";

    public static IEnumerable<HostileCase> All()
    {
        // POST /api/models
        yield return Create("body-not-json", "{\"name\":", "body", "not valid JSON");
        yield return Create("body-empty", "", "body", "empty");
        yield return Create("body-an-array", "[]", "body", "an array");
        yield return Create("name-a-number", """{"name":5,"task":"regression","label":"y"}""", "name", "string");
        yield return Create("name-missing", """{"task":"regression","label":"y"}""", "name", "not a valid name");
        yield return Create("name-a-lone-surrogate", """{"name":"\ud800","task":"regression","label":"y"}""", "body", "surrogate");
        yield return Create("task-unknown", """{"name":"{new}","task":"clustering","label":"y"}""", "task", "must be one of");
        yield return Create("task-a-number", """{"name":"{new}","task":3,"label":"y"}""", "task", "string");
        yield return Create("label-missing", """{"name":"{new}","task":"regression"}""", "label", "required");
        yield return Create("label-blank", """{"name":"{new}","task":"regression","label":"  "}""", "label", "required");
        yield return Create("features-not-an-array", """{"name":"{new}","task":"regression","label":"y","features":"x"}""", "features");
        yield return Create("features-twice", """{"name":"{new}","task":"regression","label":"y","features":["x","x"]}""", "features", "twice");
        yield return Create("feature-empty", """{"name":"{new}","task":"regression","label":"y","features":["x",""]}""", "features", "empty");
        yield return Create("feature-a-number", """{"name":"{new}","task":"regression","label":"y","features":["x",1]}""", "features[1]", "string");
        yield return Create("label-also-a-feature", """{"name":"{new}","task":"regression","label":"y","features":["y"]}""", "features", "label");
        yield return Create("name-taken", $$"""{"name":"{{HostileStack.Model}}","task":"regression","label":"y"}""", "already") with { Status = 409 };

        // PATCH /api/models/{name}
        yield return Patch("model-patch-not-json", ModelPatch, "{\"aliases\":", "body", "not JSON");
        yield return Patch("model-patch-an-array", ModelPatch, "[]", "body", "JSON object");
        yield return Patch("model-patch-field-not-patchable", ModelPatch, """{"task":"regression"}""", "task", "cannot be changed");
        yield return Patch("model-patch-description-a-number", ModelPatch, """{"description":5}""", "description", "string or null");
        yield return Patch("model-patch-aliases-a-string", ModelPatch, """{"aliases":"production"}""", "aliases", "must be an object");
        yield return Patch("model-patch-alias-version-a-string", ModelPatch, """{"aliases":{"production":"1"}}""", "aliases.production", "version number");
        yield return Patch("model-patch-alias-name-bad", ModelPatch, """{"aliases":{"Prod!":1}}""", "not a valid name");
        yield return Patch("model-patch-alias-version-missing", ModelPatch, """{"aliases":{"production":99}}""", "99") with { Status = 409 };
        yield return Patch("model-patch-traffic-an-object", ModelPatch, """{"traffic":{"version":1}}""", "traffic", "must be an array");
        yield return Patch("model-patch-traffic-version-a-string", ModelPatch, """{"traffic":[{"version":"1","weight":100}]}""", "traffic[0].version");
        yield return Patch("model-patch-traffic-weight-negative", ModelPatch, """{"traffic":[{"version":1,"weight":-1}]}""", "traffic[0].weight");
        yield return Patch("model-patch-traffic-weights-zero", ModelPatch, """{"traffic":[{"version":1,"weight":0}]}""", "traffic", "add up to 0");
        yield return Patch("model-patch-traffic-version-twice", ModelPatch, """{"traffic":[{"version":1,"weight":50},{"version":1,"weight":50}]}""", "appears twice");
        yield return Patch("model-patch-traffic-extra-field", ModelPatch, """{"traffic":[{"version":1,"weight":100,"colour":"red"}]}""", "traffic[0]", "nothing else");
        yield return Patch("model-patch-shadow-without-percent", ModelPatch, """{"shadow":{"version":1}}""", "shadow", "both");
        yield return Patch("model-patch-shadow-percent-a-fraction", ModelPatch, """{"shadow":{"version":1,"percent":12.5}}""", "shadow.percent", "whole number");
        yield return Patch("model-patch-alias-name-a-lone-surrogate", ModelPatch, """{"aliases":{"\ud83d":1}}""", "body", "surrogate");
        yield return Patch("model-patch-cache-a-string", ModelPatch, """{"cachePredictions":"yes"}""", "cachePredictions", "true or false");

        // POST /api/models/{name}/versions
        yield return Training("training-not-json", "{", "body", "not valid JSON");
        yield return Training("training-body-a-string", "\"iris\"", "body", "a string");
        yield return Training("training-no-dataset", "{}", "datasetId", "not a valid name");
        yield return Training("training-dataset-a-number", """{"datasetId":7}""", "datasetId", "string");
        yield return Training("training-dataset-that-does-not-exist", """{"datasetId":"no-such-dataset"}""", "datasetId", "no dataset");
        yield return Training("training-dataset-without-the-label", $$"""{"datasetId":"{{HostileStack.Dataset}}"}""", "label", "no column 'species'");
        yield return Training("training-dataset-version-zero", """{"datasetId":"iris","datasetVersion":0}""", "datasetVersion", "1 or more");
        yield return Training("training-dataset-version-past-the-latest", """{"datasetId":"iris","datasetVersion":9}""", "datasetVersion", "no version 9");
        yield return Training("training-trainer-unknown", """{"datasetId":"iris","trainer":"gpt"}""", "trainer", "must be one of");
        yield return Training("training-trainer-imported", """{"datasetId":"iris","trainer":"imported"}""", "trainer", "must be one of");
        yield return Training("training-test-fraction-a-word", """{"datasetId":"iris","testFraction":"a fifth"}""", "testFraction", "number");
        yield return Training("training-seed-negative", """{"datasetId":"iris","seed":-1}""", "seed", "0 or more");
        yield return Training("training-option-unknown", """{"datasetId":"iris","trainer":"lbfgs","options":{"colour":"red"}}""", "options");
        yield return Training("training-option-a-string", """{"datasetId":"iris","trainer":"lbfgs","options":{"iterations":"many"}}""", "options");

        // PUT /api/models/{name}/versions/{v}: files that are not models
        yield return Import("import-empty", "application/zip", [], "body", "empty");
        yield return Import("import-not-a-zip", "application/zip", Utf8("this is not a zip file"), "body");
        yield return Import("import-zip-of-nothing", "application/zip", [0x50, 0x4B, 0x05, 0x06, .. new byte[18]], "body");
        yield return Import("import-not-onnx", "application/onnx", Utf8("not a protobuf at all"), "ONNX");
        yield return Import("import-octet-stream-of-neither", "application/octet-stream", Utf8("neither"), "body");
        yield return Import("import-version-zero", "application/zip", Utf8("PK"), "version", "1 or more") with { Target = $"/api/models/{HostileStack.Model}/versions/0" };
        yield return Import("import-version-taken", "application/zip", Utf8("PK"), "already has a version 1") with { Target = $"/api/models/{HostileStack.Model}/versions/1", Status = 409 };

        // PATCH /api/datasets/{id}
        yield return PatchDataset("dataset-patch-not-json", DatasetPatch, "{\"name\":", "body", "not valid JSON");
        yield return PatchDataset("dataset-patch-empty", DatasetPatch, "", "body");
        yield return PatchDataset("dataset-patch-an-array", DatasetPatch, "[]", "body", "JSON object");
        yield return PatchDataset("dataset-patch-name-a-number", DatasetPatch, """{"name":5}""", "name");
        yield return PatchDataset("dataset-patch-name-removed", DatasetPatch, """{"name":null}""", "name", "cannot be removed");
        yield return PatchDataset("dataset-patch-name-blank", DatasetPatch, """{"name":"   "}""", "name");
        yield return PatchDataset("dataset-patch-name-a-lone-surrogate", DatasetPatch, """{"name":"\udfff"}""", "body", "surrogate");
        yield return PatchDataset("dataset-patch-tags-an-object", DatasetPatch, """{"tags":{"a":1}}""", "tags");
        yield return PatchDataset("dataset-patch-tag-empty", DatasetPatch, """{"tags":[""]}""", "tags");
        yield return PatchDataset("dataset-patch-label-not-a-column", DatasetPatch, """{"label":"species"}""", "label", "must name a column");
        yield return PatchDataset("dataset-patch-field-not-patchable", DatasetPatch, """{"version":9}""", "version", "not a field PATCH can change");
        yield return PatchDataset("dataset-patch-that-does-not-exist", "/api/datasets/{new}", """{"name":"x"}""", "{new}") with { Status = 404 };
    }

    private static HostileCase Create(string name, string json, params string[] names) =>
        new($"commands/create-model-{name}", Door.Worker, "POST", "/api/models", 400, names)
        { ContentType = "application/json", Body = Utf8(json.Replace("{new}", NewName(name))) };

    /// <summary>The name a create case gives its model: valid, and its own.</summary>
    private static string NewName(string caseName) => new HostileCase($"commands/create-model-{caseName}", Door.Worker, "", "", 0).NewId;

    private static HostileCase Patch(string name, string target, string json, params string[] names) =>
        new($"commands/{name}", Door.Worker, "PATCH", target, 400, names) { ContentType = "application/merge-patch+json", Body = Utf8(json) };

    private static HostileCase PatchDataset(string name, string target, string json, params string[] names) =>
        Patch(name, target, json, names) with { Door = Door.Ingest };

    private static HostileCase Training(string name, string json, params string[] names) =>
        new($"commands/{name}", Door.Worker, "POST", Train, 400, names) { ContentType = "application/json", Body = Utf8(json) };

    private static HostileCase Import(string name, string contentType, byte[] body, params string[] names) =>
        new($"commands/{name}", Door.Worker, "PUT", $"/api/models/{HostileStack.Model}/versions/6", 400, names) { ContentType = contentType, Body = body };
}
