"""Benchmark: ingest the whole Reuters-21578 corpus (22 JSON files, 21,578 records) into a
fresh DuckDB file, without extraction. Prints records/s, MB/s and peak RSS.

    .venv/bin/python benchmarks/ingest_reuters.py [--corpus PATH] [--tracemalloc]

Targets (issue 3): >= 2,000 records/s and peak RSS <= 500 MB on a 2-core machine.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ingest_figures, print_figures

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "corpora" / "reuters21578"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT, help="folder of reut2-0NN.json files")
    parser.add_argument("--tracemalloc", action="store_true", help="also report the Python heap peak (slower)")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"Reuters-21578 JSON not found at {args.corpus}; pass --corpus PATH", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.ERROR)
    files = sorted(args.corpus.glob("*.json"))
    size = sum(f.stat().st_size for f in files)
    if args.tracemalloc:
        tracemalloc.start()
    with tempfile.TemporaryDirectory() as tmp:
        figures = ingest_figures(Path(tmp) / "reuters.duckdb", [str(args.corpus)], size)
    if args.tracemalloc:
        figures["Python heap peak MB (tracemalloc)"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    figures["input"] = f"{len(files)} files, {size / 1e6:.1f} MB"
    print_figures("Ingestion benchmark: Reuters-21578 (extraction off)", figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
