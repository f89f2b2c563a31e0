"""Benchmark: building the reference graph, and `members` / `presidency` latency.

Prints the time to validate the data files and build the DuckDB tables (fresh file, best of
N), and p50/p95 of warm Python-API calls.

Usage: .venv/bin/python benchmarks/reference_queries.py [--repeat 5] [--calls 500]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path

from blocwatch import open_blocwatch
from blocwatch.reference.build import build_graph, load_and_validate
from blocwatch.store import open_store


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--calls", type=int, default=500)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")

    started = time.perf_counter()
    load_and_validate()
    print(f"load + validate data files: {time.perf_counter() - started:.3f} s")

    builds = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            path = Path(tmp) / f"b{i}.duckdb"
            started = time.perf_counter()
            con = open_store(path)
            counts = build_graph(con)
            con.close()
            builds.append(time.perf_counter() - started)
        print(
            f"build database from data files (fresh file): best {min(builds):.3f} s, median {statistics.median(builds):.3f} s"
        )
        print("rows: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))

        bw = open_blocwatch(Path(tmp) / "b0.duckdb")
        rng = random.Random(7)
        orgs = [o.id for o in bw.graph.orgs()]
        dates = [
            f"{rng.randint(1995, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" for _ in range(args.calls)
        ]
        for name, call in (
            ("members", lambda org, day: bw.graph.members(org, on=day)),
            ("presidency", lambda org, day: bw.graph.presidency(org, on=day)),
        ):
            for org in orgs[:5]:
                call(org, "2020-02-06")  # warm up
            times = []
            for day in dates:
                org = rng.choice(orgs)
                started = time.perf_counter()
                call(org, day)
                times.append((time.perf_counter() - started) * 1000)
            print(
                f"{name}: p50 {percentile(times, 0.5):.2f} ms, p95 {percentile(times, 0.95):.2f} ms over {len(times)} warm calls"
            )
        bw.close()


if __name__ == "__main__":
    main()
