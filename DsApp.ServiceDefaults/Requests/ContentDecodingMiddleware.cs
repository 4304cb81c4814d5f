using DsApp.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace DsApp.ServiceDefaults.Requests;

/// <summary>
/// Hands every endpoint the body the client meant: one sent with <c>Content-Encoding: gzip</c>, <c>deflate</c> or
/// <c>br</c> is decoded as the endpoint reads it (<see cref="DecodedRequestBody"/>), and the header and
/// Content-Length go, for they describe the bytes on the wire, not the ones read. Any other coding is a 415 naming
/// it, rather than coded bytes read as if they were the content.
/// </summary>
public sealed class ContentDecodingMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var header = request.Headers.ContentEncoding;
        if (header.Count == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }) return next(context);
        if (!ContentCoding.TryRead(header, out var coding, out var refusal))
            return ProblemAnswer.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, refusal!);

        request.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.ContentEncoding);
        if (coding is null) return next(context);
        // Decoded from a body whose reads can be cancelled: an endpoint that abandons a read of the decoded body cancels the
        // server's read beneath it.
        request.Body = new DecodedRequestBody(coding.Decoder(CancellableRequestBody.Of(request)), coding, context.Features.Get<IHttpMaxRequestBodySizeFeature>());
        request.ContentLength = null;
        return next(context);
    }
}
