#!/usr/bin/env python3
"""Reads `perf sched timehist` of a recording and prints, per process and thread name, how often a woken thread
waited for a CPU, and how long: the run-queue share of a latency tail. Usage: sched_delays.py FILE PID=label..."""
import collections
import re
import subprocess
import sys

import sched_events

path, labels = sys.argv[1], dict(arg.split("=", 1) for arg in sys.argv[2:])
timeline = subprocess.run(["perf", "sched", "timehist", "-i", path], capture_output=True, text=True, check=True).stdout
# time [cpu] name[tid/pid] wait-time sch-delay run-time (ms)
line = re.compile(r"^\s*[\d.]+\s+\[\d+\]\s+(.+?)\[(\d+)(?:/(\d+))?\]\s+[\d.]+\s+([\d.]+)\s+([\d.]+)")
delays, run = collections.defaultdict(list), collections.defaultdict(float)
for text in timeline.splitlines():
    match = line.match(text)
    if not match:
        continue
    name, tid, pid, delay, ran = match.groups()
    name = name.strip()
    process = labels.get(pid or tid, "client" if sched_events.is_client(name) else "other")
    delays[(process, name)].append(float(delay))
    run[(process, name)] += float(ran)

print("| process | thread | switches | ran ms | waited > 0.2 ms | > 0.5 ms | > 1 ms | longest ms | waited in all ms |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for key in sorted(delays, key=lambda k: -sum(delays[k])):
    waits = delays[key]
    if key[0] == "other" and sum(waits) < 5:
        continue
    print(f"| {key[0]} | {key[1]} | {len(waits)} | {run[key]:.0f} | {sum(w > 0.2 for w in waits)} | "
          f"{sum(w > 0.5 for w in waits)} | {sum(w > 1 for w in waits)} | {max(waits):.2f} | {sum(waits):.0f} |")
