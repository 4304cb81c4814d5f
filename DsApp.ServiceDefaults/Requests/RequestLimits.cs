using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace DsApp.ServiceDefaults.Requests;

/// <summary>
/// How long a request line and how large a header section every service takes: Kestrel's defaults. Kestrel refuses
/// past its own limits before the app sees the request, with an empty 414, 431 or 400; so its limits are set to
/// <see cref="KestrelHeadroom"/> times these, and <see cref="RequestLimitsMiddleware"/> answers a request between the
/// two with a problem naming the limit. Only past the headroom does a client get Kestrel's empty answer.
/// </summary>
public static class RequestLimits
{
    public const int MaxRequestLineBytes = 8 * 1024;
    public const int MaxHeadersTotalBytes = 32 * 1024;
    public const int MaxHeaderCount = 100;
    public const int KestrelHeadroom = 2;

    public static void ConfigureKestrel(KestrelServerLimits limits)
    {
        limits.MaxRequestLineSize = MaxRequestLineBytes * KestrelHeadroom;
        limits.MaxRequestHeadersTotalSize = MaxHeadersTotalBytes * KestrelHeadroom;
        limits.MaxRequestHeaderCount = MaxHeaderCount * KestrelHeadroom;
    }
}
