namespace DsApp.ModelWorker.Inference;

/// <summary>A request's input that does not fit the model; <see cref="Errors"/> name the fields (<c>instances[2].petal_width</c>).</summary>
public sealed class InputException(IReadOnlyDictionary<string, string[]> errors, int status = StatusCodes.Status400BadRequest)
    : Exception(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
    public int Status { get; } = status;

    public static InputException For(string field, string message, int status = StatusCodes.Status400BadRequest) =>
        new(new Dictionary<string, string[]> { [field] = [message] }, status);
}
