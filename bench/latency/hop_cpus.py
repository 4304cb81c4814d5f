#!/usr/bin/env python3
"""What the two CPUs ran while the slowest requests' slowest hops went on: reads a `perf sched record -k
CLOCK_MONOTONIC` recording and the hops Timeline --slow-hops wrote (name, start µs, end µs on the same clock), and
prints the share of CPU time per process and thread kind during those hops, beside the share over the whole recording.
Usage: hop_cpus.py PERF_DATA SLOW_HOPS PID=label..."""
import bisect
import collections
import re
import subprocess
import sys

path, hops_path, labels = sys.argv[1], sys.argv[2], dict(arg.split("=", 1) for arg in sys.argv[3:])
script = subprocess.run(["perf", "script", "-i", path, "-F", "pid,tid,cpu,time,event,trace"],
                        capture_output=True, text=True, check=True).stdout
switch = re.compile(r"^\s*(\d+)/(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+sched:sched_switch:.*==> next_comm=(.+?) next_pid=(\d+)")
any_event = re.compile(r"^\s*(\d+)/(\d+)\s")
process_of = {}      # tid -> pid, from every event's own pid/tid
runs = collections.defaultdict(list)  # cpu -> [(start µs, tid, comm)]
for line in script.splitlines():
    m = any_event.match(line)
    if m:
        process_of[m.group(2)] = m.group(1)
    m = switch.match(line)
    if m:
        runs[int(m.group(3))].append((float(m.group(4)) * 1e6, m.group(6), m.group(5)))


def kind(tid, comm):
    if tid == "0":
        return "idle"
    owner = labels.get(process_of.get(tid, tid), "wrk" if comm.startswith("wrk") else "other")
    thread = re.sub(r"\s*\d+$", "", comm).strip()
    thread = {".NET TP Worker": "pool threads", ".NET Sockets": "socket thread"}.get(thread, thread)
    return f"{owner}: {thread}" if owner != "other" else f"other: {thread}"


def occupancy(windows):
    """CPU µs per kind over the windows, summed over CPUs."""
    spent = collections.Counter()
    for cpu, timeline in runs.items():
        starts = [t for t, _, _ in timeline]
        for start, end in windows:
            i = max(0, bisect.bisect_right(starts, start) - 1)
            while i < len(timeline) and timeline[i][0] < end:
                run_start = timeline[i][0]
                run_end = timeline[i + 1][0] if i + 1 < len(timeline) else end
                overlap = min(end, run_end) - max(start, run_start)
                if overlap > 0:
                    spent[kind(timeline[i][1], timeline[i][2])] += overlap
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
