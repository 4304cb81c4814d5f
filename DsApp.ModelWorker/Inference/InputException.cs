namespace DsApp.ModelWorker.Inference;

/// <summary>A request's input that does not fit the model; <see cref="Errors"/> name the fields (<c>instances[2].petal_width</c>).</summary>
public sealed class InputException(IReadOnlyDictionary<string, string[]> errors, InputRefusal refusal = InputRefusal.Invalid)
    : Exception(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
    public InputRefusal Refusal { get; } = refusal;

    public static InputException For(string field, string message, InputRefusal refusal = InputRefusal.Invalid) =>
        new(new Dictionary<string, string[]> { [field] = [message] }, refusal);
}
