namespace DsApp.Platform.Records;

/// <summary>How a command on a resource ended, in the resource's terms; the endpoints alone turn it into HTTP.</summary>
public enum OutcomeKind
{
    Ok,
    NotFound,
    PreconditionFailed,
    Invalid,
    Conflict,
}

/// <summary>What a command on a resource answers: the resource as it now is, or why the command did nothing.</summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value, string? Detail, IDictionary<string, string[]>? Errors = null)
{
    public bool IsOk => Kind == OutcomeKind.Ok;

    public static Outcome<T> Ok(T value) => new(OutcomeKind.Ok, value, null);
    public static Outcome<T> NotFound(string detail) => new(OutcomeKind.NotFound, default, detail);
    public static Outcome<T> PreconditionFailed(string detail) => new(OutcomeKind.PreconditionFailed, default, detail);
    public static Outcome<T> Invalid(IDictionary<string, string[]> errors) => new(OutcomeKind.Invalid, default, null, errors);
    public static Outcome<T> Conflict(string detail, IDictionary<string, string[]>? errors = null) => new(OutcomeKind.Conflict, default, detail, errors);

    /// <summary>The same refusal, for a command whose answer has another type.</summary>
    public Outcome<TOther> As<TOther>() => IsOk
        ? throw new InvalidOperationException("An outcome that succeeded has a value to pass on, not a refusal.")
        : new(Kind, default, Detail, Errors);
}
