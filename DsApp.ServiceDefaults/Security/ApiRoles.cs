namespace DsApp.ServiceDefaults.Security;

public static class ApiRoles
{
    public static bool TryParse(string? value, out ApiRole role)
    {
        role = value?.Trim().ToLowerInvariant() switch
        {
            "reader" => ApiRole.Reader,
            "predictor" => ApiRole.Predictor,
            "admin" => ApiRole.Admin,
            _ => 0,
        };
        return role != 0;
    }

    public static string Name(ApiRole role) => role switch
    {
        ApiRole.Reader => "reader",
        ApiRole.Predictor => "predictor",
        ApiRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}
