using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DsApp.Tests.Stack;

/// <summary>
/// The whole life of a dataset through the gateway, checked against the store itself by a client
/// that is not the service (the file system, or the raw S3 API).
/// </summary>
public abstract class DatasetsLifecycle
{
    protected abstract HttpClient CreateGateway();

    /// <summary>Every object key under the prefix, as the store itself lists them.</summary>
    protected abstract Task<IReadOnlyList<string>> StoredKeysAsync(string prefix);

    /// <summary>An object's bytes as the store itself returns them, or null.</summary>
    protected abstract Task<byte[]?> ReadObjectAsync(string key);

    [Fact]
    public async Task A_dataset_lives_through_upload_list_rows_patch_new_version_content_and_delete()
    {
        using var gateway = CreateGateway();
        var id = $"life-{Guid.NewGuid():N}"[..20];
        const string v1 = "sepal_length,species\n5.1,setosa\n6.2,virginica\n";

        using (var created = await gateway.PostAsync($"/api/datasets?id={id}&name=Flowers", IngestClient.Body(v1, "text/csv")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal($"/api/datasets/{id}", created.Headers.Location!.OriginalString);
        }

        var listed = await (await gateway.GetAsync("/api/datasets?limit=500")).JsonAsync();
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetString() == id);

        var rows = await (await gateway.GetAsync($"/api/datasets/{id}/rows?limit=1&offset=1")).JsonAsync();
        Assert.Equal("[6.2,\"virginica\"]", rows.GetProperty("rows")[0].GetRawText());
        Assert.Equal(2, rows.GetProperty("total").GetInt64());

        using var get = await gateway.GetAsync($"/api/datasets/{id}");
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/datasets/{id}")
        {
            Content = new StringContent("""{"label":"species","tags":["flowers"]}""", new MediaTypeHeaderValue("application/merge-patch+json")),
        };
        patch.Headers.IfMatch.Add(get.Headers.ETag!);
        using (var patched = await gateway.SendAsync(patch))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            Assert.Equal("species", (await patched.JsonAsync()).GetProperty("label").GetString());
        }

        const string v2 = "sepal_length,species\n5.1,setosa\n6.2,virginica\n4.9,setosa\n";
        using (var versioned = await gateway.PutAsync($"/api/datasets/{id}", IngestClient.Body(v2, "text/csv")))
        {
            Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
            var dataset = await versioned.JsonAsync();
            Assert.Equal(2, dataset.GetProperty("version").GetInt32());
            Assert.Equal("species", dataset.GetProperty("label").GetString());
            Assert.Equal("number", dataset.ColumnsByName()["sepal_length"].GetProperty("type").GetString());
        }
        Assert.Equal(v2, await gateway.GetStringAsync($"/api/datasets/{id}/content"));
        Assert.Equal(v1, await gateway.GetStringAsync($"/api/datasets/{id}/content?version=1"));

        // The manifests say where the data is, and the store, asked directly, holds exactly that.
        var versions = (await (await gateway.GetAsync($"/api/datasets/{id}/versions")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, versions.Count);
        var dataObjects = versions.Select(v => v.GetProperty("dataObject").GetString()!).ToList();
        Assert.Equal(Encoding.UTF8.GetBytes(v1), await ReadObjectAsync(dataObjects[0]));
        Assert.Equal(Encoding.UTF8.GetBytes(v2), await ReadObjectAsync(dataObjects[1]));
        string generation;
        using (var manifest = JsonDocument.Parse((await ReadObjectAsync($"datasets/{id}/dataset.json"))!))
        {
            Assert.Equal(2, manifest.RootElement.GetProperty("version").GetInt32());
            generation = manifest.RootElement.GetProperty("generation").GetString()!;
        }
        string[] expected = [$"datasets/{id}/dataset.json", $"datasets/{id}/{generation}/versions/000001.json", $"datasets/{id}/{generation}/versions/000002.json", .. dataObjects];
        Assert.Equal(expected.Order(StringComparer.Ordinal), (await StoredKeysAsync($"datasets/{id}/")).Order(StringComparer.Ordinal));

        Assert.Equal(HttpStatusCode.NoContent, (await gateway.DeleteAsync($"/api/datasets/{id}")).StatusCode);
        Assert.Empty(await StoredKeysAsync($"datasets/{id}/"));
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync($"/api/datasets/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_bad_upload_through_the_gateway_is_a_400_naming_the_line_and_leaves_nothing_in_the_store()
    {
        using var gateway = CreateGateway();
        var id = $"bad-{Guid.NewGuid():N}"[..20];
        using var response = await gateway.PostAsync($"/api/datasets?id={id}", IngestClient.Body("a,b\n1,2\n3\n", "text/csv"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "line 3", "expected 2 fields, found 1");
        Assert.Empty(await StoredKeysAsync($"datasets/{id}/"));
    }
}
