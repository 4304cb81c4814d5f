namespace DsApp.Api.Hosting;

/// <summary>
/// How the gateway meets the outside world, from configuration:
/// <c>Gateway:Cors:AllowedOrigins</c>, <c>Gateway:ForwardedHeaders:KnownProxies|KnownNetworks|ForwardLimit</c>,
/// <c>Gateway:Https:Redirect|Port|Hsts|HstsMaxAgeDays</c>.
/// </summary>
public sealed class EdgeOptions
{
    public const string Section = "Gateway";

    public CorsEdgeOptions Cors { get; set; } = new();
    public ForwardedHeadersEdgeOptions ForwardedHeaders { get; set; } = new();
    public HttpsEdgeOptions Https { get; set; } = new();

    public sealed class CorsEdgeOptions
    {
        /// <summary>Origins allowed to call from a browser. <c>*</c> is accepted only in Development.</summary>
        public string[] AllowedOrigins { get; set; } = [];

        /// <summary>The origins as a browser sends them: no blanks, no trailing slash.</summary>
        public string[] Origins() => AllowedOrigins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/')).ToArray();
    }

    public sealed class ForwardedHeadersEdgeOptions
    {
        /// <summary>Addresses of the load balancers whose <c>X-Forwarded-For</c>/<c>-Proto</c> are believed.</summary>
        public string[] KnownProxies { get; set; } = [];

        /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>) of such load balancers.</summary>
        public string[] KnownNetworks { get; set; } = [];

        public int ForwardLimit { get; set; } = 1;
    }

    public sealed class HttpsEdgeOptions
    {
        public bool Redirect { get; set; }
        public int? Port { get; set; }
        public bool Hsts { get; set; }
        public int HstsMaxAgeDays { get; set; } = 365;
    }
}
