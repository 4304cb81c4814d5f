using DsApp.Platform.Records;
using System.Text.Json;
using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.OpenInference;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;

namespace DsApp.Tests.Unit.ModelWorker.Inference;

public sealed class VersionSelectorTests
{
    private static ModelVersion V(int number, VersionStatus status = VersionStatus.Ready) =>
        new("m", number, status, TrainerKind.Lbfgs, null, null, new Dictionary<string, double>(), [], [], 0, 0, DateTimeOffset.UtcNow);

    private static Model M(Dictionary<string, int>? aliases = null, List<TrafficRule>? traffic = null) =>
        new("m", ModelTask.Regression, "y", [], null, aliases ?? [], traffic ?? [], null, 3, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "e");

    private static readonly IReadOnlyList<ModelVersion> Versions = [V(1), V(2), V(3, VersionStatus.Training)];

    [Fact]
    public void A_requested_version_wins_over_every_rule()
    {
        var choice = VersionSelector.Choose(M(new() { ["production"] = 2 }, [new(2, 100)]), Versions, 1, 0.5);
        Assert.Equal(1, choice.Version!.Version);
    }

    [Fact]
    public void A_requested_version_still_training_is_a_409_and_an_unknown_one_a_404()
    {
        Assert.Equal(409, OutcomeProblems.StatusOf(VersionSelector.Choose(M(), Versions, 3, 0).Kind));
        Assert.Equal(404, OutcomeProblems.StatusOf(VersionSelector.Choose(M(), Versions, 9, 0).Kind));
    }

    [Fact]
    public void The_traffic_split_sends_each_version_its_share_of_draws()
    {
        var model = M(new() { ["production"] = 1 }, [new(1, 90), new(2, 10)]);
        var picks = Enumerable.Range(0, 1000).Select(i => VersionSelector.Choose(model, Versions, null, i / 1000.0).Version!.Version).ToList();
        Assert.Equal(900, picks.Count(v => v == 1));
        Assert.Equal(100, picks.Count(v => v == 2));
    }

    [Fact]
    public void Without_traffic_the_production_alias_answers_and_without_it_the_latest_ready_version()
    {
        Assert.Equal(1, VersionSelector.Choose(M(new() { ["production"] = 1 }), Versions, null, 0.3).Version!.Version);
        Assert.Equal(2, VersionSelector.Choose(M(), Versions, null, 0.3).Version!.Version);
    }

    [Fact]
    public void A_model_whose_only_version_is_training_answers_409()
    {
        var choice = VersionSelector.Choose(M(), [V(1, VersionStatus.Training)], null, 0);
        Assert.Equal(OutcomeKind.Conflict, choice.Kind);
        Assert.Contains("training", choice.Problem);
    }

    [Fact]
    public void A_replica_loads_every_version_the_rules_route_to()
    {
        var model = M(new() { ["production"] = 1 }, [new(2, 100)]) with { Shadow = new ShadowRule(1, 10) };
        Assert.Equal([1, 2], VersionSelector.Routable(model, Versions));
    }
}

public sealed class ModelPatchTests
{
    private static readonly IReadOnlyList<ModelVersion> Versions =
    [
        new("m", 1, VersionStatus.Ready, TrainerKind.Lbfgs, null, null, new Dictionary<string, double>(), [], [], 0, 0, DateTimeOffset.UtcNow),
        new("m", 2, VersionStatus.Training, TrainerKind.Lbfgs, null, null, new Dictionary<string, double>(), [], [], 0, 0, DateTimeOffset.UtcNow),
    ];

    private static readonly Model Model = new("m", ModelTask.Regression, "y", [], "old", new Dictionary<string, int> { ["staging"] = 1 }, [], null, 2,
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "e");

    private static Outcome<Model> Apply(string json) => ModelPatch.Apply(Model, JsonDocument.Parse(json).RootElement, Versions);

    [Fact]
    public void Aliases_merge_key_by_key_and_null_removes_one()
    {
        var outcome = Apply("""{"aliases":{"production":1,"staging":null},"description":null}""");
        Assert.Equal(OutcomeKind.Ok, outcome.Kind);
        Assert.Equal(new Dictionary<string, int> { ["production"] = 1 }, outcome.Value!.Aliases);
        Assert.Null(outcome.Value.Description);
    }

    [Fact]
    public void A_rule_naming_a_version_still_training_or_unknown_is_a_conflict_naming_the_field()
    {
        var outcome = Apply("""{"traffic":[{"version":1,"weight":50},{"version":2,"weight":50}],"shadow":{"version":7,"percent":5}}""");
        Assert.Equal(OutcomeKind.Conflict, outcome.Kind);
        Assert.Contains("traffic[1]", outcome.Errors!.Keys);
        Assert.Contains("shadow.version", outcome.Errors!.Keys);
    }

    [Theory]
    [InlineData("""{"aliases":{"production":"x"}}""", "aliases.production")]
    [InlineData("""{"aliases":{"production":true}}""", "aliases.production")]
    [InlineData("""{"traffic":[{"version":"x","weight":1}]}""", "traffic[0].version")]
    [InlineData("""{"traffic":[{"version":1,"weight":"x"}]}""", "traffic[0].weight")]
    [InlineData("""{"traffic":[{"version":1,"weight":1},{"version":[1],"weight":1}]}""", "traffic[1].version")]
    [InlineData("""{"shadow":{"version":"x","percent":5}}""", "shadow.version")]
    [InlineData("""{"shadow":{"version":1,"percent":"x"}}""", "shadow.percent")]
    [InlineData("""{"capture":{"percent":"x"}}""", "capture.percent")]
    [InlineData("""{"capture":{"percent":{}}}""", "capture.percent")]
    public void A_value_of_the_wrong_json_type_where_a_number_goes_is_invalid_naming_the_field(string json, string field)
    {
        var outcome = Apply(json);
        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Contains(field, outcome.Errors!.Keys);
    }

    [Fact]
    public void Traffic_weights_whose_sum_overflows_are_invalid_naming_traffic()
    {
        var outcome = Apply("""{"traffic":[{"version":1,"weight":2147483647},{"version":2,"weight":1}]}""");
        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Contains("traffic", outcome.Errors!.Keys);
    }

    [Fact]
    public void An_unknown_or_read_only_field_is_a_400_naming_it()
    {
        var outcome = Apply("""{"task":"regression","shadow":{"version":1,"percent":300}}""");
        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Contains("task", outcome.Errors!.Keys);
        Assert.Contains("shadow.percent", outcome.Errors!.Keys);
    }
}

public sealed class InputMappingTests
{
    private static readonly InputLayout Layout = new([new("age", "integer"), new("city", "string"), new("member", "boolean"), new("seen", "datetime")], "label");

    private static InputException Fails(string json, int maxRows = 10) =>
        Assert.Throws<InputException>(() => Layout.Read(JsonDocument.Parse(json).RootElement, maxRows));

    [Fact]
    public void Instances_become_typed_columns_in_feature_order_with_nulls_as_missing()
    {
        var table = Layout.Read(JsonDocument.Parse("""
            {"instances":[{"age":30,"city":"Oslo","member":true,"seen":"2024-01-01T00:00:00Z","label":"ignored"},
                          {"age":null,"city":null,"member":false,"seen":null}]}
            """).RootElement, 10);
        Assert.Equal(2, table.RowCount);
        Assert.Same(Layout.Schema, table.Schema);
        Assert.Equal(30f, table["age"].Numbers![0]);
        Assert.True(float.IsNaN(table["age"].Numbers![1]));
        Assert.Equal("Oslo", table["city"].Texts![0].ToString());
        Assert.Equal([1f, 0f], table["member"].Numbers!);
        Assert.Equal(1704067200f, table["seen"].Numbers![0]);
    }

    [Fact]
    public void One_flat_object_is_one_row()
    {
        var table = Layout.Read(JsonDocument.Parse("""{"age":1,"city":"a","member":true,"seen":null}""").RootElement, 10);
        Assert.Equal(1, table.RowCount);
    }

    [Fact]
    public void A_missing_feature_a_wrong_type_and_an_unknown_field_are_each_named()
    {
        var error = Fails("""{"instances":[{"age":"thirty","city":"a","member":true,"colour":"red"}]}""");
        Assert.Equal(400, PredictionProblems.StatusOf(error.Refusal));
        Assert.Contains("expected a number, got a string", error.Errors["instances[0].age"][0]);
        Assert.Contains("is missing", error.Errors["instances[0].seen"][0]);
        Assert.Contains("not a feature", error.Errors["instances[0].colour"][0]);
    }

    [Fact]
    public void Empty_instances_are_a_400_and_too_many_rows_a_413()
    {
        Assert.Equal(400, PredictionProblems.StatusOf(Fails("""{"instances":[]}""").Refusal));
        var rows = string.Join(",", Enumerable.Repeat("""{"age":1,"city":"a","member":true,"seen":null}""", 3));
        Assert.Equal(413, PredictionProblems.StatusOf(Fails($$"""{"instances":[{{rows}}]}""", maxRows: 2).Refusal));
    }

    [Fact]
    public void Equal_inputs_have_equal_cache_keys_and_different_inputs_different_ones()
    {
        var table = Layout.Read(JsonDocument.Parse("""
            {"instances":[{"age":1,"city":"a","member":true,"seen":null},{"member":true,"seen":null,"city":"a","age":1.0},{"age":1,"city":"a|","member":true,"seen":null}]}
            """).RootElement, 10);
        Assert.Equal(InputLayout.CanonicalRow(table, 0), InputLayout.CanonicalRow(table, 1));
        Assert.NotEqual(InputLayout.CanonicalRow(table, 0), InputLayout.CanonicalRow(table, 2));
    }
}

public sealed class TensorMappingTests
{
    private static readonly InputLayout Layout = new([new("x", "number"), new("city", "string")], null);

    private static ColumnTable Read(string json) => TensorReader.Read(Layout, JsonDocument.Parse(json).RootElement, 100);

    [Fact]
    public void Tensors_of_shape_n_or_n_by_1_with_flat_or_nested_data_become_columns()
    {
        var table = Read("""
            {"inputs":[{"name":"x","shape":[2,1],"datatype":"FP64","data":[[1.5],[2.5]]},
                       {"name":"city","shape":[2],"datatype":"BYTES","data":["a","b"]}]}
            """);
        Assert.Equal([1.5f, 2.5f], table["x"].Numbers!);
        Assert.Equal("b", table["city"].Texts![1].ToString());
    }

    [Theory]
    [InlineData("""{"inputs":[{"name":"x","shape":[3],"datatype":"FP32","data":[1,2]},{"name":"city","shape":[3],"datatype":"BYTES","data":["a","b","c"]}]}""", "shape says 3")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"datatype":"BYTES","data":["1"]},{"name":"city","shape":[1],"datatype":"BYTES","data":["a"]}]}""", "datatype 'BYTES'")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]}]}""", "missing input tensor(s): city")]
    [InlineData("""{"inputs":[{"name":"y","shape":[1],"datatype":"FP32","data":[1]}]}""", "input 'y' is not a feature")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP32","data":[1,2]}]}""", "[N] or [N,1]")]
    public void A_tensor_that_does_not_fit_is_refused_saying_why(string json, string expected)
    {
        var error = Assert.Throws<InputException>(() => Read(json));
        Assert.Contains(expected, error.Message);
    }
}
