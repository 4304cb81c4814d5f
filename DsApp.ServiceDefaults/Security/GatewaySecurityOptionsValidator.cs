using Microsoft.Extensions.Options;

namespace DsApp.ServiceDefaults.Security;

/// <summary>Stops a service at start on a key it could never match or a role it does not know, naming the setting.</summary>
public sealed class GatewaySecurityOptionsValidator : IValidateOptions<GatewaySecurityOptions>
{
    public const int MinimumSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, GatewaySecurityOptions options)
    {
        var failures = new List<string>();
        foreach (var (keyName, entry) in options.ApiKeys)
        {
            var prefix = $"{GatewaySecurityOptions.Section}:ApiKeys:{keyName}";
            if (!ApiKeyHash.TryParse(entry.Hash, out _))
                failures.Add($"{prefix}:Hash must be the SHA-256 of the key as 64 hexadecimal digits (e.g. printf %s \"$KEY\" | sha256sum).");
            if (!ApiRoles.TryParse(entry.Role, out _))
                failures.Add($"{prefix}:Role must be reader, predictor or admin (found '{entry.Role}').");
        }
        if (options.InternalSecret is { } secret && secret.Length < MinimumSecretLength)
            failures.Add($"{GatewaySecurityOptions.Section}:InternalSecret must be at least {MinimumSecretLength} characters.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
