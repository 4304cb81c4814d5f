namespace DsApp.AppHost.Dashboard;

/// <summary>Calls the running gateway with the admin key and turns the outcome into a dashboard command result.</summary>
public sealed class GatewayCaller(EndpointReference gateway, ParameterResource adminKey)
{
    public async Task<ExecuteCommandResult> RunAsync(Func<HttpClient, CancellationToken, Task<string>> action, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(gateway.Url), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", await adminKey.GetValueAsync(cancellationToken));
        try
        {
            return new ExecuteCommandResult { Success = true, Message = await action(http, cancellationToken) };
        }
        catch (HttpRequestException e)
        {
            return new ExecuteCommandResult { Success = false, Message = e.Message };
        }
    }

    /// <summary>Throws with the problem's detail, so the dashboard shows why a call failed.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new HttpRequestException($"{(int)response.StatusCode} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {body}");
    }
}
