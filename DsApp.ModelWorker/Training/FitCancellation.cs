using System.Reflection;
using Microsoft.ML;

namespace DsApp.ModelWorker.Training;

/// <summary>
/// Stops a running ML.NET fit when its job is cancelled, instead of letting it run to the end of the step.
/// <c>MLContext.CancelExecution</c> is internal in ML.NET 5 (public only through Microsoft.ML.Experimental, which
/// is not served here), so it is bound once by reflection; if a later ML.NET drops it, cancellation still takes
/// effect between training steps and the test of this class says so.
/// </summary>
public static class FitCancellation
{
    private static readonly Action<MLContext>? Cancel = typeof(MLContext)
        .GetMethod("CancelExecution", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, Type.EmptyTypes)
        ?.CreateDelegate<Action<MLContext>>();

    /// <summary>True when a running fit can be stopped part-way.</summary>
    public static bool Supported => Cancel is not null;

    /// <summary>Cancels <paramref name="ml"/>'s running work when <paramref name="cancellationToken"/> is cancelled, until disposed.</summary>
    public static CancellationTokenRegistration StopOn(MLContext ml, CancellationToken cancellationToken) =>
        Cancel is null ? default : cancellationToken.Register(() => Cancel(ml));
}
