using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using StackExchange.Redis;

namespace DsApp.Tests.Ingest.Datasets;

[Collection(IngestAppCollection.Name)]
public sealed class DatasetResourceTests(IngestAppFixture app)
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_stored_upload_is_logged_once_in_a_scope_naming_the_dataset()
    {
        using var created = await _client.PostCsvAsync("logged", "x,y\n1,2\n3,4\n");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var stored = Assert.Single(app.Logs.Entries, e => Equals(e.Scope.GetValueOrDefault("dsapp.dataset.id"), "logged")
            && e.Message.StartsWith("Stored version", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, stored.Level);
        Assert.Contains("version 1 of dataset logged: 2 rows", stored.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_merges_name_description_tags_and_label_and_changes_the_etag()
    {
        using var created = await _client.PostCsvAsync("patched", "x,y\n1,2\n");
        var etag = created.Headers.ETag!.Tag;

        using var patched = await PatchAsync("patched", """{"name":"Renamed","description":"d","tags":["a","b"],"label":"y"}""", etag);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var dataset = await patched.JsonAsync();
        Assert.Equal("Renamed", dataset.GetProperty("name").GetString());
        Assert.Equal("d", dataset.GetProperty("description").GetString());
        Assert.Equal(["a", "b"], dataset.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!));
        Assert.Equal("y", dataset.GetProperty("label").GetString());
        Assert.NotEqual(etag, patched.Headers.ETag!.Tag);
        Assert.Equal(patched.Headers.ETag.Tag, $"\"{dataset.GetProperty("etag").GetString()}\"");

        // null removes (RFC 7396); absent fields stay.
        var cleared = await (await PatchAsync("patched", """{"description":null,"label":null}""")).JsonAsync();
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("description").ValueKind);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("label").ValueKind);
        Assert.Equal("Renamed", cleared.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Patch_refuses_a_label_that_is_not_a_column_an_unknown_field_and_a_stale_etag()
    {
        using var created = await _client.PostCsvAsync("patch-refused", "x,y\n1,2\n");
        var stale = created.Headers.ETag!.Tag;
        await (await PatchAsync("patch-refused", """{"label":"z"}""")).AssertProblemAsync(HttpStatusCode.BadRequest, "label");
        await (await PatchAsync("patch-refused", """{"rowCount":3}""")).AssertProblemAsync(HttpStatusCode.BadRequest, "rowCount");
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync("patch-refused", """{"name":"n"}""", stale)).StatusCode);
        await (await PatchAsync("patch-refused", """{"name":"m"}""", stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        using var jsonPatch = new StringContent("""[{"op":"replace","path":"/name","value":"m"}]""", new MediaTypeHeaderValue("application/json-patch+json"));
        await (await _client.PatchAsync("/api/datasets/patch-refused", jsonPatch)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, says: "application/merge-patch+json");
    }

    [Fact]
    public async Task Put_adds_versions_that_each_stay_readable_and_if_match_guards_it()
    {
        using var created = await _client.PutCsvAsync("versioned", "a\n1\n");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/datasets/versioned", created.Headers.Location!.OriginalString);
        var v1Etag = created.Headers.ETag!;

        using var second = await _client.PutCsvAsync("versioned", "a,b\n2,3\n4,5\n");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, (await second.JsonAsync()).GetProperty("version").GetInt32());

        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/datasets/versioned") { Content = IngestClient.Body("a\n9\n", "text/csv") };
        stale.Headers.IfMatch.Add(v1Etag);
        await (await _client.SendAsync(stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        var versions = await (await _client.GetAsync("/api/datasets/versioned/versions")).JsonAsync();
        Assert.Equal([1, 2], versions.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("a\n1\n", await _client.GetStringAsync("/api/datasets/versioned/content?version=1"));
        Assert.Equal("a,b\n2,3\n4,5\n", await _client.GetStringAsync("/api/datasets/versioned/content"));
        var oldRows = await (await _client.GetAsync("/api/datasets/versioned/rows?version=1")).JsonAsync();
        Assert.Equal(["a"], oldRows.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/datasets/versioned/content?version=3")).StatusCode);
    }

    [Fact]
    public async Task Post_on_an_existing_id_is_a_409_and_leaves_the_dataset_as_it_was()
    {
        using (var created = await _client.PostCsvAsync("taken", "a\n1\n")) Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var before = app.StoredKeys("datasets/taken/");
        await (await _client.PostCsvAsync("taken", "a\n2\n")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(before, app.StoredKeys("datasets/taken/"));
    }

    [Fact]
    public async Task Delete_removes_every_object_and_a_second_delete_is_a_404()
    {
        await _client.PostCsvAsync("doomed", "a\n1\n");
        await _client.PutCsvAsync("doomed", "a\n2\n");
        Assert.NotEmpty(app.StoredKeys("datasets/doomed/"));

        using var wrongTag = new HttpRequestMessage(HttpMethod.Delete, "/api/datasets/doomed");
        wrongTag.Headers.IfMatch.Add(new EntityTagHeaderValue("\"not-the-etag\""));
        await (await _client.SendAsync(wrongTag)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/api/datasets/doomed")).StatusCode);
        Assert.Empty(app.StoredKeys("datasets/doomed/"));
        await (await _client.DeleteAsync("/api/datasets/doomed")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/api/datasets/doomed/rows")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_get_the_same_answer_and_another_body_a_422()
    {
        async Task<HttpResponseMessage> PostAsync(string csv)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/datasets?id=idempotent") { Content = IngestClient.Body(csv, "text/csv") };
            request.Headers.Add("Idempotency-Key", "key-1");
            return await _client.SendAsync(request);
        }
        using var first = await PostAsync("a\n1\n");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var retry = await PostAsync("a\n1\n");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Single(app.StoredKeys("datasets/idempotent/"), key => key.Contains("/versions/"));

        using var reused = await PostAsync("a\n2\n");
        await reused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Created_versioned_and_deleted_datasets_are_announced_on_redis()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{app.RedisPort}");
        // A message queue hands messages over in the order Redis delivered them (handlers may run concurrently).
        var messages = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal("dsapp:events"));

        await _client.PostCsvAsync("announced", "a\n1\n");
        await _client.PutCsvAsync("announced", "a\n2\n");
        await _client.DeleteAsync("/api/datasets/announced");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = new List<JsonElement>();
        while (events.Count < 3)
        {
            var message = await messages.ReadAsync(timeout.Token);
            using var document = JsonDocument.Parse(message.Message.ToString());
            if (document.RootElement.GetProperty("id").GetString() == "announced") events.Add(document.RootElement.Clone());
        }
        Assert.Equal(["dataset.created", "dataset.versioned", "dataset.deleted"], events.Select(e => e.GetProperty("type").GetString()!));
        Assert.Equal([1, 2, 2], events.Select(e => e.GetProperty("version").GetInt32()));
        Assert.All(events, e => Assert.True(e.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1)));
    }

    [Fact]
    public async Task Committed_uploads_count_their_rows_and_bytes_on_the_ingest_meter()
    {
        var counted = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "DsApp.Ingest") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => counted.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.Start();

        const string csv = "a,b\n1,2\n3,4\n5,6\n";
        using var created = await _client.PostCsvAsync("metered", csv);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // Other tests upload at the same time: at least this upload's figures were added.
        Assert.True(counted.GetValueOrDefault("dsapp.ingest.rows") >= 3);
        Assert.True(counted.GetValueOrDefault("dsapp.ingest.bytes") >= csv.Length);
    }

    private Task<HttpResponseMessage> PatchAsync(string id, string patch, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/datasets/{id}")
        {
            Content = new StringContent(patch, new MediaTypeHeaderValue("application/merge-patch+json")),
        };
        if (ifMatch is not null) request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        return _client.SendAsync(request);
    }
}
