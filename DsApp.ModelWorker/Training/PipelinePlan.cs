using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using DsApp.ModelWorker.Datasets;

namespace DsApp.ModelWorker.Training;

/// <summary>
/// The feature pipeline a dataset's schema calls for: numbers (and booleans, datetimes as floats) gathered,
/// missing values replaced by the mean and normalised; strings one-hot encoded when they have few categories, hashed otherwise;
/// all concatenated into <see cref="FeaturesColumn"/>.
/// </summary>
public sealed class PipelinePlan
{
    public const string FeaturesColumn = "__Features";
    private const string NumericColumn = "__Numeric";

    private PipelinePlan(IReadOnlyList<(FeatureColumn Feature, FeatureEncoding Encoding)> features, TrainingOptions options)
    {
        Features = features;
        Options = options;
    }

    public IReadOnlyList<(FeatureColumn Feature, FeatureEncoding Encoding)> Features { get; }
    public TrainingOptions Options { get; }

    public FeatureEncoding EncodingOf(string name) => Features.Single(f => f.Feature.Name == name).Encoding;

    /// <summary>Chooses each feature's encoding from its type and, for text, the number of distinct values in <paramref name="table"/>.</summary>
    public static PipelinePlan For(IReadOnlyList<FeatureColumn> features, ColumnTable table, TrainingOptions options)
    {
        if (features.Count == 0) throw new UnusableDataException("The model has no feature column to learn from.");
        var plan = features.Select(feature =>
        {
            if (FeatureTypes.KindOf(feature.Type) != ColumnKind.Text) return (feature, FeatureEncoding.Numeric);
            var distinct = table[feature.Name].Texts!.Select(t => t.ToString()).Distinct().Count();
            return (feature, distinct <= options.OneHotMaxCategories ? FeatureEncoding.OneHot : FeatureEncoding.Hashed);
        }).ToList();
        return new PipelinePlan(plan, options);
    }

    public IEstimator<ITransformer> Build(MLContext ml)
    {
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        var parts = new List<string>();
        var numeric = Features.Where(f => f.Encoding == FeatureEncoding.Numeric).Select(f => f.Feature.Name).ToArray();
        if (numeric.Length > 0)
        {
            pipeline = pipeline
                .Append(ml.Transforms.Concatenate(NumericColumn, numeric))
                .Append(ml.Transforms.ReplaceMissingValues(NumericColumn, replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean))
                .Append(Options.Normalization == "mean-variance"
                    ? (IEstimator<ITransformer>)ml.Transforms.NormalizeMeanVariance(NumericColumn)
                    : ml.Transforms.NormalizeMinMax(NumericColumn));
            parts.Add(NumericColumn);
        }
        var index = 0;
        foreach (var (feature, encoding) in Features.Where(f => f.Encoding != FeatureEncoding.Numeric))
        {
            var output = $"__Category{index++}";
            pipeline = pipeline.Append(encoding == FeatureEncoding.OneHot
                ? (IEstimator<ITransformer>)ml.Transforms.Categorical.OneHotEncoding(output, feature.Name)
                : ml.Transforms.Categorical.OneHotHashEncoding(output, feature.Name, numberOfBits: Options.HashBits));
            parts.Add(output);
        }
        return pipeline.Append(ml.Transforms.Concatenate(FeaturesColumn, parts.ToArray()));
    }

    public override string ToString() => string.Join("; ", Features.Select(f => $"{f.Feature.Name}: {RegistryJson.Kebab(f.Encoding)}"));
}
