namespace DsApp.ModelWorker.Training;

/// <summary>Which OpenMP runtime the worker's process uses (see <see cref="OpenMpRuntime"/>).</summary>
public enum OpenMpSource
{
    /// <summary>Not Linux: LightGBM's native library for that system needs no separate runtime here.</summary>
    NotNeeded,
    /// <summary>The system has <c>libgomp.so.1</c>.</summary>
    System,
    /// <summary>The system has none: the copy the worker ships is loaded.</summary>
    Shipped,
    /// <summary>Neither: light-gbm (and auto, which tries it) fail naming <c>libgomp.so.1</c>; the other trainers work.</summary>
    Missing,
}
