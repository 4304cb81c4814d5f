using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace DsApp.ServiceDefaults.Requests;

/// <summary>
/// A request the server or the framework could not read, answered as a problem with the status it carries (400, 413,
/// 415, …) instead of the bare status minimal APIs give (their reason only in the log). A route or query value that does
/// not parse (<c>?version=abc</c>) names the parameter in <c>errors</c> and says what it must be; a body cut short,
/// badly framed (a chunk size past 32 bits too, which Kestrel throws as an IOException), arriving too slowly or not
/// valid in its content coding says so in <c>detail</c>, rather than being taken for an outage of what was reading it.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    private const int ShownValueLength = 100;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (UnreadableBody.Of(exception) is not { } unreadable || context.Response.HasStarted) return false;
        var problem = ParameterProblem(unreadable.Reason) ?? new ProblemDetails { Detail = unreadable.Reason };
        problem.Status = unreadable.Status;
        context.Response.StatusCode = unreadable.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// The parameter a binding failure names, from the framework's messages: <c>Failed to bind parameter "int? version"
    /// from "abc".</c>, <c>Required parameter "int version" was not provided from route.</c>; null for any other failure.
    /// </summary>
    public static HttpValidationProblemDetails? ParameterProblem(string message)
    {
        var match = BindingFailure().Match(message);
        if (!match.Success) return null;
        var name = match.Groups["name"].Value;
        var expected = Describe(match.Groups["type"].Value);
        var why = match.Groups["value"].Success
            ? $"'{Shorten(match.Groups["value"].Value)}' is not {expected}."
            : message.Contains("request body", StringComparison.Ordinal)
                ? $"the body cannot be read as {expected}."
                : $"is required: {expected}.";
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [name] = [why] }) { Detail = $"{name}: {why}" };
    }

    /// <summary>What a value of the parameter's type (<c>int?</c>, <c>Nullable&lt;int&gt;</c>, <c>Int64</c>) looks like, in a client's terms.</summary>
    private static string Describe(string type) => Unwrapped(type) switch
    {
        "int" or "Int32" => "a whole number (from -2147483648 to 2147483647)",
        "long" or "Int64" => "a whole number",
        "short" or "Int16" or "byte" or "Byte" or "uint" or "UInt32" or "ulong" or "UInt64" => "a whole number in range",
        "double" or "Double" or "float" or "Single" or "decimal" or "Decimal" => "a number",
        "bool" or "Boolean" => "true or false",
        "Guid" => "a GUID",
        "DateTime" or "DateTimeOffset" => "an ISO 8601 date and time",
        var other => $"a {other}",
    };

    private static string Unwrapped(string type)
    {
        type = type.TrimEnd('?');
        return type.StartsWith("Nullable<", StringComparison.Ordinal) && type.EndsWith('>') ? type["Nullable<".Length..^1] : type;
    }

    private static string Shorten(string value) => value.Length <= ShownValueLength ? value : value[..ShownValueLength] + "…";

    [GeneratedRegex("""parameter "(?<type>[^"]+) (?<name>[^" ]+)"( from "(?<value>.*)"\.$)?""", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex BindingFailure();
}
