using System.Text.Json;
using DsApp.ModelWorker.Http;
using DsApp.ModelWorker.Inference;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// The optional members of an infer request, each of the JSON kind the protocol gives it or refused with a 400 that
/// names it (rather than read as absent): <c>id</c> a string, <c>parameters</c> (of the request, an input or an
/// output) an object, <c>outputs</c> an array. A member set to <c>null</c> counts as absent.
/// </summary>
public static class InferRequestShape
{
    /// <summary>The request's <c>id</c>, or null when it has none.</summary>
    public static string? Id(JsonElement request) =>
        Member(request, "id", JsonValueKind.String, "the request", "a string") is { } id ? id.GetString() : null;

    /// <summary>The <c>parameters</c> object of the request, an input or an output (<paramref name="owner"/> names which).</summary>
    public static JsonElement? Parameters(JsonElement owner, string ownerName) =>
        Member(owner, "parameters", JsonValueKind.Object, ownerName, "an object of named values");

    /// <summary>The request's <c>outputs</c> array, or null when it asks for none by name (then it gets them all).</summary>
    public static JsonElement? Outputs(JsonElement request) =>
        Member(request, "outputs", JsonValueKind.Array, "the request", "an array of {\"name\"} objects");

    private static JsonElement? Member(JsonElement owner, string name, JsonValueKind kind, string ownerName, string expected)
    {
        if (owner.ValueKind != JsonValueKind.Object || !owner.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == kind) return value;
        throw InputException.For(name, $"\"{name}\" of {ownerName} is {JsonShape.Describe(value.ValueKind)}; it must be {expected}.");
    }
}
