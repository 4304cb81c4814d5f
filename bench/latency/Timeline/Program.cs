// Where the slow requests of a closed loop at one connection spend their time, from EventPipe traces of the worker
// (and the gateway) recorded during the loop (bench/latency/timeline.sh records them).
// Usage: Timeline --worker worker.nettrace [--gateway gateway.nettrace] [--title text] [--slow-hops file]
//   --slow-hops writes, for each of the slowest 1 %, the part that took it most beyond its median (hop_cpus.py reads it).
var options = Arguments.Parse(args);
var worker = ProcessTrace.Read(options["--worker"]);
var gateway = options.TryGetValue("--gateway", out var gatewayPath) ? ProcessTrace.Read(gatewayPath) : null;
var (cycles, segments) = gateway is null
    ? (Cycles.Direct(worker), Cycles.DirectSegments)
    : (Cycles.ThroughGateway(gateway, worker), Cycles.GatewaySegments);
if (cycles.Count < 1000)
{
    Console.Error.WriteLine($"only {cycles.Count} requests matched in the traces: {string.Join(", ", worker.EventCounts.Select(kv => $"{kv.Key} {kv.Value}"))}");
    return 1;
}
var processes = gateway is null ? [("worker", worker)] : new[] { ("gateway", gateway), ("worker", worker) };
var report = new Report(options.GetValueOrDefault("--title", "closed loop, one connection"), cycles, segments, processes);
report.Write(Console.Out);
if (options.TryGetValue("--slow-hops", out var slowHopsPath)) report.WriteSlowHops(slowHopsPath);
return 0;

static class Arguments
{
    public static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i]] = args[i + 1];
        if (!options.ContainsKey("--worker")) throw new ArgumentException("usage: Timeline --worker W.nettrace [--gateway G.nettrace] [--title T] [--slow-hops F]");
        return options;
    }
}
