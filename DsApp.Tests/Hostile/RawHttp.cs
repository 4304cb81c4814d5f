using System.Net.Sockets;
using System.Text;

namespace DsApp.Tests.Hostile;

/// <summary>An HTTP/1.1 answer as it came off the wire (after any 1xx), its body de-chunked.</summary>
public sealed record RawAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? MediaType => Headers.TryGetValue("content-type", out var type) ? type.Split(';')[0].Trim().ToLowerInvariant() : null;
}

/// <summary>
/// Sends bytes exactly as given over a plain TCP connection and reads the answer: what an HTTP client library would
/// refuse to send (a path with <c>..</c> or <c>%2F</c> as written, a length that lies, a chunked body cut short, two
/// Content-Length headers) goes out unchanged. Each request asks <c>Connection: close</c>, so the answer ends where the
/// server closes; <c>halfClose</c> shuts the sending side after the bytes (a body that ends early) and still reads.
/// </summary>
public static class RawHttp
{
    public static async Task<RawAnswer?> ExchangeAsync(Uri server, byte[] request, bool halfClose, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server.Host, server.Port, deadline.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, deadline.Token);
            if (halfClose) client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
            // The server answered and closed before taking every byte (a refusal before the body): read what it said.
        }
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, deadline.Token)) > 0) received.Write(buffer, 0, read);
        }
        catch (IOException)
        {
            // A reset: after an answer (the server closing a connection with request bytes unread), the answer stands;
            // before one, there is none.
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"no complete answer within {timeout.TotalSeconds:0} s ({received.Length} bytes received)");
        }
        return Parse(received.ToArray());
    }

    /// <summary>The last non-1xx answer in the bytes, or null when the server closed without answering.</summary>
    public static RawAnswer? Parse(byte[] bytes)
    {
        var offset = 0;
        while (true)
        {
            var end = IndexOf(bytes, "\r\n\r\n"u8, offset);
            if (end < 0) return null;
            var head = Encoding.Latin1.GetString(bytes, offset, end - offset).Split("\r\n");
            var status = int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in head.Skip(1))
            {
                var colon = line.IndexOf(':');
                if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
            offset = end + 4;
            if (status is >= 100 and < 200) continue;
            var body = bytes.AsSpan(offset);
            if (headers.TryGetValue("transfer-encoding", out var coding) && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
                body = Dechunk(body);
            else if (headers.TryGetValue("content-length", out var length) && int.TryParse(length, out var n) && n <= body.Length)
                body = body[..n];
            return new RawAnswer(status, headers, Encoding.UTF8.GetString(body));
        }
    }

    private static byte[] Dechunk(ReadOnlySpan<byte> chunked)
    {
        var body = new MemoryStream();
        while (true)
        {
            var line = chunked.IndexOf("\r\n"u8);
            if (line < 0) break;
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked[..line]).Split(';')[0].Trim(), 16);
            if (size == 0 || chunked.Length < line + 2 + size) break;
            body.Write(chunked.Slice(line + 2, size));
            chunked = chunked[Math.Min(chunked.Length, line + 2 + size + 2)..];
        }
        return body.ToArray();
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> value, int from)
    {
        var found = bytes.AsSpan(from).IndexOf(value);
        return found < 0 ? -1 : from + found;
    }
}
