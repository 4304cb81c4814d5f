using Xunit.Abstractions;

namespace DsApp.Tests.Ingest.Datasets;

/// <summary>
/// A few kilobytes of gzip that decode to megabytes are refused by the limits of what they decode to, while they
/// stream: nothing of the decoded size is held. Measured in the collection that runs alone, so the allocations counted
/// are this upload's.
/// </summary>
[Collection(IngestAloneCollection.Name)]
public sealed class DecompressionBombTests(IngestAppFixture app, ITestOutputHelper output)
{
    private const int DecodedBytes = 10 * 1024 * 1024;
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Ten_megabytes_of_zero_rows_in_a_few_kilobytes_of_gzip_are_a_413_past_the_upload_limit_without_being_held()
    {
        // One column of "0" rows: past Ingest:MaxUploadBytes once decoded, small enough on the wire to pass any gateway.
        var csv = new byte[DecodedBytes];
        "z\n"u8.CopyTo(csv);
        for (var i = 2; i + 1 < csv.Length; i += 2) { csv[i] = (byte)'0'; csv[i + 1] = (byte)'\n'; }
        var (response, allocated) = await UploadAsync("bomb-rows", csv);
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, says: $"{IngestAppFixture.UploadLimit}");
        Assert.True(allocated < DecodedBytes, $"refusing the upload allocated {allocated:N0} bytes");
        Assert.Empty(app.StoredKeys("datasets/bomb-rows/"));
    }

    [Fact]
    public async Task Ten_megabytes_of_nul_bytes_in_gzip_are_a_400_at_the_record_limit_without_being_held()
    {
        var (response, allocated) = await UploadAsync("bomb-nul", new byte[DecodedBytes]);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "line 1", "Ingest:MaxRecordChars");
        Assert.True(allocated < DecodedBytes, $"refusing the upload allocated {allocated:N0} bytes");
        Assert.Empty(app.StoredKeys("datasets/bomb-nul/"));
    }

    private async Task<(HttpResponseMessage Response, long Allocated)> UploadAsync(string id, byte[] decoded)
    {
        var gzip = ContentCodings.Encoded(decoded, "gzip", "text/csv");
        var wire = (await gzip.ReadAsByteArrayAsync()).Length;
        using (var warmUp = await _client.GetAsync("/api/datasets")) warmUp.EnsureSuccessStatusCode();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var response = await _client.PostAsync($"/api/datasets?id={id}", gzip);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"{decoded.Length:N0} bytes as {wire:N0} bytes of gzip: {(int)response.StatusCode}, {allocated / (1024.0 * 1024):F1} MiB allocated");
        return (response, allocated);
    }
}
