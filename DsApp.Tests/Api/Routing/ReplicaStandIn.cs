using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace DsApp.Tests.Api.Routing;

/// <summary>
/// A real HTTP server standing in for one replica of the model worker: it answers a read (<c>GET /api/models</c>), a
/// prediction (echoing the body it got) and a write (<c>POST /api/models</c>), and counts every request it received.
/// With <see cref="DiesWhileHandling"/> it reads the request, then drops the connection without an answer, as a
/// process killed mid-request does.
/// </summary>
public sealed class ReplicaStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _reads, _predictions, _writes;

    private ReplicaStandIn(WebApplication app, string name, string address) => (_app, Name, Address) = (app, name, address);

    public string Name { get; }
    public string Address { get; }
    public bool DiesWhileHandling { get; set; }
    public int Reads => Volatile.Read(ref _reads);
    public int Predictions => Volatile.Read(ref _predictions);
    public int Writes => Volatile.Read(ref _writes);

    public static async Task<ReplicaStandIn> StartAsync(string name)
    {
        var address = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(address);
        var app = builder.Build();
        ReplicaStandIn replica = new(app, name, address);
        app.MapGet("/alive", () => Results.Ok());
        app.MapGet("/api/models", (HttpContext context) => replica.Answer(context, ref replica._reads, "", StatusCodes.Status200OK));
        app.MapPost("/api/models/{name}/predict", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            return replica.Answer(context, ref replica._predictions, body, StatusCodes.Status200OK);
        });
        app.MapPost("/api/models", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            return replica.Answer(context, ref replica._writes, body, StatusCodes.Status201Created);
        });
        await app.StartAsync();
        return replica;
    }

    private IResult Answer(HttpContext context, ref int counter, string body, int status)
    {
        Interlocked.Increment(ref counter);
        if (DiesWhileHandling)
        {
            context.Abort();
            return Results.Empty;
        }
        return Results.Json(new { replica = Name, body }, statusCode: status);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
