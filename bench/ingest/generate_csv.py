#!/usr/bin/env python3
"""Writes a CSV of about SIZE_MB megabytes: integer, number, string, boolean and datetime columns.

Rows come from a fixed seed, so two runs write the same file. Usage: generate_csv.py PATH SIZE_MB
"""
import random
import sys

path, size_mb = sys.argv[1], float(sys.argv[2])
target = int(size_mb * 1024 * 1024)
rng = random.Random(42)
cities = ["amsterdam", "berlin", "cairo", "delhi", "lima", "oslo", "paris", "quito", "rome", "tokyo",
          "sao paulo", "new york, ny", "zurich"]

# A pool of distinct rows, reused with a changing id: generating every value in Python would take minutes for 1 GB.
pool = []
for i in range(20000):
    city = cities[rng.randrange(len(cities))]
    city = f'"{city}"' if "," in city else city
    pool.append(",%.4f,%.2f,%d,%s,%s,customer-%06d,2024-%02d-%02dT%02d:%02d:00Z\n" % (
        rng.gauss(50, 15), rng.uniform(0, 10000), rng.randrange(0, 120), city,
        "true" if rng.random() < 0.3 else "false", rng.randrange(1000000),
        rng.randrange(1, 13), rng.randrange(1, 29), rng.randrange(24), rng.randrange(60)))

with open(path, "w", encoding="utf-8", newline="") as out:
    out.write("id,score,amount,age,city,active,customer,seen_at\n")
    written, row = 0, 0
    block = []
    while written < target:
        line = str(row) + pool[row % len(pool)]
        block.append(line)
        written += len(line)
        row += 1
        if len(block) == 50000:
            out.write("".join(block))
            block = []
    out.write("".join(block))
print(f"{path}: {row} rows, {written / 1024 / 1024:.0f} MiB")
