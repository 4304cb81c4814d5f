using Microsoft.Extensions.Options;

namespace DsApp.Platform.Storage;

/// <summary>Rejects a bad <c>Storage</c> section at start, naming the key to fix.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (string.Equals(options.Provider, StorageProviders.File, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.Path))
                failures.Add("Storage:Path must name a folder when Storage:Provider is 'File'.");
        }
        else if (string.Equals(options.Provider, StorageProviders.S3, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.Bucket))
                failures.Add("Storage:Bucket is required when Storage:Provider is 'S3'.");
            if (!string.IsNullOrEmpty(options.ServiceUrl) && !Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out _))
                failures.Add($"Storage:ServiceUrl '{options.ServiceUrl}' is not an absolute URL.");
            if (string.IsNullOrEmpty(options.ServiceUrl) && string.IsNullOrWhiteSpace(options.Region))
                failures.Add("Storage:Region is required when Storage:Provider is 'S3' and Storage:ServiceUrl is empty.");
            if (options.Prefix.StartsWith('/') || options.Prefix.Contains(".."))
                failures.Add($"Storage:Prefix '{options.Prefix}' must be a relative key prefix.");
        }
        else
        {
            failures.Add($"Storage:Provider '{options.Provider}' is not one of 'File', 'S3'.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
