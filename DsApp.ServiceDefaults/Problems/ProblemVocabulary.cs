namespace DsApp.ServiceDefaults.Problems;

/// <summary>
/// One <c>type</c> and one <c>title</c> per status across every service (RFC 9457: the title is the type's, the detail
/// the occurrence's), applied to every problem the services write; what went wrong goes in <c>detail</c> and <c>errors</c>.
/// </summary>
public static class ProblemVocabulary
{
    public static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        408 => "Request timeout",
        409 => "Conflict",
        412 => "Precondition failed",
        413 => "Content too large",
        415 => "Unsupported media type",
        422 => "Unprocessable content",
        429 => "Too many requests",
        500 => "Internal server error",
        502 => "Bad gateway",
        503 => "Service unavailable",
        504 => "Gateway timeout",
        _ => "Error",
    };

    /// <summary>The status's section of RFC 9110 (15.5.x for 4xx, 15.6.x for 5xx); 429 is RFC 6585's.</summary>
    public static string Type(int status) => status switch
    {
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        421 or 422 => $"https://tools.ietf.org/html/rfc9110#section-15.5.{status - 401}",
        426 => "https://tools.ietf.org/html/rfc9110#section-15.5.22",
        >= 400 and <= 418 => $"https://tools.ietf.org/html/rfc9110#section-15.5.{status - 399}",
        >= 500 and < 600 => $"https://tools.ietf.org/html/rfc9110#section-15.6.{status - 499}",
        _ => "about:blank",
    };
}
