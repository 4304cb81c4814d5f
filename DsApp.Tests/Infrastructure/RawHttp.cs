using System.Net.Sockets;
using System.Text;

namespace DsApp.Tests.Infrastructure;

/// <summary>
/// A request written byte for byte on a socket, for what HttpClient will not send (broken framing, an oversized line),
/// and the answer read as it comes: status, headers and body of HTTP/1.1 without chunking.
/// </summary>
public static class RawHttp
{
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    public static async Task<Answer> SendAsync(Uri server, string request, bool closeAfterSending = false)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        if (closeAfterSending) client.Client.Shutdown(SocketShutdown.Send);
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0) break;
            received.Write(buffer, 0, read);
            if (Parse(received.ToArray()) is { } whole) return whole;
        }
        return Parse(received.ToArray()) ?? throw new InvalidOperationException($"no whole answer: {Encoding.ASCII.GetString(received.ToArray())}");
    }

    /// <summary>The answer once its headers and whole body (by Content-Length, or chunks to the last) are in, else null.</summary>
    private static Answer? Parse(byte[] bytes)
    {
        // Latin-1 maps each byte to one char, so lengths in bytes index the text; the body is UTF-8 again at the end.
        var text = Encoding.Latin1.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return null;
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = text[(end + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out var coding) && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            return Dechunk(body) is { } whole ? new Answer(status, headers, Utf8(whole)) : null;
        var length = headers.TryGetValue("Content-Length", out var declared) ? int.Parse(declared) : 0;
        return body.Length >= length ? new Answer(status, headers, Utf8(body[..length])) : null;
    }

    private static string Utf8(string latin1) => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(latin1));

    private static string? Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (lineEnd < 0) return null;
            var size = Convert.ToInt32(chunked[at..lineEnd].Split(';')[0], 16);
            if (size == 0) return body.ToString();
            if (lineEnd + 2 + size > chunked.Length) return null;
            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
