using DsApp.ModelWorker.Tables;
using Microsoft.ML.OnnxRuntime;

namespace DsApp.ModelWorker.Inference.Onnx;

/// <summary>One input of the graph and how rows of the version's feature table fill it.</summary>
public abstract class InputFeed(string name)
{
    public string Name { get; } = name;

    /// <summary>The features it is filled from, in order (what the version shows of the mapping).</summary>
    public abstract IReadOnlyList<string> Features { get; }

    /// <summary>The tensor for rows <paramref name="start"/> … <paramref name="start"/>+<paramref name="count"/>-1; the caller disposes it.</summary>
    public abstract OrtValue Create(ColumnTable table, int start, int count);
}
