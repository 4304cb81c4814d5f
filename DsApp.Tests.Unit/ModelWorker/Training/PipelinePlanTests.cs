using DsApp.ModelWorker.Datasets;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Training;

namespace DsApp.Tests.Unit.ModelWorker.Training;

public sealed class PipelinePlanTests
{
    [Fact]
    public async Task Numbers_booleans_and_datetimes_are_numeric_and_text_is_one_hot_below_the_threshold_and_hashed_above()
    {
        var csv = "n,b,d,few,many,y\n" + string.Concat(Enumerable.Range(0, 40).Select(i =>
            $"{i},{(i % 2 == 0 ? "true" : "false")},2024-01-{i % 28 + 1:00},{(i % 3 == 0 ? "red" : "blue")},id-{i},{i % 2}\n"));
        IReadOnlyList<FeatureColumn> features = [new("n", "integer"), new("b", "boolean"), new("d", "datetime"), new("few", "string"), new("many", "string")];
        var table = await ModelWorkerData.ReadAsync(csv, features, new LabelSpec("y", "integer", ModelTask.Regression));

        var plan = PipelinePlan.For(features, table, TrainingOptions.Default with { OneHotMaxCategories = 10 });

        Assert.Equal(FeatureEncoding.Numeric, plan.EncodingOf("n"));
        Assert.Equal(FeatureEncoding.Numeric, plan.EncodingOf("b"));
        Assert.Equal(FeatureEncoding.Numeric, plan.EncodingOf("d"));
        Assert.Equal(FeatureEncoding.OneHot, plan.EncodingOf("few"));
        Assert.Equal(FeatureEncoding.Hashed, plan.EncodingOf("many"));
        Assert.Equal(FeatureEncoding.OneHot, PipelinePlan.For(features, table, TrainingOptions.Default).EncodingOf("many"));
        Assert.Equal([1f, 0f], table["b"].Numbers![..2]);
    }
}
