using System.Diagnostics;

namespace DsApp.Tests.Infrastructure.Telemetry;

/// <summary>
/// The test as the client that starts a trace: an activity, current until disposed, that the requests sent
/// inside it carry as their parent. A hand-written <c>traceparent</c> header does not survive this process:
/// the in-process service hosts of other tests run OpenTelemetry's HttpClient instrumentation, which listens
/// to every HttpClient of the process and replaces that header with its own span of the current trace
/// (a new trace when there is none). Propagated from the current activity, the trace id stays the test's.
/// </summary>
public sealed class ClientTrace : IDisposable
{
    private readonly Activity _activity;

    private ClientTrace(Activity activity) => _activity = activity;

    /// <summary>The W3C trace id (32 lowercase hex digits) the services' spans of these requests carry.</summary>
    public string TraceId => _activity.TraceId.ToHexString();

    /// <summary>Starts a sampled trace of a random id and makes it current.</summary>
    public static ClientTrace Start()
    {
        var activity = new Activity("test client");
        activity.SetIdFormat(ActivityIdFormat.W3C);
        activity.SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        return new ClientTrace(activity.Start());
    }

    public void Dispose() => _activity.Stop();
}
