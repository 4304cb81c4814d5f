using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.Inference.Onnx;
using DsApp.ModelWorker.Http;
using DsApp.ModelWorker.Registry;

namespace DsApp.ModelWorker.ModelFiles;

/// <summary>
/// Checks an imported ONNX file: ONNX Runtime loads it (every operator is one it has), the model's features map onto the
/// graph's inputs, its outputs answer the model's task, and one row runs through it, exactly as serving will.
/// </summary>
public static class OnnxImport
{
    public static ImportedFile Check(Model model, int version, MemoryStream body, DateTimeOffset started, OnnxLoader loader)
    {
        try
        {
            using var predictor = loader.Load(body.ToArray(), model.Features, model.Task);
            var outputs = model.Task switch
            {
                ModelTask.Regression => new List<OutputColumn> { new("value", "number") },
                // The classes the graph names, false's then true's: which of its labels a binary answer's true stands for.
                ModelTask.BinaryClassification => [new("label", "boolean", predictor.Classes), new("probability", "number")],
                _ => [new("label", "string", predictor.Classes), new("probabilities", "object", predictor.Classes)],
            };
            var candidate = new ModelVersion(model.Name, version, VersionStatus.Ready, TrainerKind.Imported, null, null,
                new Dictionary<string, double>(), predictor.Features, outputs, body.Length, 0, started,
                Runtime: ModelRuntime.Onnx, Graph: predictor.Graph);
            // The same construction serving uses.
            _ = new LoadedModel(model.Name, candidate, model.Task, model.Label, predictor);
            return ImportedFile.Good(candidate);
        }
        catch (OnnxModelException error)
        {
            return ImportedFile.Refused(ApiProblems.Invalid(error.Field, error.Message));
        }
    }
}
