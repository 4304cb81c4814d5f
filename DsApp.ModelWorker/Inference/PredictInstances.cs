using System.Text.Json;
using DsApp.ModelWorker.Tables;

namespace DsApp.ModelWorker.Inference;

/// <summary>A REST predict body's rows: <c>{"instances":[{...}]}</c> or one flat object, read by the version's <see cref="InputLayout"/>.</summary>
public sealed class PredictInstances(JsonElement body) : IPredictionInput
{
    public ColumnTable Read(LoadedModel version, int maxRows) => version.Layout.Read(body, maxRows);
}
