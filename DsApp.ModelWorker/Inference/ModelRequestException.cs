namespace DsApp.ModelWorker.Inference;

/// <summary>A prediction that cannot be answered for a reason about the model, not the input: unknown model (404), version not ready (409).</summary>
public sealed class ModelRequestException(int status, string detail) : Exception(detail)
{
    public int Status { get; } = status;
}
