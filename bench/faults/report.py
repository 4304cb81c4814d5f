#!/usr/bin/env python3
"""One row of the fault table from a scenario's request log (load.py) and its fault window.

Answers are split into during the fault (under way at some moment between its start and its end) and after it (sent
after its end); a non-2xx answer is counted by
status, with "0" for no answer at all, and "503-" for a 503 without Retry-After (every 503 should carry one).
Recovered: seconds from the fault's end to the last failed answer after it (0 when none failed after the end).
Prediction latency: p50 / p99 in ms before the fault and during it.
Usage: report.py NAME LOG FAULT_START FAULT_END   (prints a markdown table row)
"""
import collections
import json
import sys

name, log_path, start, end = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
requests, verify = [], None
with open(log_path, encoding="utf-8") as log:
    for line in log:
        entry = json.loads(line)
        if entry["kind"] == "verify":
            verify = entry
        else:
            requests.append(entry)


def failed(entry):
    return not 200 <= entry["status"] < 300


def label(entry):
    if entry["status"] == 503 and not entry.get("retry_after"):
        return "503-"
    return str(entry["status"])


def ended(entry):
    return entry["t"] + entry["ms"] / 1000


def in_fault(entry):
    """Whether the request was under way at some moment of the fault (one sent just before it may meet it)."""
    return entry["t"] < end and ended(entry) >= start


def counts(kind, during):
    chosen = [e for e in requests if e["kind"] == kind and (in_fault(e) if during else e["t"] >= end)]
    bad = collections.Counter(label(e) for e in chosen if failed(e))
    text = ", ".join(f"{status} ×{n}" for status, n in sorted(bad.items())) or "none"
    return f"{text} (of {len(chosen)})"


def latency(entries):
    """p50 / p99 of the answered predictions, in ms."""
    times = sorted(e["ms"] for e in entries if e["kind"] == "predict" and e["status"])
    if not times:
        return "—"
    return f"{times[len(times) // 2]:.0f} / {times[min(len(times) - 1, int(len(times) * 0.99))]:.0f}"


after_end = [e for e in requests if e["t"] >= end and failed(e)]
recovered = max((ended(e) - end for e in after_end), default=0.0)
slowest = max(requests, key=lambda e: e["ms"])
before = [e for e in requests if ended(e) < start]
lost = len(verify["lost"]) if verify else "?"
acknowledged = verify["acknowledged"] if verify else "?"
print(f"| {name} | {counts('predict', True)} | {counts('predict', False)} | {counts('write', True)} | {counts('write', False)} "
      f"| {latency(before)} → {latency(e for e in requests if in_fault(e))} "
      f"| {slowest['ms'] / 1000:.1f} s ({slowest['kind']}) | {recovered:.1f} s | {acknowledged} / {lost} |")
early = collections.Counter(f"{e['kind']} {label(e)}" for e in before if failed(e))
if early:
    print(f"  (warning: failures before the fault started: {dict(early)})", file=sys.stderr)
    for e in before:
        if failed(e):
            print(f"    {e['kind']} {e['status']}: {e.get('detail', '')}", file=sys.stderr)
