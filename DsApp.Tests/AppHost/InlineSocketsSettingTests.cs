using DsApp.ServiceDefaults.Requests;

namespace DsApp.Tests.AppHost;

/// <summary>
/// The AppHost's <c>InlineSockets:ModelWorker</c> and <c>InlineSockets:Gateway</c>: which services run their requests on
/// the socket threads that read them (docs/configuration.md, Hosting). By default every model worker does, and the
/// gateway and ingest keep the thread pool. Nothing is started.
/// </summary>
public sealed class InlineSocketsSettingTests
{
    private static async Task<bool> InlineAsync(Aspire.Hosting.DistributedApplication app, string name)
    {
        var environment = await AppModel.EnvironmentOf(app, AppModel.Project(app, name));
        if (!environment.TryGetValue(SocketThreadScheduling.Variable, out var value)) return false;
        Assert.Equal("1", value);
        return true;
    }

    [Fact]
    public async Task By_default_every_model_worker_runs_requests_on_the_socket_threads_and_the_gateway_and_ingest_on_the_pool()
    {
        await using var app = await AppModel.BuildAsync("Replicas:ModelWorker=2");
        Assert.True(await InlineAsync(app, "modelworker"));
        Assert.True(await InlineAsync(app, "modelworker-2"));
        Assert.False(await InlineAsync(app, "api"));
        Assert.False(await InlineAsync(app, "ingest"));
    }

    [Theory]
    [InlineData("true", "False", true, false)]
    [InlineData("True", "false", true, false)]
    [InlineData("false", "true", false, true)]
    public async Task The_settings_choose_for_the_gateway_and_the_model_workers(string gateway, string worker, bool gatewayInline, bool workerInline)
    {
        await using var app = await AppModel.BuildAsync($"InlineSockets:Gateway={gateway}", $"InlineSockets:ModelWorker={worker}");
        Assert.Equal(gatewayInline, await InlineAsync(app, "api"));
        Assert.Equal(workerInline, await InlineAsync(app, "modelworker"));
        Assert.False(await InlineAsync(app, "ingest"));
    }

    [Fact]
    public async Task A_value_that_is_not_true_or_false_stops_the_apphost_naming_the_setting()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => AppModel.BuildAsync("InlineSockets:Gateway=yes"));
        Assert.Contains("InlineSockets:Gateway must be true or false; it is 'yes'", failure.ToString());
    }
}
