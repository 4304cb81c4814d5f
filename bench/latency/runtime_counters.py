#!/usr/bin/env python3
"""Sums a `dotnet-counters collect --format csv` file of System.Runtime: GCs and their pause, allocation, thread-pool
work items, JIT and lock contention over the recording, as a table row; with --gc only "GCs/s, mean pause ms".
Usage: runtime_counters.py FILE LABEL | runtime_counters.py FILE --gc"""
import collections
import csv
import sys

path, label = sys.argv[1], sys.argv[2]
values = collections.defaultdict(list)
for row in csv.DictReader(open(path)):
    values[row["Counter Name"]].append(float(row["Mean/Increment"]))


def total(prefix):
    return sum(sum(v) for name, v in values.items() if name.startswith(prefix))


seconds = max((len(v) for v in values.values()), default=0) or 1
gen0 = total("dotnet.gc.collections ({collection} / 1 sec)[gc.heap.generation=gen0]")
collections_all = total("dotnet.gc.collections")
pause = total("dotnet.gc.pause.time")
if label == "--gc":
    print(f"{collections_all / seconds:.1f}, {1000 * pause / max(collections_all, 1):.2f}")
    sys.exit()
print(f"| {label} | {collections_all / seconds:.1f} ({gen0 / seconds:.1f} gen0) | "
      f"{1000 * pause / max(collections_all, 1):.2f} | {total('dotnet.gc.heap.total_allocated') / seconds / 1e6:.0f} | "
      f"{total('dotnet.thread_pool.work_item.count') / seconds:.0f} | {total('dotnet.jit.compiled_methods') / seconds:.0f} | "
      f"{total('dotnet.monitor.lock_contentions') / seconds:.1f} |")
