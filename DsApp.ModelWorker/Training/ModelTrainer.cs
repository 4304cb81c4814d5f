using System.Diagnostics;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using Microsoft.ML;
using Microsoft.ML.Data;
using DsApp.ModelWorker.Datasets;

namespace DsApp.ModelWorker.Training;

/// <summary>
/// Trains one model version: a seeded split into training and held-out rows, the pipeline the schema calls for,
/// the trainer asked for (or, for <c>auto</c>, the best of several on a validation part of the training rows),
/// and the contract's metrics on the held-out rows.
/// </summary>
public static class ModelTrainer
{
    public const int MinimumRows = 10;
    private const string Label = DatasetCsvReader.LabelColumn;

    public static TrainingResult Train(TrainingInput input, Action<double> progress, CancellationToken cancellationToken)
    {
        CheckLabel(input);
        var ml = new MLContext(input.Seed);
        using var stopFit = FitCancellation.StopOn(ml, cancellationToken);
        try
        {
            return Train(ml, input, progress, cancellationToken);
        }
        catch (Exception error) when (cancellationToken.IsCancellationRequested && error is not OperationCanceledException)
        {
            // A fit stopped part-way fails with whatever ML.NET throws; the job was cancelled, not failed.
            throw new OperationCanceledException("Training was cancelled.", error, cancellationToken);
        }
    }

    private static TrainingResult Train(MLContext ml, TrainingInput input, Action<double> progress, CancellationToken cancellationToken)
    {
        var (train, test) = Split(input.Table, input.TestFraction, input.Seed);
        var plan = PipelinePlan.For(input.Features, train, input.Options);
        progress(0.2);

        IReadOnlyList<CandidateScore>? candidates = null;
        var trainer = input.Trainer;
        if (trainer == TrainerKind.Auto)
        {
            var (fit, validation) = Split(train, 0.25, input.Seed + 1);
            var scores = new List<CandidateScore>();
            var tried = TrainerCatalog.AutoCandidates(input.Task);
            foreach (var candidate in tried)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var watch = Stopwatch.StartNew();
                var model = Fit(ml, plan, input, candidate, fit);
                cancellationToken.ThrowIfCancellationRequested();
                var metrics = Evaluate(ml, input.Task, model.Transform(validation.AsDataView()));
                var (metric, score) = SelectionScore(input.Task, metrics);
                scores.Add(new CandidateScore(candidate, metric, score, Math.Round(watch.Elapsed.TotalSeconds, 3)));
                progress(0.2 + 0.6 * scores.Count / tried.Count);
            }
            candidates = scores;
            // The first best in the fixed candidate order, so equal scores choose the same trainer every time.
            trainer = scores.OrderByDescending(s => s.Score).First().Trainer;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var final = Fit(ml, plan, input, trainer, train);
        // A cancel that came while the fit ran to its end still ends the job as cancelled, not as a model.
        cancellationToken.ThrowIfCancellationRequested();
        progress(0.9);
        var heldOut = Evaluate(ml, input.Task, final.Transform(test.AsDataView()));
        return new TrainingResult(final, train.Without(Label).Schema, trainer, heldOut, candidates, Outputs(input.Task, input.Table), plan);
    }

    /// <summary>What the predictions of a task answer, as the version's <c>outputs</c>.</summary>
    public static IReadOnlyList<OutputColumn> Outputs(ModelTask task, ColumnTable table) => task switch
    {
        ModelTask.Regression => [new OutputColumn("value", "number")],
        ModelTask.BinaryClassification => [new OutputColumn("label", "boolean"), new OutputColumn("probability", "number")],
        _ => [new OutputColumn("label", "string", table[Label].KeyNames), new OutputColumn("probabilities", "object", table[Label].KeyNames)],
    };

    /// <summary>A seeded shuffle, then the first <paramref name="testFraction"/> of rows held out.</summary>
    public static (ColumnTable Train, ColumnTable Test) Split(ColumnTable table, double testFraction, int seed)
    {
        var order = Enumerable.Range(0, table.RowCount).ToArray();
        new Random(seed).Shuffle(order);
        var testCount = Math.Clamp((int)Math.Round(table.RowCount * testFraction), 1, table.RowCount - 1);
        return (table.Take(order[testCount..]), table.Take(order[..testCount]));
    }

    private static ITransformer Fit(MLContext ml, PipelinePlan plan, TrainingInput input, TrainerKind trainer, ColumnTable rows) =>
        plan.Build(ml).Append(TrainerCatalog.Create(ml, input.Task, trainer, input.Seed, input.Options)).Fit(rows.AsDataView());

    private static void CheckLabel(TrainingInput input)
    {
        var table = input.Table;
        if (table.RowCount < MinimumRows)
            throw new UnusableDataException($"The dataset has {table.RowCount} rows with a label; training needs at least {MinimumRows}.");
        var label = table[Label];
        var distinct = label.Kind switch
        {
            ColumnKind.Number => label.Numbers!.Distinct().Count(),
            ColumnKind.Boolean => label.Booleans!.Distinct().Count(),
            _ => label.KeyNames!.Count,
        };
        if (distinct < 2)
            throw new UnusableDataException("The label column has a single value: there is nothing to learn.");
        if (input.Task == ModelTask.Regression && input.Trainer == TrainerKind.Lbfgs && label.Numbers!.Any(v => v < 0))
            throw new UnusableDataException("lbfgs regression is Poisson regression and needs labels ≥ 0; use sdca, fast-tree or light-gbm.");
    }

    private static (string Metric, double Score) SelectionScore(ModelTask task, IReadOnlyDictionary<string, double> metrics) => task switch
    {
        ModelTask.Regression => ("r2", metrics.GetValueOrDefault("r2", double.MinValue)),
        ModelTask.BinaryClassification when metrics.ContainsKey("auc") => ("auc", metrics["auc"]),
        _ => ("accuracy", metrics.GetValueOrDefault("accuracy")),
    };

    public static IReadOnlyDictionary<string, double> Evaluate(MLContext ml, ModelTask task, IDataView predictions)
    {
        var metrics = new Dictionary<string, double>();
        switch (task)
        {
            case ModelTask.Regression:
                var r = ml.Regression.Evaluate(predictions, Label);
                metrics["rmse"] = r.RootMeanSquaredError;
                metrics["mae"] = r.MeanAbsoluteError;
                metrics["r2"] = r.RSquared;
                break;
            case ModelTask.BinaryClassification:
                var b = ml.BinaryClassification.EvaluateNonCalibrated(predictions, Label);
                metrics["accuracy"] = b.Accuracy;
                metrics["macroAccuracy"] = (b.PositiveRecall + b.NegativeRecall) / 2;
                metrics["f1"] = b.F1Score;
                metrics["auc"] = b.AreaUnderRocCurve;
                if (predictions.Schema.GetColumnOrNull("Probability") is not null)
                {
                    metrics["logLoss"] = ml.BinaryClassification.Evaluate(predictions, Label).LogLoss;
                }
                break;
            default:
                var m = ml.MulticlassClassification.Evaluate(predictions, Label);
                metrics["accuracy"] = m.MicroAccuracy;
                metrics["macroAccuracy"] = m.MacroAccuracy;
                metrics["logLoss"] = m.LogLoss;
                break;
        }
        // JSON has no NaN: a metric the held-out rows cannot define (e.g. AUC with one class) is left out.
        return metrics.Where(p => double.IsFinite(p.Value)).ToDictionary(p => p.Key, p => Math.Round(p.Value, 6));
    }
}
