using DsApp.ModelWorker.Registry;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using DsApp.ModelWorker.Datasets;

namespace DsApp.ModelWorker.Training;

/// <summary>
/// The ML.NET trainer behind each trainer name, per task. Single-threaded where a trainer would otherwise
/// depend on thread timing, so a seed gives the same model every time.
/// </summary>
public static class TrainerCatalog
{
    private const string Label = DatasetCsvReader.LabelColumn;
    private const string Features = PipelinePlan.FeaturesColumn;

    /// <summary>What <c>auto</c> tries, in order.</summary>
    public static IReadOnlyList<TrainerKind> AutoCandidates(ModelTask task) => task == ModelTask.Regression
        ? [TrainerKind.Sdca, TrainerKind.FastTree, TrainerKind.LightGbm]
        : [TrainerKind.Lbfgs, TrainerKind.FastTree, TrainerKind.LightGbm];

    public static IEstimator<ITransformer> Create(MLContext ml, ModelTask task, TrainerKind trainer, int seed, TrainingOptions options) => (task, trainer) switch
    {
        (ModelTask.Regression, TrainerKind.Lbfgs) => ml.Regression.Trainers.LbfgsPoissonRegression(new LbfgsPoissonRegressionTrainer.Options
            { LabelColumnName = Label, FeatureColumnName = Features, NumberOfThreads = 1, MaximumNumberOfIterations = options.Iterations ?? 100 }),
        (ModelTask.Regression, TrainerKind.Sdca) => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            { LabelColumnName = Label, FeatureColumnName = Features, NumberOfThreads = 1, MaximumNumberOfIterations = options.Iterations }),
        (ModelTask.Regression, TrainerKind.FastTree) => ml.Regression.Trainers.FastTree(Tree(new FastTreeRegressionTrainer.Options(), options)),
        (ModelTask.Regression, TrainerKind.LightGbm) => ml.Regression.Trainers.LightGbm(Gbm(new LightGbmRegressionTrainer.Options(), seed, options)),

        (ModelTask.BinaryClassification, TrainerKind.Lbfgs) => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            { LabelColumnName = Label, FeatureColumnName = Features, NumberOfThreads = 1, MaximumNumberOfIterations = options.Iterations ?? 100 }),
        (ModelTask.BinaryClassification, TrainerKind.Sdca) => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            { LabelColumnName = Label, FeatureColumnName = Features, NumberOfThreads = 1, MaximumNumberOfIterations = options.Iterations }),
        (ModelTask.BinaryClassification, TrainerKind.FastTree) => ml.BinaryClassification.Trainers.FastTree(Tree(new FastTreeBinaryTrainer.Options(), options)),
        (ModelTask.BinaryClassification, TrainerKind.LightGbm) => ml.BinaryClassification.Trainers.LightGbm(Gbm(new LightGbmBinaryTrainer.Options(), seed, options)),

        (ModelTask.MulticlassClassification, TrainerKind.Lbfgs) => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            { LabelColumnName = Label, FeatureColumnName = Features, NumberOfThreads = 1, MaximumNumberOfIterations = options.Iterations ?? 100 }),
        (ModelTask.MulticlassClassification, TrainerKind.Sdca) => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            { LabelColumnName = Label, FeatureColumnName = Features, NumberOfThreads = 1, MaximumNumberOfIterations = options.Iterations }),
        (ModelTask.MulticlassClassification, TrainerKind.FastTree) => ml.MulticlassClassification.Trainers.OneVersusAll(
            ml.BinaryClassification.Trainers.FastTree(Tree(new FastTreeBinaryTrainer.Options(), options)), labelColumnName: Label),
        (ModelTask.MulticlassClassification, TrainerKind.LightGbm) => ml.MulticlassClassification.Trainers.LightGbm(Gbm(new LightGbmMulticlassTrainer.Options(), seed, options)),

        _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "No trainer of that name for this task."),
    };

    private static T Tree<T>(T tree, TrainingOptions options) where T : BoostedTreeOptions
    {
        tree.LabelColumnName = Label;
        tree.FeatureColumnName = Features;
        tree.NumberOfThreads = 1;
        tree.NumberOfTrees = options.Iterations ?? 100;
        tree.NumberOfLeaves = options.Leaves ?? 20;
        tree.MinimumExampleCountPerLeaf = 2;
        tree.LearningRate = options.LearningRate ?? 0.2;
        return tree;
    }

    private static LightGbmRegressionTrainer.Options Gbm(LightGbmRegressionTrainer.Options gbm, int seed, TrainingOptions options)
    {
        gbm.LabelColumnName = Label; gbm.FeatureColumnName = Features; gbm.Seed = seed; gbm.NumberOfThreads = 1;
        gbm.NumberOfIterations = options.Iterations ?? 100; gbm.NumberOfLeaves = options.Leaves ?? 20;
        gbm.MinimumExampleCountPerLeaf = 2; gbm.LearningRate = options.LearningRate ?? 0.2;
        return gbm;
    }

    private static LightGbmBinaryTrainer.Options Gbm(LightGbmBinaryTrainer.Options gbm, int seed, TrainingOptions options)
    {
        gbm.LabelColumnName = Label; gbm.FeatureColumnName = Features; gbm.Seed = seed; gbm.NumberOfThreads = 1;
        gbm.NumberOfIterations = options.Iterations ?? 100; gbm.NumberOfLeaves = options.Leaves ?? 20;
        gbm.MinimumExampleCountPerLeaf = 2; gbm.LearningRate = options.LearningRate ?? 0.2;
        return gbm;
    }

    private static LightGbmMulticlassTrainer.Options Gbm(LightGbmMulticlassTrainer.Options gbm, int seed, TrainingOptions options)
    {
        gbm.LabelColumnName = Label; gbm.FeatureColumnName = Features; gbm.Seed = seed; gbm.NumberOfThreads = 1;
        gbm.NumberOfIterations = options.Iterations ?? 100; gbm.NumberOfLeaves = options.Leaves ?? 20;
        gbm.MinimumExampleCountPerLeaf = 2; gbm.LearningRate = options.LearningRate ?? 0.2;
        return gbm;
    }
}
