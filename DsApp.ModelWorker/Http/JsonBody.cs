using System.Buffers;
using System.IO.Pipelines;
using System.Reflection;
using System.Text.Json;
using DsApp.Platform.Contracts;
using DsApp.ServiceDefaults.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace DsApp.ModelWorker.Http;

/// <summary>
/// A handler's JSON body: the value read, or the problem that says why it could not be. Minimal APIs answer a body
/// they cannot read with a bare 400 "Bad Request" (the reason only in the server's log); this binding never fails,
/// so the handler answers <see cref="Problem"/> instead: 400 naming the field (<c>name</c>, <c>features[1]</c>) or
/// <c>body</c> and why, 415 without a JSON Content-Type (<see cref="JsonContentType"/>). The endpoint still documents <typeparamref name="T"/> as
/// its request body.
/// </summary>
public sealed class JsonBody<T> : IEndpointParameterMetadataProvider where T : class
{
    private JsonBody(T? value, ProblemHttpResult? problem)
    {
        Value = value;
        Problem = problem;
    }

    /// <summary>The body read; null only when <see cref="Problem"/> is set.</summary>
    public T? Value { get; }

    public ProblemHttpResult? Problem { get; }

    public static async ValueTask<JsonBody<T>> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        if (JsonContentType.Refusal(context.Request) is { } wrongType)
            return Refused(ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, wrongType));
        var reader = context.Request.BodyReader;
        ReadResult read;
        try
        {
            while (!(read = await reader.ReadAsync(context.RequestAborted)).IsCompleted) reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
        catch (BadHttpRequestException unreadable) // past the server's body limit (413), or cut short
        {
            return Refused(ApiProblems.Status(unreadable.StatusCode, unreadable.Message));
        }
        JsonElement root;
        try
        {
            if (IsBlank(read.Buffer)) return Refused(Invalid("body", "is empty: send a JSON object."));
            using var document = JsonDocument.Parse(read.Buffer);
            root = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            return Refused(Invalid("body", $"is not valid JSON: {JsonShape.Reason(error)} ({JsonShape.Position(error)})."));
        }
        finally
        {
            reader.AdvanceTo(read.Buffer.End);
        }
        if (JsonUnicode.Fault(root) is { } fault) return Refused(Invalid("body", $"is JSON text that {fault}."));
        if (root.ValueKind != JsonValueKind.Object)
            return Refused(Invalid("body", $"is {JsonShape.Describe(root.ValueKind)}: send a JSON object."));

        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            return new JsonBody<T>(root.Deserialize<T>(options)!, null);
        }
        catch (JsonException error)
        {
            var field = JsonShape.Field(error.Path);
            return Refused(Invalid(field, $"must be {JsonShape.Expected(typeof(T), error.Path, options)}."));
        }
    }

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(T)));

    private static JsonBody<T> Refused(ProblemHttpResult problem) => new(null, problem);

    /// <summary>400 whose errors name the field, and whose detail reads as a sentence: "name must be a string."</summary>
    private static ProblemHttpResult Invalid(string field, string why) =>
        ApiProblems.Status(StatusCodes.Status400BadRequest, $"{field} {why}", new Dictionary<string, string[]> { [field] = [why] });

    private static bool IsBlank(ReadOnlySequence<byte> body)
    {
        foreach (var segment in body)
            if (!segment.Span.Trim(" \t\r\n"u8).IsEmpty) return false;
        return true;
    }
}
