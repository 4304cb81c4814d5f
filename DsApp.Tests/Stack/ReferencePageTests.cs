using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using DsApp.Tests.Stack;

namespace DsApp.Tests.Stack;

[Collection(DsAppCollection.Name)]
public sealed class ReferencePageTests(DsAppFixture app)
{
    /// <summary>Kept after the run for a person to look at (test.sh's results folder).</summary>
    public static readonly string ScreenshotPath = Path.Combine(RepositoryPaths.Root, "TestResults", "reference-page.png");

    [Fact]
    public async Task The_reference_page_renders_every_tag_offline_with_no_failed_request()
    {
        var gateway = app.App.GetEndpoint("api", "http");
        using var anonymous = app.CreateAnonymousGatewayClient();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        var tags = document["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(tags);

        await using var browser = await HeadlessChromium.StartAsync();
        var text = await browser.LoadAsync(gateway, page => tags.All(page.Contains), TimeSpan.FromSeconds(60));
        await browser.ScreenshotAsync(ScreenshotPath);

        Assert.True(text.Contains("Data Science API"), $"The page shows no title. Requests:\n{string.Join("\n", browser.Requests)}\nFailures:\n{string.Join("\n", browser.Failures)}\nText: {text}");
        Assert.All(tags, tag => Assert.Contains(tag, text));
        Assert.True(browser.Failures.IsEmpty, "Failed requests:\n" + string.Join("\n", browser.Failures));
        var elsewhere = browser.Requests.Where(url => !url.StartsWith(gateway.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) && !url.StartsWith("data:") && !url.StartsWith("blob:")).ToList();
        Assert.True(elsewhere.Count == 0, "The page fetched from elsewhere:\n" + string.Join("\n", elsewhere));
        Assert.Contains(browser.Requests, url => url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
    }
}
