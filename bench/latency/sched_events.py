"""Reads a `perf sched record` for stalls.py and hop_cpus.py: its switches and wake-ups, and who each thread is."""
import re
import subprocess

_event = re.compile(r"^\s*(\d+)/(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+sched:(sched_switch|sched_waking):(.*)")
_incoming = re.compile(r"next_comm=(.+?) next_pid=(\d+)")


def read(path):
    """The recording's switches and wake-ups in time order, as (µs, cpu, event, incoming tid, incoming comm), the
    incoming thread for a switch only; and each thread's process (tid -> pid)."""
    script = subprocess.run(["perf", "script", "-i", path, "-F", "pid,tid,cpu,time,event,trace"],
                            capture_output=True, text=True, check=True).stdout
    owner, events = {}, []
    for line in script.splitlines():
        m = _event.match(line)
        if not m:
            continue
        pid, tid, cpu, at, name, rest = m.groups()
        owner[tid] = pid
        incoming = _incoming.search(rest) if name == "sched_switch" else None
        events.append((float(at) * 1e6, int(cpu), name, incoming and incoming.group(2), incoming and incoming.group(1)))
    return events, owner


def is_client(comm):
    """The load generator's thread: wrk, or bench/latency/loop.c at one connection."""
    return comm.startswith("wrk") or comm == "loop"


def who(tid, comm, owner, labels):
    """'idle', or 'process: thread name' (the process by its PID=label, the client, or other)."""
    if tid == "0":
        return "idle"
    process = labels.get(owner.get(tid, tid), "client" if is_client(comm) else "other")
    return f"{process}: {re.sub(r' *[0-9]+$', '', comm).strip()}"
