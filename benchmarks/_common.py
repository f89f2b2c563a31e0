"""Shared helpers of the ingestion benchmarks: machine description and figures."""

from __future__ import annotations

import os
import platform
import resource
import sys
import time
from pathlib import Path
from typing import Any


def machine() -> str:
    """CPU count, RAM and Python version of this machine."""
    with open("/proc/meminfo") as meminfo:
        total_kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    return (
        f"nproc={os.cpu_count()}, RAM={total_kb / 1024 / 1024:.1f} GiB, "
        f"Python {platform.python_version()} ({sys.implementation.name}), {platform.system()} {platform.machine()}"
    )


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    Read from ``VmHWM`` in /proc/self/status where there is one: Linux carries
    ``ru_maxrss`` over fork and exec, so a subprocess started from a large parent (a test
    session holding a Ray driver and the models) would report the parent's size as its own.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ingest_figures(db: Path, inputs: list[str], input_bytes: int) -> dict[str, Any]:
    """Ingest ``inputs`` into a fresh store at ``db`` with extraction off and time it."""
    from blocwatch import open_blocwatch

    bw = open_blocwatch(str(db), build=False, extract_on_ingest=False)
    rss_before = peak_rss_mb()
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    report = bw.articles.ingest(inputs)
    seconds = time.perf_counter() - started
    stats = bw.articles.stats()
    bw.close()
    return {
        "records read": report.read,
        "stored": report.stored,
        "duplicates (sources added)": report.duplicates,
        "near-duplicates linked": report.near_duplicates,
        "quarantined": report.quarantined,
        "quarantine reasons": dict(report.quarantine_reasons),
        "by language": dict(report.by_lang),
        "articles in store": stats["articles"],
        "seconds": round(seconds, 2),
        "records/s": round(report.read / seconds),
        "MB/s (input)": round(input_bytes / 1e6 / seconds, 2),
        "peak RSS MB (before ingest)": round(rss_before, 1),
        "peak RSS MB": round(peak_rss_mb(), 1),
        "database MB": round(db.stat().st_size / 1e6, 1),
        "load average (1 min) before / after": f"{load_before:.2f} / {os.getloadavg()[0]:.2f}",
    }


def print_figures(title: str, figures: dict[str, Any]) -> None:
    print(title)
    print(f"  machine: {machine()}")
    for key, value in figures.items():
        print(f"  {key}: {value}")
