
namespace DsApp.Tests.Docs;

/// <summary>docs/configuration.md lists every setting an options class binds, so a new one cannot go undocumented.</summary>
public sealed class ConfigurationDocTests
{
    private static readonly string Page = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "configuration.md"));

    [Fact]
    public void Every_bound_setting_appears_in_the_configuration_page()
    {
        var missing = OptionsSettings.OptionsClasses()
            .SelectMany(OptionsSettings.Of)
            .Where(setting => !Page.Contains($"`{setting}`", StringComparison.Ordinal))
            .ToList();
        Assert.True(missing.Count == 0, "not in docs/configuration.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_options_classes_of_every_service_are_found()
    {
        var sections = OptionsSettings.OptionsClasses()
            .Select(type => (string)type.GetField("Section")!.GetRawConstantValue()!)
            .ToHashSet();
        Assert.Superset(new HashSet<string> { "Storage", "Gateway", "Gateway:RateLimits", "Ingest", "Inference", "Jobs", "Monitoring", "Telemetry", "Records", "Publish" }, sections);
    }

    [Fact]
    public void Nested_settings_lists_and_dictionaries_are_named_as_environment_variables()
    {
        Assert.Equal(
            ["Sample__Part__Count", "Sample__Part__Origins__0", "Sample__Part__Keys__<name>__Hash", "Sample__Part__Inner__Delay"],
            OptionsSettings.Of(typeof(SampleOptions)));
    }

    private sealed class SampleOptions
    {
        public const string Section = "Sample:Part";
        public int Count { get; set; }
        public string[] Origins { get; set; } = [];
        public Dictionary<string, SampleKey> Keys { get; set; } = [];
        public SampleInner Inner { get; set; } = new();
        public int ReadOnly => Count;
    }

    private sealed class SampleKey { public string Hash { get; set; } = ""; }

    private sealed class SampleInner { public TimeSpan? Delay { get; set; } }
}
