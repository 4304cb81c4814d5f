using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using DsApp.ModelWorker.Training;
using Microsoft.ML;
using DsApp.ModelWorker.Datasets;

namespace DsApp.Tests.Unit.ModelWorker.Training;

public sealed class TrainingTests
{
    private static TrainingInput Iris(ColumnTable table, TrainerKind trainer, int seed = 42) =>
        new(ModelTask.MulticlassClassification, ModelWorkerData.IrisFeatures, table, trainer, 0.2, seed, TrainingOptions.Default);

    [Theory]
    [InlineData(TrainerKind.Lbfgs)]
    [InlineData(TrainerKind.Sdca)]
    [InlineData(TrainerKind.FastTree)]
    [InlineData(TrainerKind.LightGbm)]
    public async Task Every_trainer_learns_iris_to_at_least_90_percent_held_out_accuracy(TrainerKind trainer)
    {
        var result = ModelTrainer.Train(Iris(await ModelWorkerData.IrisAsync(), trainer), _ => { }, CancellationToken.None);

        Assert.Equal(trainer, result.Trainer);
        Assert.True(result.Metrics["accuracy"] >= 0.9, $"accuracy {result.Metrics["accuracy"]}");
        Assert.InRange(result.Metrics["macroAccuracy"], 0.85, 1);
        Assert.True(result.Metrics.ContainsKey("logLoss"));
        Assert.Equal(["setosa", "versicolor", "virginica"], result.Outputs[0].Classes);
    }

    [Fact]
    public async Task Auto_tries_several_trainers_records_their_scores_and_keeps_the_best()
    {
        var result = ModelTrainer.Train(Iris(await ModelWorkerData.IrisAsync(), TrainerKind.Auto), _ => { }, CancellationToken.None);

        Assert.NotNull(result.Candidates);
        Assert.True(result.Candidates!.Count >= 2);
        Assert.All(result.Candidates, c => Assert.Equal("accuracy", c.Metric));
        Assert.Equal(result.Candidates.Max(c => c.Score), result.Candidates.Single(c => c.Trainer == result.Trainer).Score);
        Assert.NotEqual(TrainerKind.Auto, result.Trainer);
    }

    [Fact]
    public async Task The_same_seed_trains_the_same_model_and_another_seed_splits_differently()
    {
        var table = await ModelWorkerData.IrisAsync();
        var first = ModelTrainer.Train(Iris(table, TrainerKind.LightGbm, seed: 5), _ => { }, CancellationToken.None);
        var second = ModelTrainer.Train(Iris(table, TrainerKind.LightGbm, seed: 5), _ => { }, CancellationToken.None);
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.Equal(Probabilities(first, table), Probabilities(second, table));

        var (_, testA) = ModelTrainer.Split(table, 0.2, 5);
        var (_, testB) = ModelTrainer.Split(table, 0.2, 6);
        Assert.Equal(30, testA.RowCount);
        Assert.NotEqual(testA.Columns[0].Numbers, testB.Columns[0].Numbers);
    }

    [Fact]
    public async Task Binary_classification_with_text_boolean_and_missing_values_reports_auc_and_f1()
    {
        var table = await ModelWorkerData.ReadAsync(ModelWorkerData.LoansCsv(400), ModelWorkerData.LoanFeatures,
            new LabelSpec("approved", "boolean", ModelTask.BinaryClassification));
        var input = new TrainingInput(ModelTask.BinaryClassification, ModelWorkerData.LoanFeatures, table, TrainerKind.Lbfgs, 0.25, 1, TrainingOptions.Default);

        var result = ModelTrainer.Train(input, _ => { }, CancellationToken.None);

        Assert.True(result.Metrics["accuracy"] > 0.8, $"accuracy {result.Metrics["accuracy"]}");
        Assert.InRange(result.Metrics["auc"], 0.8, 1);
        Assert.True(result.Metrics.ContainsKey("f1"));
        Assert.Equal(FeatureEncoding.Hashed, result.Plan.EncodingOf("city"));
        Assert.Equal(FeatureEncoding.Numeric, result.Plan.EncodingOf("member"));
    }

    [Fact]
    public async Task Regression_reports_rmse_mae_and_r2()
    {
        var random = new Random(3);
        var csv = new System.Text.StringBuilder("x,z,y\n");
        for (var i = 0; i < 200; i++)
        {
            var x = random.NextDouble() * 10;
            var z = random.NextDouble();
            csv.Append(FormattableString.Invariant($"{x},{z},{3 * x + 2 + z * 0.1}\n"));
        }
        IReadOnlyList<FeatureColumn> features = [new("x", "number"), new("z", "number")];
        var table = await ModelWorkerData.ReadAsync(csv.ToString(), features, new LabelSpec("y", "number", ModelTask.Regression));

        var result = ModelTrainer.Train(new TrainingInput(ModelTask.Regression, features, table, TrainerKind.Sdca, 0.2, 1, TrainingOptions.Default), _ => { }, CancellationToken.None);

        Assert.InRange(result.Metrics["r2"], 0.95, 1);
        Assert.True(result.Metrics["rmse"] < 2, $"rmse {result.Metrics["rmse"]}");
        Assert.True(result.Metrics.ContainsKey("mae"));
    }

    [Fact]
    public async Task A_constant_label_is_refused_as_nothing_to_learn()
    {
        var csv = "a,label\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{i},yes\n"));
        IReadOnlyList<FeatureColumn> features = [new("a", "number")];
        var table = await ModelWorkerData.ReadAsync(csv, features, new LabelSpec("label", "string", ModelTask.MulticlassClassification));

        var error = Assert.Throws<UnusableDataException>(() => ModelTrainer.Train(
            new TrainingInput(ModelTask.MulticlassClassification, features, table, TrainerKind.Lbfgs, 0.2, 1, TrainingOptions.Default), _ => { }, CancellationToken.None));
        Assert.Contains("single value", error.Message);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_refused_naming_the_line_and_column()
    {
        var csv = "a,b,label\n1,2,x\n3,oops,y\n";
        IReadOnlyList<FeatureColumn> features = [new("a", "number"), new("b", "number")];
        var error = await Assert.ThrowsAsync<UnusableDataException>(() =>
            ModelWorkerData.ReadAsync(csv, features, new LabelSpec("label", "string", ModelTask.MulticlassClassification)));
        Assert.Contains("line 3", error.Message);
        Assert.Contains("'b'", error.Message);
    }

    [Fact]
    public async Task Regression_on_a_text_label_is_refused_naming_the_label()
    {
        IReadOnlyList<FeatureColumn> features = [new("a", "number")];
        var error = await Assert.ThrowsAsync<UnusableDataException>(() =>
            ModelWorkerData.ReadAsync("a,label\n1,high\n", features, new LabelSpec("label", "string", ModelTask.Regression)));
        Assert.Contains("label 'label'", error.Message);
    }

    [Theory]
    [InlineData(TrainerKind.FastTree)]
    [InlineData(TrainerKind.LightGbm)]
    public async Task Cancelling_stops_a_running_fit_part_way(TrainerKind trainer)
    {
        // Long work uncancelled (10,000 boosting iterations on 20,000 rows: 15-30 s here); cancelled after half a second.
        var table = await ModelWorkerData.ReadAsync(ModelWorkerData.LoansCsv(20_000), ModelWorkerData.LoanFeatures,
            new LabelSpec("approved", "boolean", ModelTask.BinaryClassification));
        var input = new TrainingInput(ModelTask.BinaryClassification, ModelWorkerData.LoanFeatures, table, trainer, 0.25, 1,
            TrainingOptions.Default with { Iterations = 10_000 });
        using var cancel = new CancellationTokenSource();
        using var fitting = new ManualResetEventSlim();
        var cancelledAt = new System.Diagnostics.Stopwatch();
        var stillFittingAtCancel = false;
        // The fit keeps the thread pool busy; a continuation or timer queued there can wait until it ends (seen: 20 s),
        // so the cancel comes from a thread of its own.
        Task<TrainingResult>? training = null;
        var canceller = new Thread(() =>
        {
            fitting.Wait(TimeSpan.FromSeconds(60));
            Thread.Sleep(500);
            stillFittingAtCancel = !training!.IsCompleted;
            cancelledAt.Start();
            cancel.Cancel();
        });
        training = Task.Run(() => ModelTrainer.Train(input, p => { if (p >= 0.2) fitting.Set(); }, cancel.Token));
        canceller.Start();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => training);
        canceller.Join();
        Assert.True(stillFittingAtCancel, "the fit ended before it could be cancelled: make it longer");
        Assert.True(FitCancellation.Supported);
        Assert.True(cancelledAt.Elapsed < TimeSpan.FromSeconds(10), $"the fit went on for {cancelledAt.Elapsed.TotalSeconds:F1} s after the cancel");
    }

    private static float[][] Probabilities(TrainingResult result, ColumnTable table)
    {
        var version = new ModelVersion("iris", 1, VersionStatus.Ready, result.Trainer, null, null, result.Metrics,
            ModelWorkerData.IrisFeatures, result.Outputs, 0, 0, DateTimeOffset.UtcNow);
        var loaded = new LoadedModel("iris", version, ModelTask.MulticlassClassification, "species", result.Model);
        var features = new ColumnTable(table.Without(DatasetCsvReader.LabelColumn).Columns, loaded.Layout.Schema);
        return loaded.Predict(features).Select(p => p.Probabilities!).ToArray();
    }
}
