"""Benchmark: `ingest --engine local` against `--engine ray --workers 1` and `--workers 2`,
end to end (read, normalize, detect languages, code events, store) into a fresh DuckDB
file, on the whole Reuters-21578 corpus and on generated WARC.GZ archives of 10,000 and
50,000 HTML pages (benchmarks/ingest_warc.py's generator).

    .venv/bin/python benchmarks/ingest_ray.py [--coder rules] [--pages 50000] [--small 10000]

Each run is a subprocess of its own, so that the driver's peak RSS is its own; the peak
RSS of each Ray worker process is sampled every 0.5 s. Time includes starting the Ray
runtime and loading the models on the workers.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, peak_rss_mb

REUTERS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "corpora" / "reuters21578"


def _worker_peaks(stop: threading.Event, peaks: dict[int, float]) -> None:
    """Sample the RSS of Ray's worker processes (``ray::…`` in /proc/PID/cmdline, not idle
    workers nor Ray's agents) until ``stop`` is set."""
    while not stop.is_set():
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                cmd = (proc / "cmdline").read_bytes().decode(errors="replace")
                if not cmd.startswith("ray::") or "IDLE" in cmd or "Agent" in cmd:
                    continue
                status = (proc / "status").read_text()
            except OSError:
                continue
            rss = next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS")), 0.0)
            peaks[int(proc.name)] = max(peaks.get(int(proc.name), 0.0), rss)
        stop.wait(0.5)


def run_one(inputs: list[str], engine: str, workers: int, coder: str, extract: bool) -> dict[str, Any]:
    """One ingest in this process (called in a subprocess by :func:`main`)."""
    from blocwatch import open_blocwatch

    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("blocwatch").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        bw = open_blocwatch(str(Path(tmp) / "bench.duckdb"), extract_coder=coder, extract_on_ingest=extract)
        if extract:
            bw.ensure_built()
            _ = bw.events.extractor  # graph and extractor built before the clock starts (both engines)
        peaks: dict[int, float] = {}
        stop = threading.Event()
        sampler = threading.Thread(target=_worker_peaks, args=(stop, peaks), daemon=True)
        sampler.start()
        load = os.getloadavg()[0]
        started = time.perf_counter()
        if engine == "local":
            report = bw.articles.ingest(inputs)
            shards = 0
        else:
            from blocwatch.ingest.cluster import ingest_cluster

            report = ingest_cluster(bw, inputs, workers=workers)
            shards = len(report.shards)
        seconds = time.perf_counter() - started
        stop.set()
        sampler.join()
        counts = bw.articles.stats()
        bw.close()
    return {
        "records": report.read,
        "stored": report.stored,
        "events": counts["events"],
        "shards": shards,
        "seconds": round(seconds, 1),
        "docs/s": round(report.read / seconds, 1),
        "driver peak RSS MB": round(peak_rss_mb()),
        "worker peak RSS MB": sorted(round(v) for v in peaks.values()),
        "load (1 min) before / after": f"{load:.2f} / {os.getloadavg()[0]:.2f}",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--coder", default="rules", help="extract_coder for every run (default rules)")
    parser.add_argument("--pages", type=int, default=50_000, help="HTML pages in the large WARC")
    parser.add_argument("--small", type=int, default=10_000, help="HTML pages in the small WARC (growth line)")
    parser.add_argument("--corpus", type=Path, default=REUTERS)
    parser.add_argument(
        "--warc-extract",
        action="store_true",
        help="also code events on the WARC pages (slow: the synthetic pages are full of trigger words)",
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: JSON spec of one run
    args = parser.parse_args()
    if args.one:
        spec = json.loads(args.one)
        print(json.dumps(run_one(spec["inputs"], spec["engine"], spec["workers"], spec["coder"], spec["extract"])))
        return 0
    if not args.corpus.is_dir():
        print(f"Reuters-21578 JSON not found at {args.corpus}; pass --corpus PATH", file=sys.stderr)
        return 2
    from ingest_warc import write_archive

    print("Ray engine benchmark")
    print(
        f"  machine: {machine()}; coder: {args.coder}; uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}"
    )
    configs = [("local", 0), ("ray", 1), ("ray", 2)]
    with tempfile.TemporaryDirectory() as tmp:
        corpora: list[tuple[str, list[str], list[tuple[str, int]], bool]] = [
            ("Reuters-21578 (22 files)", [str(args.corpus)], configs, True)
        ]
        for pages, wanted in ((args.small, [("local", 0), ("ray", 2)]), (args.pages, configs)):
            archive = Path(tmp) / f"crawl-{pages}.warc.gz"
            write_archive(archive, pages, 300)
            corpora.append((f"WARC, {pages:,} HTML pages", [str(archive)], wanted, args.warc_extract))
        results: dict[str, dict[str, dict[str, Any]]] = {}
        for name, inputs, wanted, extract in corpora:
            results[name] = {}
            for engine, workers in wanted:
                label = "local" if engine == "local" else f"ray --workers {workers}"
                spec = json.dumps(
                    {"inputs": inputs, "engine": engine, "workers": workers, "coder": args.coder, "extract": extract}
                )
                out = subprocess.run(
                    [sys.executable, __file__, "--one", spec], capture_output=True, text=True, check=True
                )
                figures = json.loads(out.stdout.strip().splitlines()[-1])
                base = results[name].get("local")
                if base:
                    figures["speed-up"] = round(base["seconds"] / figures["seconds"], 2)
                results[name][label] = figures
                what = "extraction on" if extract else "extraction off"
                print(f"  {name} ({what}) | {label}: {json.dumps(figures)}", flush=True)
    small, large = f"WARC, {args.small:,} HTML pages", f"WARC, {args.pages:,} HTML pages"
    for label in ("local", "ray --workers 2"):
        a, b = results[small][label]["seconds"], results[large][label]["seconds"]
        ratio = (b / a) / (args.pages / args.small)
        print(
            f"  growth {args.small:,} → {args.pages:,} pages, {label}: {a} s → {b} s ({b / a:.2f}x the time for "
            f"{args.pages / args.small:.0f}x the records; {ratio:.2f} of linear)"
        )
    print(f"  uptime after: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
