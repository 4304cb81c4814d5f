namespace DsApp.Tests.Ingest.Samples;

[Collection(IngestAppCollection.Name)]
public sealed class SampleTests(IngestAppFixture app)
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Samples_list_iris_a_regression_and_a_binary_classification_table_with_their_labels()
    {
        var samples = (await (await _client.GetAsync("/api/samples")).JsonAsync()).GetProperty("items").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal("species", samples["iris"].GetProperty("label").GetString());
        Assert.Equal("multiclass-classification", samples["iris"].GetProperty("task").GetString());
        Assert.Contains(samples.Values, s => s.GetProperty("task").GetString() == "regression");
        Assert.Contains(samples.Values, s => s.GetProperty("task").GetString() == "binary-classification");
    }

    [Fact]
    public async Task The_iris_sample_is_fishers_150_rows_with_the_species_as_label()
    {
        using var created = await _client.PostAsync("/api/samples/iris?id=iris-sample", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dataset = await created.JsonAsync();
        Assert.Equal(150, dataset.GetProperty("rowCount").GetInt64());
        Assert.Equal("species", dataset.GetProperty("label").GetString());
        var columns = dataset.ColumnsByName();
        Assert.Equal(3, columns["species"].GetProperty("distinct").GetInt64());
        // Fisher's table: sepal length 4.3 to 7.9 cm, mean 5.843; petal width mean 1.199.
        Assert.Equal(4.3, columns["sepal_length"].GetProperty("min").GetDouble());
        Assert.Equal(7.9, columns["sepal_length"].GetProperty("max").GetDouble());
        Assert.Equal(5.843, columns["sepal_length"].GetProperty("mean").GetDouble(), 3);
        Assert.Equal(1.199, columns["petal_width"].GetProperty("mean").GetDouble(), 3);
        var first = (await (await _client.GetAsync("/api/datasets/iris-sample/rows?limit=1")).JsonAsync()).GetProperty("rows")[0];
        Assert.Equal("[5.1,3.5,1.4,0.2,\"setosa\"]", first.GetRawText());
    }

    [Theory]
    [InlineData("house-prices", "price", "number", 3000)]
    [InlineData("loan-approval", "approved", "boolean", 4000)]
    public async Task A_generated_sample_has_its_rows_and_label_and_is_the_same_every_time(string sample, string label, string labelType, int rows)
    {
        using var first = await _client.PostAsync($"/api/samples/{sample}?id={sample}-a", null);
        using var second = await _client.PostAsync($"/api/samples/{sample}?id={sample}-b", null);
        var dataset = await first.JsonAsync();
        Assert.Equal(rows, dataset.GetProperty("rowCount").GetInt64());
        Assert.Equal(label, dataset.GetProperty("label").GetString());
        Assert.Equal(labelType, dataset.ColumnsByName()[label].GetProperty("type").GetString());
        Assert.Equal(await _client.GetStringAsync($"/api/datasets/{sample}-a/content"), await _client.GetStringAsync($"/api/datasets/{sample}-b/content"));
    }

    [Fact]
    public async Task An_unknown_sample_is_a_404()
    {
        await (await _client.PostAsync("/api/samples/no-such-sample", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
