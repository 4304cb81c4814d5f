using System.Text.Json;

namespace DsApp.Ingest.Datasets;

/// <summary>Applies a JSON merge patch (RFC 7396) of the fields a client may change: name, description, tags, label.</summary>
public static class DatasetPatch
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxTags = 50;
    public const int MaxTagLength = 64;

    public static bool TryApply(Dataset dataset, JsonElement patch, out Dataset patched, out Dictionary<string, string[]> errors)
    {
        patched = dataset;
        errors = [];
        if (patch.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["a merge patch is a JSON object."];
            return false;
        }
        foreach (var field in patch.EnumerateObject())
        {
            var value = field.Value;
            switch (field.Name)
            {
                case "name":
                    if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= MaxNameLength } name && !string.IsNullOrWhiteSpace(name))
                        patched = patched with { Name = name };
                    else
                        errors["name"] = [$"name must be a string of 1 to {MaxNameLength} characters; it cannot be removed."];
                    break;
                case "description":
                    if (value.ValueKind == JsonValueKind.Null)
                        patched = patched with { Description = null };
                    else if (value.ValueKind == JsonValueKind.String && value.GetString()!.Length <= MaxDescriptionLength)
                        patched = patched with { Description = value.GetString() };
                    else
                        errors["description"] = [$"description must be a string of at most {MaxDescriptionLength} characters, or null."];
                    break;
                case "tags":
                    if (value.ValueKind == JsonValueKind.Null)
                        patched = patched with { Tags = [] };
                    else if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() <= MaxTags
                        && value.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 and <= MaxTagLength }))
                        patched = patched with { Tags = value.EnumerateArray().Select(t => t.GetString()!).Distinct(StringComparer.Ordinal).ToArray() };
                    else
                        errors["tags"] = [$"tags must be an array of at most {MaxTags} strings of 1 to {MaxTagLength} characters, or null."];
                    break;
                case "label":
                    if (value.ValueKind == JsonValueKind.Null)
                        patched = patched with { Label = null };
                    else if (value.ValueKind == JsonValueKind.String && dataset.Columns.Any(c => c.Name == value.GetString()))
                        patched = patched with { Label = value.GetString() };
                    else
                        errors["label"] = [$"label must name a column of the dataset ({string.Join(", ", dataset.Columns.Select(c => c.Name))}), or be null."];
                    break;
                default:
                    errors[field.Name] = [$"'{field.Name}' is not a field PATCH can change (name, description, tags, label)."];
                    break;
            }
        }
        return errors.Count == 0;
    }
}
