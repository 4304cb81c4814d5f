using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DsApp.ModelWorker.Registry;

namespace DsApp.ModelWorker.Datasets;

/// <summary>The ingest service's dataset API, reached over HTTP (service discovery resolves <c>http://ingest</c>).</summary>
public sealed class DatasetClient(HttpClient http)
{
    public const string DefaultBaseAddress = "http://ingest";

    /// <summary>The dataset, or null when ingest has none by that id.</summary>
    public async Task<DatasetInfo?> GetAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/api/datasets/{Uri.EscapeDataString(id)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureSuccessAsync(response, $"reading dataset '{id}'", cancellationToken);
        return await response.Content.ReadFromJsonAsync<DatasetInfo>(RegistryJson.Options, cancellationToken);
    }

    /// <summary>The table as CSV with a header row, streamed as it arrives. The caller disposes the response.</summary>
    public async Task<HttpResponseMessage> OpenContentAsync(string id, int? version, CancellationToken cancellationToken)
    {
        var path = $"/api/datasets/{Uri.EscapeDataString(id)}/content" + (version is null ? "" : $"?version={version}");
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            throw new DatasetUnavailableException($"Dataset '{id}'{(version is null ? "" : $" version {version}")} does not exist.");
        }
        try
        {
            await EnsureSuccessAsync(response, $"reading the content of dataset '{id}'", cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }
        return response;
    }

    /// <summary>Writes a CSV body as dataset <paramref name="id"/> (a new dataset, or a new version of it).</summary>
    public async Task<DatasetInfo?> PutCsvAsync(string id, HttpContent csv, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsync($"/api/datasets/{Uri.EscapeDataString(id)}", csv, cancellationToken);
        await EnsureSuccessAsync(response, $"writing dataset '{id}'", cancellationToken);
        return await response.Content.ReadFromJsonAsync<DatasetInfo>(RegistryJson.Options, cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new DatasetUnavailableException($"The ingest service answered {(int)response.StatusCode} {response.ReasonPhrase} {what}: {Truncate(body)}");
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
