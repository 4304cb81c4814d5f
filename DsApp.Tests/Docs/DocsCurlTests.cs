using System.Text.RegularExpressions;

namespace DsApp.Tests.Docs;

/// <summary>Every curl the docs show works as written: a call to the gateway sends a key unless its path is anonymous.</summary>
public sealed partial class DocsCurlTests
{
    [Fact]
    public void Every_curl_to_the_gateway_sends_a_key_unless_the_path_is_anonymous()
    {
        var keyless = RepositoryFiles.Markdown()
            .SelectMany(file => MarkdownText.FencedCommands(File.ReadAllText(file)).Select(command => (file, command)))
            .Where(found => NeedsAKeyAndSendsNone(found.command))
            .Select(found => $"{RepositoryFiles.Relative(found.file)}: {found.command.Trim()}")
            .ToList();
        Assert.True(keyless.Count == 0, "curl without a key:\n" + string.Join('\n', keyless));
    }

    [Theory]
    [InlineData("curl -s $GW/api/datasets", true)]
    [InlineData("curl http://localhost:8080/api/models/iris", true)]
    [InlineData("curl -s \"${K[@]}\" $GW/api/datasets", false)]
    [InlineData("curl -H \"Authorization: Bearer $KEY\" $GW/v2/models/iris", false)]
    [InlineData("curl http://localhost:8080/info", false)]
    [InlineData("curl -s $GW/v2/health/ready", false)]
    [InlineData("curl -s http://127.0.0.1:8000/api/models/iris/predict", false)]
    public void The_rule_tells_a_keyless_gateway_call(string command, bool keyless)
    {
        Assert.Equal(keyless, NeedsAKeyAndSendsNone(command));
    }

    /// <summary>A curl to the gateway (<c>$GW</c>, <c>$api</c>, port 8080) of a path that is not anonymous, with no key header.</summary>
    private static bool NeedsAKeyAndSendsNone(string command)
    {
        foreach (Match call in CurlCall().Matches(command))
        {
            var text = call.Value;
            if (KeyMarkers.Any(marker => text.Contains(marker, StringComparison.Ordinal))) continue;
            var target = GatewayUrl().Match(text);
            if (!target.Success) continue;
            var path = target.Groups["path"].Value;
            if (!AnonymousPaths().IsMatch(path)) return true;
        }
        return false;
    }

    private static readonly string[] KeyMarkers = ["X-Api-Key", "Authorization: Bearer", "${K[@]}", "${H[@]}", "$AUTH"];

    /// <summary>One curl invocation: up to the next pipe, command separator or end.</summary>
    [GeneratedRegex(@"\bcurl\b[^|;&]*")]
    private static partial Regex CurlCall();

    [GeneratedRegex(@"(\$\{?GW\}?|\$\{?api\}?|https?://localhost:8080)(?<path>/[^\s""']*)?")]
    private static partial Regex GatewayUrl();

    [GeneratedRegex(@"^(/?$|/info|/openapi/|/health|/alive|/v2/health/)")]
    private static partial Regex AnonymousPaths();
}
