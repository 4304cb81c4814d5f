using static DsApp.Tests.Hostile.Bodies;

namespace DsApp.Tests.Hostile;

/// <summary>
/// Bodies whose HTTP framing lies, sent over raw TCP to every door and every way a service reads a body: chunk sizes that
/// are not numbers or do not match their data (400 naming the chunk), a body that trickles (408), a chunked body or a
/// Content-Length cut short by a client that leaves (no one to answer; nothing stored, nothing logged as an error), a
/// table refused before its body ends (400, and nothing logged as an error while the server gives up on the rest).
/// </summary>
public static class FramingCases
{
    /// <summary>Where a body goes: each door, and each way a service reads one (streamed upload, JSON document, whole bytes, bound JSON).</summary>
    private static readonly (string Label, Door Door, string Method, string Target, string ContentType)[] Readers =
    [
        ("upload", Door.Ingest, "POST", "/api/datasets?id={new}", "text/csv"),
        ("dataset-patch", Door.Ingest, "PATCH", $"/api/datasets/{HostileStack.Dataset}", "application/merge-patch+json"),
        ("predict", Door.Worker, "POST", $"/api/models/{HostileStack.Model}/predict", "application/json"),
        ("infer", Door.Worker, "POST", $"/v2/models/{HostileStack.Model}/infer", "application/json"),
        ("training", Door.Worker, "POST", $"/api/models/{HostileStack.Model}/versions", "application/json"),
        ("model-patch", Door.Worker, "PATCH", $"/api/models/{HostileStack.Model}", "application/merge-patch+json"),
        ("gateway-upload", Door.Gateway, "POST", "/api/datasets?id={new}", "text/csv"),
        ("gateway-predict", Door.Gateway, "POST", $"/api/models/{HostileStack.Model}/predict", "application/json"),
        ("gateway-infer", Door.Gateway, "POST", $"/v2/models/{HostileStack.Model}/infer", "application/json"),
    ];

    /// <summary>The readers a trickling body is tried on: each takes the data-rate timeout (about 5 s) to answer.</summary>
    private static readonly string[] Trickled = ["upload", "predict", "infer", "training", "gateway-upload", "gateway-predict"];

    public static IEnumerable<HostileCase> All()
    {
        foreach (var (label, door, method, target, contentType) in Readers)
        {
            HostileCase Framed(string name, (string, string)[] headers, byte[] raw, int status, params string[] names) =>
                new($"framing/{name}-{label}", door, method, target, status, names)
                { ContentType = contentType, Framing = Framing.AsWritten, Headers = headers, Body = raw };

            var chunked = new[] { ("Transfer-Encoding", "chunked") };
            yield return Framed("chunk-size-not-hex", chunked, Utf8("zz\r\n{}\r\n0\r\n\r\n"), 400, "chunk");
            yield return Framed("chunk-size-past-long", chunked, Utf8("fffffffffffffffffff\r\n{}\r\n0\r\n\r\n"), 400, "chunk");
            yield return Framed("chunk-data-longer-than-its-size", chunked, Utf8("2\r\n{}}}\r\n0\r\n\r\n"), 400, "chunk");
            // 16 bytes promised, 9 sent, and the client is gone.
            yield return Framed("chunked-body-cut-short", chunked, Utf8("10\r\n{\"a\":1,\"b"), 400, "end of request content") with { ClientLeaves = true };
            yield return Framed("content-length-cut-short", [("Content-Length", "100")], Utf8("{\"a\":1,\"b\""), 400, "end of request content") with { ClientLeaves = true };
            // 100,000 bytes promised, a few sent (a valid start), and the client stays: the server stops waiting and says why
            // rather than hold the connection.
            var start = contentType == "text/csv" ? "a,b\n1," : "{\"a\":1,\"";
            if (Trickled.Contains(label))
                yield return Framed("body-too-slow", [("Content-Length", "100000")], Utf8(start), 408, "too slowly") with { Timeout = TimeSpan.FromSeconds(30) };
            // The same, but the start is already wrong: the table is refused on its first line while the rest is still to
            // come, and the read ahead of the CSV parser is abandoned. The connection then closes once the server gives up
            // draining the rest.
            if (label == "upload")
                yield return Framed("refused-before-the-body-ends", [("Content-Length", "100000")], Utf8("a\"b,c\n1,2\n"), 400, "line 1", "quote")
                    with { Timeout = TimeSpan.FromSeconds(30) };
        }
    }
}
