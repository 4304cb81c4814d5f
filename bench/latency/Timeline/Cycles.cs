/// <summary>One request of the closed loop at one connection, from the end of the one before it (when the previous
/// answer was written) to the end of its own: the client's turn plus each hop of this request, in µs.</summary>
sealed record Cycle(double From, double To, double[] Segments)
{
    public double Total => To - From;
}

static class Cycles
{
    public static readonly string[] DirectSegments = ["client, and the worker reading the request", "worker"];
    public static readonly string[] GatewaySegments =
    [
        "client, and the gateway reading the request", "gateway, before forwarding", "to the worker", "worker",
        "back to the gateway", "gateway, answering",
    ];

    /// <summary>Straight to the worker: the worker's predict requests, one after the other.</summary>
    public static List<Cycle> Direct(ProcessTrace worker)
    {
        var cycles = new List<Cycle>();
        for (var i = 1; i < worker.Requests.Count; i++)
        {
            var (previous, request) = (worker.Requests[i - 1], worker.Requests[i]);
            cycles.Add(new Cycle(previous.End, request.End, [request.Start - previous.End, request.Length]));
        }
        return cycles;
    }

    /// <summary>Through the gateway: each gateway request, its forward and the worker request inside that forward.
    /// Requests whose forward or worker request is not in the traces (the traces' edges) are left out.</summary>
    public static List<Cycle> ThroughGateway(ProcessTrace gateway, ProcessTrace worker)
    {
        var cycles = new List<Cycle>();
        int f = 0, w = 0;
        for (var i = 1; i < gateway.Requests.Count; i++)
        {
            var (previous, request) = (gateway.Requests[i - 1], gateway.Requests[i]);
            while (f < gateway.Forwards.Count && gateway.Forwards[f].Start < request.Start) f++;
            if (f == gateway.Forwards.Count) break;
            var forward = gateway.Forwards[f];
            if (forward.Start > request.End) continue;
            while (w < worker.Requests.Count && worker.Requests[w].Start < forward.Start) w++;
            if (w == worker.Requests.Count) break;
            var served = worker.Requests[w];
            if (served.End > forward.End) continue;
            cycles.Add(new Cycle(previous.End, request.End,
            [
                request.Start - previous.End, forward.Start - request.Start, served.Start - forward.Start, served.Length,
                forward.End - served.End, request.End - forward.End,
            ]));
        }
        return cycles;
    }
}
