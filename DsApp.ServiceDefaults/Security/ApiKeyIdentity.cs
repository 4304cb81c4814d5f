namespace DsApp.ServiceDefaults.Security;

/// <summary>Who a valid key belongs to. One instance per configured key, shared by every request that presents it.</summary>
public sealed record ApiKeyIdentity(string Name, ApiRole Role)
{
    public bool Allows(ApiRole required) => Role >= required;
}
