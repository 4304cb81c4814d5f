#!/usr/bin/env python3
"""What the two CPUs ran while the slowest requests' slowest hops went on: reads a `perf sched record -k
CLOCK_MONOTONIC` recording and the hops Timeline --slow-hops wrote (name, start µs, end µs on the same clock), and
prints the share of CPU time per process and thread kind during those hops, beside the share over the whole recording.
Usage: hop_cpus.py PERF_DATA SLOW_HOPS PID=label..."""
import bisect
import collections
import sys

import sched_events

path, hops_path, labels = sys.argv[1], sys.argv[2], dict(arg.split("=", 1) for arg in sys.argv[3:])
events, owner = sched_events.read(path)


def kind(tid, comm):
    name = sched_events.who(tid, comm, owner, labels)
    for thread, plain in ((".NET TP Worker", "pool threads"), (".NET Sockets", "socket thread")):
        name = name.replace(thread, plain)
    return name


runs = collections.defaultdict(list)  # cpu -> [(start µs, kind of the thread that ran from then)]
for at, cpu, name, tid, comm in events:
    if name == "sched_switch":
        runs[cpu].append((at, kind(tid, comm)))


def occupancy(windows):
    """CPU µs per kind over the windows, summed over CPUs."""
    spent = collections.Counter()
    for cpu, timeline in runs.items():
        starts = [t for t, _ in timeline]
        for start, end in windows:
            i = max(0, bisect.bisect_right(starts, start) - 1)
            while i < len(timeline) and timeline[i][0] < end:
                run_start = timeline[i][0]
                run_end = timeline[i + 1][0] if i + 1 < len(timeline) else end
                overlap = min(end, run_end) - max(start, run_start)
                if overlap > 0:
                    spent[timeline[i][1]] += overlap
                i += 1
    return spent


hops = [(float(s), float(e)) for _, s, e in (line.rstrip("\n").split("\t") for line in open(hops_path))]
first = min(t[0][0] for t in runs.values() if t)
last = max(t[-1][0] for t in runs.values() if t)
during, overall = occupancy(hops), occupancy([(first, last)])
total_during, total_overall = sum(during.values()), sum(overall.values())
print(f"{len(hops)} slow hops, {sum(e - s for s, e in hops) / 1000:.1f} ms in all; the CPUs' time during them and over the whole recording:")
print()
print("| ran on a CPU | during the slow hops | over the recording |")
print("|---|---:|---:|")
for name in sorted(set(during) | set(overall), key=lambda k: -during[k]):
    share_during, share_overall = 100 * during[name] / total_during, 100 * overall[name] / total_overall
    if share_during >= 0.5 or share_overall >= 0.5:
        print(f"| {name} | {share_during:.1f} % | {share_overall:.1f} % |")
