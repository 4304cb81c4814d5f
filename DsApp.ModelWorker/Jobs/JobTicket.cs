using System.Text.Json;

namespace DsApp.ModelWorker.Jobs;

/// <summary>What a worker reads before it runs a job.</summary>
public sealed record JobTicket(Job Job, JsonElement Payload, bool CancelRequested, int Attempts);
