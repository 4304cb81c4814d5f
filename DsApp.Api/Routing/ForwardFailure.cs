using DsApp.Api.Endpoints;
using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace DsApp.Api.Routing;

/// <summary>What a failed forward means: whether the request can have reached a service, and whether it may be sent again.</summary>
public static class ForwardFailure
{
    /// <summary>Failures of the service or of the way to it, as opposed to the client's (which hung up, or sent a bad body).</summary>
    public static bool IsServiceFailure(ForwarderError error) => error is
        ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.RequestBodyDestination
        or ForwarderError.ResponseHeaders or ForwarderError.NoAvailableDestinations;

    /// <summary>
    /// No byte of the request reached a service: there was no replica to send it to, or the connection was never made
    /// (refused, or not accepted within the connect timeout). Such a request may go anywhere else, whatever its method.
    /// </summary>
    public static bool NothingSent(IForwarderErrorFeature failure) =>
        failure.Error == ForwarderError.NoAvailableDestinations || IsConnectFailure(failure.Exception);

    private static bool IsConnectFailure(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }) return true;
            // SocketsHttpHandler reports its ConnectTimeout as a cancellation caused by a TimeoutException
            // (the forwarder's own timeout cancels without one).
            if (e is OperationCanceledException { InnerException: TimeoutException }) return true;
        }
        return false;
    }

    /// <summary>
    /// Requests that change nothing, so sending one again after a failure cannot do anything twice: GET, HEAD and OPTIONS
    /// without a body, and predictions (<c>POST</c> predict and infer), which compute an answer and record nothing
    /// but cache entries and captured samples.
    /// </summary>
    public static bool IsRepeatable(HttpRequest request)
    {
        var method = request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
            return request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: true };
        return HttpMethods.IsPost(method) && EndpointTable.Matcher.Find(method, request.Path).BodyClass == BodyClass.Prediction;
    }
}
