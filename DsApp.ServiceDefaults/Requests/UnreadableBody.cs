using Microsoft.AspNetCore.Http;

namespace DsApp.ServiceDefaults.Requests;

/// <summary>A request the server could not read, the status that says so, and why (the server's own words).</summary>
public sealed record UnreadableBody(int Status, string Reason)
{
    private const string Kestrel = "Microsoft.AspNetCore.Server.Kestrel.Core";

    /// <summary>
    /// The failure in what a reader threw, wrapped or not (a forwarder reports the client's in an AggregateException):
    /// a BadHttpRequestException, or the IOException Kestrel throws itself for a chunk size past 32 bits. An I/O failure
    /// Kestrel raised is the client's connection, never a dependency of the service.
    /// </summary>
    public static UnreadableBody? Of(Exception? exception) => exception switch
    {
        null => null,
        BadHttpRequestException bad => new UnreadableBody(bad.StatusCode, bad.Message),
        IOException io when io.Source == Kestrel => new UnreadableBody(StatusCodes.Status400BadRequest, io.Message),
        AggregateException aggregate => aggregate.InnerExceptions.Select(Of).FirstOrDefault(found => found is not null),
        _ => Of(exception.InnerException),
    };
}
