using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DsApp.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, headless, driven over the DevTools protocol: it loads a page, records every
/// request the page makes and every one that fails, reads the rendered text and takes a screenshot.
/// A fresh profile each time; nothing of the browser's own (no sync, no updates, no background calls).
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    public ConcurrentQueue<string> Requests { get; } = new();
    public ConcurrentQueue<string> Failures { get; } = new();

    private HeadlessChromium(Process process, string profile) => (_process, _profile) = (process, profile);

    public static string? Executable => new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    public static async Task<HeadlessChromium> StartAsync()
    {
        var executable = Executable ?? throw new InvalidOperationException("chromium is not installed: run ./test.sh, which installs it (apt-get install chromium).");
        var profile = Directory.CreateTempSubdirectory("dsapp-chromium-").FullName;
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1800",
            $"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank",
        }) start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var browser = new HeadlessChromium(process, profile);
        try
        {
            await browser.ConnectAsync();
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
        return browser;
    }

    private async Task ConnectAsync()
    {
        // Chromium writes the port it chose into the profile.
        var portFile = Path.Combine(_profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(portFile) || (await File.ReadAllLinesAsync(portFile)).Length < 2)
        {
            if (_process.HasExited) throw new InvalidOperationException($"chromium exited with {_process.ExitCode}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("chromium did not open its DevTools port");
            await Task.Delay(100);
        }
        var port = (await File.ReadAllLinesAsync(portFile))[0];
        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
        var page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!;
        await _socket.ConnectAsync(new Uri(page["webSocketDebuggerUrl"]!.GetValue<string>()), CancellationToken.None);
        _receiving = Task.Run(ReceiveAsync);
        await SendAsync("Network.enable");
        await SendAsync("Page.enable");
    }

    /// <summary>Loads <paramref name="url"/>, then waits until <paramref name="ready"/> holds for the page's text.</summary>
    public async Task<string> LoadAsync(Uri url, Func<string, bool> ready, TimeSpan timeout)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() });
        var deadline = DateTime.UtcNow + timeout;
        var text = "";
        while (DateTime.UtcNow < deadline)
        {
            text = await TextAsync();
            if (ready(text)) return text;
            await Task.Delay(250);
        }
        return text;
    }

    public async Task<string> TextAsync()
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = "document.body ? document.body.innerText : ''", ["returnByValue"] = true });
        return result["result"]?["value"]?.GetValue<string>() ?? "";
    }

    public async Task ScreenshotAsync(string path)
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(result["data"]!.GetValue<string>()));
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        var reply = await answer.Task.WaitAsync(TimeSpan.FromSeconds(30));
        if (reply["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
        return reply["result"]?.AsObject() ?? new JsonObject();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 20];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                message.SetLength(0);
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, _stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    message.Write(buffer, 0, result.Count);
                } while (!result.EndOfMessage);
                var node = JsonNode.Parse(message.ToArray())!.AsObject();
                if (node["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var waiting)) waiting.SetResult(node);
                else Observe(node);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
    }

    private void Observe(JsonObject message)
    {
        var parameters = message["params"];
        switch (message["method"]?.GetValue<string>())
        {
            case "Network.requestWillBeSent":
                Requests.Enqueue(parameters!["request"]!["url"]!.GetValue<string>());
                break;
            case "Network.loadingFailed":
                Failures.Enqueue($"{parameters!["type"]} failed: {parameters["errorText"]} (request {parameters["requestId"]})");
                break;
            case "Network.responseReceived" when parameters!["response"]!["status"]!.GetValue<int>() >= 400:
                Failures.Enqueue($"{parameters["response"]!["url"]} answered {parameters["response"]!["status"]}");
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        await _receiving.ContinueWith(_ => { });
        _socket.Dispose();
        _process.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
