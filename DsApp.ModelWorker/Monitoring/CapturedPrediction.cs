using DsApp.ModelWorker.Tables;

namespace DsApp.ModelWorker.Monitoring;

/// <summary>One sampled prediction request waiting to be written: its input rows as read and the answer of each row.</summary>
public sealed record CapturedPrediction(string Model, string Folder, int Version, DateTimeOffset At, ColumnTable Inputs, byte[][] Answers);
