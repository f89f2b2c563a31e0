"""Benchmark: code Reuters-21578 end to end into DuckDB, beside a naive pipeline.

    .venv/bin/python benchmarks/extract_reuters.py [--corpus PATH] [--limit N] [--naive-limit N]

Reads the records with a body from ../shared/data/corpora/reuters21578/*.json (19,043),
and for each pipeline, in its own subprocess (so peak RSS is its own), opens a fresh
DuckDB file, builds the reference graph, codes every document and stores events and
proposals:

* learned (the default coder): sentences → actors + triggers → only candidate sentences
  (a political actor) go, in batches, to the encoder and the heads → roles → DuckDB;
* rules (the first coder): candidate sentences (an actor and a trigger) go to the spaCy
  parser and the classifier → rules → DuckDB;
* learned+trigger: the learned coder with setting ``extract_require_trigger`` on (only
  sentences with a political actor *and* a trigger word are encoded);
* naive (only with ``--naive-limit``): the learned coder with the pre-filter off, every
  sentence encoded.

Prints docs/s, MB/s (of body text), peak RSS and counts for each. Targets (issue 8):
the learned coder >= 150 docs/s with peak RSS <= 1.5 GB on 2 cores, beside the rules coder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, peak_rss_mb

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "corpora" / "reuters21578"


def load(corpus: Path, limit: int | None) -> list[dict[str, Any]]:
    records = []
    for path in sorted(corpus.glob("*.json")):
        for number, record in enumerate(json.loads(path.read_text(encoding="utf-8", errors="replace"))):
            body = (record.get("body") or "").strip()
            if body:
                records.append({"id": f"{path.stem}:{number}", "text": body, "date": record.get("date")})
    return records[:limit] if limit else records


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.datetime.strptime(text.strip()[:11], "%d-%b-%Y").date()
    except ValueError:
        return None


def run(mode: str, corpus: Path, limit: int | None) -> dict[str, Any]:
    """One pipeline, in this process: returns its figures."""
    from blocwatch import open_blocwatch
    from blocwatch.extract.pipeline import Document, Extractor

    records = load(corpus, limit)
    size = sum(len(r["text"].encode("utf-8")) for r in records)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        bw = open_blocwatch(
            str(Path(tmp) / "bench.duckdb"),
            extract_on_ingest=False,
            extract_require_trigger=(mode == "learned+trigger"),
        )
        coder = "rules" if mode == "rules" else "learned"
        extractor = Extractor.for_store(bw.con, settings=bw.settings, coder=coder, prefilter=(mode != "naive"))
        setup = time.perf_counter() - started
        docs = (Document(id=r["id"], text=r["text"], date=_date(r["date"]), lang="en") for r in records)
        sentences = candidates = parsed = 0
        batch: list[Any] = []
        counts = {"events": 0, "proposals": 0}
        for result in extractor.extract_many(docs, batch_size=256):
            sentences += result.sentences
            candidates += result.candidates
            parsed += result.parsed
            batch.append(result)
            if len(batch) >= 1000:
                written = bw.events.store(batch)
                counts["events"] += written["events"]
                counts["proposals"] += written["proposals"]
                batch = []
        if batch:
            written = bw.events.store(batch)
            counts["events"] += written["events"]
            counts["proposals"] += written["proposals"]
        seconds = time.perf_counter() - started - setup
        stored = bw.events.count()
        bw.close()
    return {
        "mode": mode,
        "documents": len(records),
        "MB": round(size / 1e6, 2),
        "sentences": sentences,
        "candidate sentences": candidates,
        "sentences parsed": parsed,
        "events": stored["events"],
        "proposals": stored["proposals"],
        "setup s (graph build, models)": round(setup, 2),
        "seconds": round(seconds, 1),
        "docs/s": round(len(records) / seconds, 1),
        "MB/s": round(size / 1e6 / seconds, 3),
        "peak RSS MB": round(peak_rss_mb(), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT, help="folder of reut2-0NN.json files")
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents (learned and rules)")
    parser.add_argument("--naive-limit", type=int, default=None, help="also run the naive pipeline on N documents")
    parser.add_argument("--mode", choices=["learned", "learned+trigger", "rules", "naive"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"Reuters-21578 JSON not found at {args.corpus}; pass --corpus PATH", file=sys.stderr)
        return 2
    if args.mode:
        print(json.dumps(run(args.mode, args.corpus, args.limit)))
        return 0
    figures = []
    runs = [("learned", args.limit), ("rules", args.limit), ("learned+trigger", args.limit)]
    if args.naive_limit:
        runs.append(("naive", args.naive_limit))
    for mode, limit in runs:
        command = [sys.executable, __file__, "--mode", mode, "--corpus", str(args.corpus)]
        if limit:
            command += ["--limit", str(limit)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        figures.append(json.loads(output.strip().splitlines()[-1]))
    ours, old = figures[0], figures[1]
    print("Extraction benchmark: Reuters-21578 (records with a body), end to end into DuckDB")
    print(f"  machine: {machine()}")
    for fig in figures:
        print(f"  {fig['mode']}: " + ", ".join(f"{k}={v}" for k, v in fig.items() if k != "mode"))
    print(f"  learned / rules (docs/s): {ours['docs/s'] / old['docs/s']:.2f}x")
    print(f"  learned+trigger / rules (docs/s): {figures[2]['docs/s'] / old['docs/s']:.2f}x")
    if len(figures) > 3:
        print(f"  learned / naive (docs/s): {ours['docs/s'] / figures[3]['docs/s']:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
