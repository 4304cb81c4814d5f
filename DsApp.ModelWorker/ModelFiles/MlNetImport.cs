using DsApp.ModelWorker.Inference;
using Microsoft.ML;
using Microsoft.ML.Data;
using DsApp.ModelWorker.Http;
using DsApp.ModelWorker.Registry;

namespace DsApp.ModelWorker.ModelFiles;

/// <summary>Checks an imported ML.NET model file (a zip): safe to open, loads, takes the model's features and gives the task's outputs.</summary>
public static class MlNetImport
{
    public static ImportedFile Check(Model model, int version, MemoryStream body, DateTimeOffset started)
    {
        if (ModelFileGuard.Check(body) is { } refused) return ImportedFile.Refused(ApiProblems.Invalid("body", refused));

        ITransformer transformer;
        DataViewSchema inputSchema;
        try
        {
            transformer = new MLContext().Model.Load(body, out inputSchema);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return ImportedFile.Refused(ApiProblems.Invalid("body", $"The file is not an ML.NET model: {error.Message}"));
        }
        var (inputs, problems) = InputsOf(model, inputSchema);
        if (problems.Count > 0) return ImportedFile.Refused(ApiProblems.Invalid(problems));
        var outputs = model.Task switch
        {
            ModelTask.Regression => new List<OutputColumn> { new("value", "number") },
            ModelTask.BinaryClassification => [new("label", "boolean"), new("probability", "number")],
            _ => [new("label", "string"), new("probabilities", "object")],
        };
        var candidate = new ModelVersion(model.Name, version, VersionStatus.Ready, TrainerKind.Imported, null, null,
            new Dictionary<string, double>(), inputs, outputs, body.Length, 0, started);
        try
        {
            // The same construction serving uses: it must bind to the inputs and give the task's outputs.
            var check = new LoadedModel(model.Name, candidate, model.Task, model.Label, transformer);
            if (check.Classes.Count > 0) candidate = candidate with { Outputs = [new("label", "string", check.Classes), new("probabilities", "object", check.Classes)] };
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return ImportedFile.Refused(ApiProblems.Invalid("body", $"The model cannot answer as a {RegistryJson.Kebab(model.Task)} model of these features: {error.Message}"));
        }
        return ImportedFile.Good(candidate);
    }

    /// <summary>The model's features as the file's input schema types them; a problem for each feature it lacks or cannot take.</summary>
    private static (List<FeatureColumn> Inputs, Dictionary<string, string[]> Problems) InputsOf(Model model, DataViewSchema schema)
    {
        var problems = new Dictionary<string, string[]>();
        var names = model.Features.Count > 0
            ? model.Features
            : schema.Where(c => !c.IsHidden && c.Name != model.Label).Select(c => c.Name).ToList();
        var inputs = new List<FeatureColumn>();
        foreach (var feature in names)
        {
            var column = schema.GetColumnOrNull(feature);
            if (column is null)
            {
                problems[$"features.{feature}"] = [$"the model file's input schema has no column '{feature}' (it has: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))})."];
                continue;
            }
            if (column.Value.Type == NumberDataViewType.Single) inputs.Add(new FeatureColumn(feature, "number"));
            else if (column.Value.Type == TextDataViewType.Instance) inputs.Add(new FeatureColumn(feature, "string"));
            else problems[$"features.{feature}"] = [$"is {column.Value.Type} in the model file; this service feeds Single (number) and Text (string) inputs."];
        }
        if (inputs.Count == 0 && problems.Count == 0) problems["features"] = ["the model file takes no input column this service can feed."];
        return (inputs, problems);
    }
}
