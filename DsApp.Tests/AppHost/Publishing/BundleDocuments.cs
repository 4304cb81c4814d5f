using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace DsApp.Tests.AppHost.Publishing;

/// <summary>Parses the bundle's YAML (compose, .ebextensions) into JSON nodes, so tests navigate it one way.</summary>
public static class BundleDocuments
{
    private static readonly IDeserializer Reader = new DeserializerBuilder().Build();
    private static readonly ISerializer JsonWriter = new SerializerBuilder().JsonCompatible().Build();

    public static JsonObject Yaml(string text) =>
        JsonNode.Parse(JsonWriter.Serialize(Reader.Deserialize<object>(text)))!.AsObject();

    public static JsonObject EnvironmentProperties(IReadOnlyDictionary<string, string> files) =>
        Yaml(files[DsApp.AppHost.Publishing.ElasticBeanstalkBundle.EnvironmentConfig])["option_settings"]!["aws:elasticbeanstalk:application:environment"]!.AsObject();
}
