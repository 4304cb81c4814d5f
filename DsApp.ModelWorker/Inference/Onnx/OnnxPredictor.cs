using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using Microsoft.ML.OnnxRuntime;

namespace DsApp.ModelWorker.Inference.Onnx;

/// <summary>
/// An ONNX graph behind <see cref="IPredictor"/>: one <see cref="InferenceSession"/>, shared by every request (ONNX Runtime
/// sessions are thread-safe for <c>Run</c>, so nothing is pooled), the inputs and outputs bound once.
/// </summary>
/// <remarks>
/// Why no reference counting: a version dropped from <see cref="LoadedModels"/> (hot swap, delete) may still be held by
/// requests in flight, a shadow comparison or a batch job, and each would need to take and give back a lease for the
/// session to be disposed safely on time. Instead nothing disposes a served predictor: when the last holder lets go, the
/// GC finalizes the <see cref="InferenceSession"/> (it has a finalizer that releases the native session), and the memory
/// pressure this predictor adds for the native side, invisible to the GC, makes that collection come sooner. A predictor
/// that is never served (an import's check) is disposed at once.
/// </remarks>
public sealed class OnnxPredictor : IPredictor, IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly OnnxInputs _inputs;
    private readonly OnnxOutputs _outputs;
    private readonly long _pressure;
    private bool _disposed;

    /// <summary>Binds the session's graph to the features and task; the session is disposed with the predictor, or at once if binding fails.</summary>
    public OnnxPredictor(InferenceSession session, IReadOnlyList<string> features, ModelTask task, long fileBytes)
    {
        _session = session;
        try
        {
            _inputs = OnnxInputs.Bind(session, features);
            var probe = ProbeRow(_inputs.Features);
            _outputs = OnnxOutputs.Bind(session, task, requested => Run(probe, 0, 1, requested));
            // The whole path once, as a request takes it: a graph that cannot answer fails its import or load, not a request.
            Predict(probe, new Prediction[1]);
        }
        catch (OnnxRuntimeException error)
        {
            Abandon();
            throw new OnnxModelException("body", $"The graph does not run on a row of the model's features: {OnnxErrors.Describe(error)}", error);
        }
        catch
        {
            Abandon();
            throw;
        }
        Graph = new OnnxGraph(_inputs.Describe(session), _outputs.Describe(session));
        // The native session holds about the file's size (weights, the graph); the GC sees none of it.
        _pressure = Math.Max(fileBytes, 1);
        GC.AddMemoryPressure(_pressure);
    }

    ~OnnxPredictor()
    {
        // Only what is this object's own: the session and run options have finalizers of their own.
        if (_pressure > 0) GC.RemoveMemoryPressure(_pressure);
    }

    public IReadOnlyList<string> Classes => _outputs.Classes;

    /// <summary>The version's inputs: the features in order, typed by the graph input each one feeds.</summary>
    public IReadOnlyList<FeatureColumn> Features => _inputs.Features;

    /// <summary>The graph as the version shows it.</summary>
    public OnnxGraph Graph { get; }

    public void Predict(ColumnTable table, Span<Prediction> results)
    {
        // A graph exported for one row at a time runs once per row; a free batch dimension takes them all at once.
        var chunk = _inputs.FixedBatch ?? Math.Max(table.RowCount, 1);
        for (var start = 0; start < table.RowCount; start += chunk)
        {
            var count = Math.Min(chunk, table.RowCount - start);
            using var values = Run(table, start, count, _outputs.Requested);
            _outputs.Read(values, results.Slice(start, count));
        }
    }

    private IDisposableReadOnlyCollection<OrtValue> Run(ColumnTable table, int start, int count, IReadOnlyList<string> outputs)
    {
        var inputs = new List<OrtValue>(_inputs.Feeds.Count);
        try
        {
            foreach (var feed in _inputs.Feeds) inputs.Add(feed.Create(table, start, count));
            return _session.Run(_run, _inputs.Names, inputs, outputs);
        }
        finally
        {
            foreach (var input in inputs) input.Dispose();
        }
    }

    /// <summary>One row of neutral values (0, empty text) for the features: what the graph is tried with before it serves.</summary>
    private static ColumnTable ProbeRow(IReadOnlyList<FeatureColumn> features) =>
        new(features.Select(f => FeatureTypes.KindOf(f.Type) == ColumnKind.Text
            ? TableColumn.Text(f.Name, [ReadOnlyMemory<char>.Empty])
            : TableColumn.Number(f.Name, [0f])).ToList());

    private void Abandon()
    {
        _run.Dispose();
        _session.Dispose();
        GC.SuppressFinalize(this);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _session.Dispose();
        _run.Dispose();
        if (_pressure > 0) GC.RemoveMemoryPressure(_pressure);
        GC.SuppressFinalize(this);
    }
}
