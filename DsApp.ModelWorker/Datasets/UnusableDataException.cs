namespace DsApp.ModelWorker.Datasets;

/// <summary>The data cannot train the model asked for (bad value, constant label, too few rows); the message names the problem.</summary>
public sealed class UnusableDataException(string message) : Exception(message);
