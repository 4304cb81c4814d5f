#!/usr/bin/env python3
"""Machine-wide stalls during a closed loop at one connection: stretches of at least 1 ms in which neither CPU switched
threads or woke one, read from a `perf sched record` of the run. At one connection a request is always under way, so
each stall is a request held up; the table says what the CPUs ran meanwhile (idle, or the thread that kept a CPU
while the request's next thread waited). Usage: stalls.py PERF_DATA PID=label..."""
import collections
import sys

import sched_events

path, labels = sys.argv[1], dict(arg.split("=", 1) for arg in sys.argv[2:])
events, owner = sched_events.read(path)

# the client's thread wakes at least once per request: its first and last switch bound the loop
client_times = [at for at, _, name, _, comm in events if name == "sched_switch" and comm and sched_events.is_client(comm)]
start, end = client_times[0], client_times[-1]
running, previous = {}, None
stalls, stalled_us = collections.Counter(), collections.Counter()
for at, cpu, name, tid, comm in events:
    if previous is not None and start <= previous and at <= end and at - previous >= 1000:
        key = " + ".join(sorted(running.get(c, "idle") for c in (0, 1)))
        stalls[key] += 1
        stalled_us[key] += at - previous
    if name == "sched_switch":
        running[cpu] = sched_events.who(tid, comm, owner, labels)
    previous = at
seconds = (end - start) / 1e6
print(f"{sum(stalls.values())} stalls of >= 1 ms in {seconds:.1f} s ({sum(stalled_us.values()) / 1000:.0f} ms); what the two CPUs ran:")
print()
print("| the two CPUs ran | stalls | ms |")
print("|---|---:|---:|")
for key, count in stalls.most_common(12):
    print(f"| {key} | {count} | {stalled_us[key] / 1000:.0f} |")
