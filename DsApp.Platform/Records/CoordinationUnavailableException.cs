namespace DsApp.Platform.Records;

/// <summary>
/// A write cannot be made safe now: the cross-replica lock (Redis) is unreachable and the object store cannot decide
/// conditional writes by itself. Answered as 503 with Retry-After: refusing is better than losing an acknowledged write.
/// </summary>
public sealed class CoordinationUnavailableException(string resource)
    : Exception($"'{resource}' cannot be written safely while Redis is unreachable: this object store has no conditional writes of its own.");
