using System.ComponentModel.DataAnnotations;

namespace DsApp.ServiceDefaults.Health;

/// <summary>The <c>Health</c> section: how long <c>/health</c> answers from the checks' last results.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>
    /// How long a check's result stands before the check runs again. However many probes arrive (load balancers, the
    /// gateway, anyone), each check then calls its dependency (a Redis PING, an object-store LIST) at most once per
    /// period. Zero runs every check on every request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(1);
}
