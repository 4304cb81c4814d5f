namespace DsApp.ServiceDefaults.Security;

/// <summary>What a key may do, each role including the one before it: reader (every GET), predictor (+ predict, infer), admin (everything).</summary>
public enum ApiRole
{
    Reader = 1,
    Predictor = 2,
    Admin = 3,
}
