using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DsApp.ServiceDefaults.OpenApi;

/// <summary>Endpoint metadata: what a tag covers, as the service's OpenAPI document (and so the merged one) says.</summary>
public sealed record TagDescription(string Name, string Description);

/// <summary>Tags described where the endpoints that carry them are mapped, rather than in a list the gateway keeps.</summary>
public static class TagDescriptions
{
    public static TBuilder WithTag<TBuilder>(this TBuilder endpoint, string name, string description) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithTags(name).WithMetadata(new TagDescription(name, description));

    /// <summary>Gives the document's tags the descriptions the endpoints declare.</summary>
    public static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var declared = context.DescriptionGroups
            .SelectMany(group => group.Items)
            .SelectMany(description => description.ActionDescriptor.EndpointMetadata.OfType<TagDescription>())
            .DistinctBy(tag => tag.Name);
        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var tag in declared)
        {
            if (document.Tags.FirstOrDefault(t => t.Name == tag.Name) is { } existing) existing.Description = tag.Description;
            else document.Tags.Add(new OpenApiTag { Name = tag.Name, Description = tag.Description });
        }
        return Task.CompletedTask;
    }
}
