using System.Net.Http.Headers;
using System.Text;
using DsApp.Ingest;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DsApp.Tests.Ingest.Datasets;

/// <summary>
/// Uploads of several megabytes that reach a real Kestrel port in pieces of odd sizes (cutting lines and UTF-8 sequences
/// anywhere), with pauses between, framed by Content-Length or chunked, plain or gzip: every byte is read, whichever way
/// the ingest service reads the body (the CSV parser's read-ahead, the JSON reader), and the stored table is the one sent.
/// </summary>
public sealed class PiecemealUploadTests(PiecemealUploadTests.Ingest ingest) : IClassFixture<PiecemealUploadTests.Ingest>
{
    private const int Rows = 200_000;
    private static readonly int[] PieceSizes = [1, 7, 4093, 65_537, 300, 131_071, 2, 16_384];

    [Theory]
    [InlineData("text/csv", false, false)]
    [InlineData("text/csv", true, false)]
    [InlineData("application/json", false, false)]
    [InlineData("application/json", true, false)]
    [InlineData("text/csv", false, true)]
    [InlineData("application/json", true, true)]
    public async Task A_multi_megabyte_upload_arriving_in_pieces_is_stored_whole(string contentType, bool chunked, bool gzip)
    {
        var (csv, json) = Table();
        var body = contentType == "text/csv" ? csv : json;
        Assert.True(body.Length > 4 << 20, $"the body is {body.Length} bytes");
        if (gzip) body = ContentCodings.Compress(body, "gzip");
        var id = $"piecemeal-{(contentType == "text/csv" ? "csv" : "json")}-{(chunked ? "chunked" : "length")}{(gzip ? "-gzip" : "")}";

        using var client = ingest.Client();
        var logsBefore = ingest.Logs.Entries.Count;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/datasets?id={id}") { Content = new PiecemealContent(body, chunked) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (gzip) request.Content.Headers.ContentEncoding.Add("gzip");
        request.Headers.TransferEncodingChunked = chunked;
        using var created = await client.SendAsync(request);

        var errors = ingest.Logs.Entries.Skip(logsBefore).Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(e => e.Message).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        Assert.Equal(Rows, (await created.JsonAsync()).GetProperty("rowCount").GetInt64());
        // Stored as CSV: byte for byte the table sent.
        var stored = await client.GetByteArrayAsync($"/api/datasets/{id}/content");
        Assert.True(csv.AsSpan().SequenceEqual(stored), $"the stored table ({stored.Length} bytes) differs from the one sent ({csv.Length} bytes)");
    }

    /// <summary>The same table as CSV (in its stored form) and as a JSON array; its names are not all ASCII.</summary>
    private static (byte[] Csv, byte[] Json) Table()
    {
        var csv = new StringBuilder("n,name\n");
        var json = new StringBuilder("[");
        for (var i = 0; i < Rows; i++)
        {
            var name = $"naïve-日本-{i}";
            csv.Append(i).Append(',').Append(name).Append('\n');
            json.Append(i == 0 ? "" : ",").Append("{\"n\":").Append(i).Append(",\"name\":\"").Append(name).Append("\"}");
        }
        return (Encoding.UTF8.GetBytes(csv.ToString()), Encoding.UTF8.GetBytes(json.Append(']').ToString()));
    }

    /// <summary>Sends the body in <see cref="PieceSizes"/>, each flushed, pausing after every fourth.</summary>
    private sealed class PiecemealContent(byte[] body, bool chunked) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (int offset = 0, piece = 0; offset < body.Length; piece++)
            {
                var size = Math.Min(PieceSizes[piece % PieceSizes.Length], body.Length - offset);
                await stream.WriteAsync(body.AsMemory(offset, size));
                await stream.FlushAsync();
                offset += size;
                if (piece % 4 == 3) await Task.Delay(1);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return !chunked;
        }
    }

    /// <summary>Redis and an ingest service on a real Kestrel port, storing in a folder, its logs recorded.</summary>
    public sealed class Ingest : IAsyncLifetime
    {
        private readonly RedisServerFixture _redis = new();
        private readonly string _store = Directory.CreateTempSubdirectory("dsapp-piecemeal-").FullName;
        private WebApplicationFactory<IngestService>? _factory;

        public Uri Address { get; } = new($"http://127.0.0.1:{FreePort.Next()}");
        public LogRecorder Logs { get; } = new();

        public HttpClient Client() => new HttpClient { BaseAddress = Address }.AsGateway();

        public async Task InitializeAsync()
        {
            await _redis.InitializeAsync();
            _factory = new WebApplicationFactory<IngestService>().WithWebHostBuilder(web =>
            {
                IngestAppFixture.ApplySettings(web, _store, _redis.Port, Logs);
                web.UseSetting("Ingest:MaxUploadBytes", (64 << 20).ToString());
                web.UseUrls(Address.ToString());
            });
            _factory.UseKestrel();
            _factory.StartServer();
        }

        public async Task DisposeAsync()
        {
            _factory?.Dispose();
            await _redis.DisposeAsync();
            try { Directory.Delete(_store, recursive: true); } catch (IOException) { }
        }
    }
}
