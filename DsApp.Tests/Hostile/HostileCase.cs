using System.Text;
using DsApp.ServiceDefaults.Security;

namespace DsApp.Tests.Hostile;

/// <summary>Which process a case is sent to: a service as the gateway calls it (with the internal secret), or the gateway with a key.</summary>
public enum Door { Ingest, Worker, Gateway }

/// <summary>How the body goes out: with its Content-Length, chunked, or as written (the case's headers say what they say).</summary>
public enum Framing { Length, Chunked, AsWritten }

/// <summary>
/// One hostile request and what must come of it: <see cref="Status"/> (a 4xx), an error body in the protocol's shape
/// (problem+json; <c>{"error"}</c> on <c>/v2</c>) that names the fault (<see cref="Names"/>, each found in the problem's
/// detail or errors, or the error text), within <see cref="Timeout"/>, with nothing stored and every service healthy after.
/// In <see cref="Target"/>, <c>{new}</c> stands for an id no resource has (one per case).
/// </summary>
public sealed record HostileCase(string Name, Door Door, string Method, string Target, int Status, params string[] Names)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];
    public byte[]? Body { get; init; }
    public string? ContentType { get; init; }
    public Framing Framing { get; init; } = Framing.Length;
    /// <summary>
    /// The client shuts its sending side after the bytes, its body cut short: the server sees the client gone (Kestrel takes
    /// no half-closed connections) and need not answer, but must neither store nor log the client's leaving as its own failure.
    /// </summary>
    public bool ClientLeaves { get; init; }
    /// <summary>False for cases about the credentials themselves: the door's own key or secret is not added.</summary>
    public bool Credentials { get; init; } = true;
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public bool IsOpenInference => Target.StartsWith("/v2", StringComparison.Ordinal);

    /// <summary>An id that matches the naming rule, unique to this case, so one case's leftovers cannot change another's answer.</summary>
    public string NewId => "h-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Name)))[..16];

    public override string ToString() => Name;

    /// <summary>The request exactly as it goes on the wire.</summary>
    public byte[] ToBytes()
    {
        var head = new StringBuilder();
        head.Append($"{Method} {Target.Replace("{new}", NewId)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (Credentials)
        {
            head.Append(Door == Door.Gateway
                ? $"{PresentedKey.HeaderName}: {GatewayHost.AdminKey}\r\n"
                : $"{InternalCall.Header}: {GatewayProof.InternalSecret}\r\n");
        }
        if (ContentType is not null) head.Append($"Content-Type: {ContentType}\r\n");
        foreach (var (name, value) in Headers) head.Append($"{name}: {value}\r\n");
        var body = Body ?? [];
        switch (Framing)
        {
            case Framing.Length when Body is not null:
                head.Append($"Content-Length: {body.Length}\r\n");
                break;
            case Framing.Chunked:
                head.Append("Transfer-Encoding: chunked\r\n");
                body = Chunk(body);
                break;
        }
        head.Append("\r\n");
        // A header or path with characters past ASCII goes out as UTF-8, as a client that does not check would send it.
        return [.. Encoding.UTF8.GetBytes(head.ToString()), .. body];
    }

    private static byte[] Chunk(byte[] body)
    {
        var chunked = new MemoryStream();
        for (var offset = 0; offset < body.Length; offset += 8192)
        {
            var size = Math.Min(8192, body.Length - offset);
            chunked.Write(Encoding.ASCII.GetBytes($"{size:x}\r\n"));
            chunked.Write(body, offset, size);
            chunked.Write("\r\n"u8);
        }
        chunked.Write("0\r\n\r\n"u8);
        return chunked.ToArray();
    }
}
