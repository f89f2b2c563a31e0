"""Benchmark of the actor index: compile time, file size, load time and resolve throughput.

Builds the reference graph in a temporary store, compiles the actor index to its file
(what ``blocwatch build`` does), loads it back in a fresh process-like step (pickle
load, timed), then resolves a fixed list of short mentions (the ConfliBERT source and
target spans of ../shared/data when present, else mentions written here) repeatedly and
reports mentions per second, plus ``document`` throughput over whole texts.

    .venv/bin/python benchmarks/actors_index.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from _common import machine, peak_rss_mb  # noqa: E402

FALLBACK = [
    "the Egyptian foreign minister",
    "Mirziyoyev",
    "Downing Street",
    "Guangzhou authorities",
    "the Inter-American Development Bank",
    "los venezolanos",
    "o Itamaraty",
    "Boris Johnson",
    "Colombian rebels",
    "the Russian foreign minister",
    "el canciller brasileño",
    "a polícia brasileira",
    "FARC guerrillas",
    "the IMF",
    "Chinese President Xi Jinping",
    "protesters in Tehran",
]


def mentions() -> list[str]:
    path = REPO.parent / "shared" / "data" / "train" / "conflibert_cameo_ner_train.txt"
    if not path.exists():
        return FALLBACK
    out: list[str] = []
    span: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, tag = line.rpartition(" ")
        if tag.startswith("B-") or tag in ("O", "") or not line.strip():
            if span:
                out.append(" ".join(span))
            span = [word] if tag.startswith("B-") else []
        elif tag.startswith("I-"):
            span.append(word)
    return out or FALLBACK


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BLOCWATCH_INDEX_DIR"] = tmp
        from blocwatch import open_blocwatch
        from blocwatch.extract.actors import ActorIndex

        bw = open_blocwatch(str(Path(tmp) / "bench.duckdb"), build=False)
        started = time.perf_counter()
        bw.build()
        build_s = time.perf_counter() - started
        started = time.perf_counter()
        path = ActorIndex.compile(bw.con)
        compile_s = time.perf_counter() - started
        assert path is not None
        bw.close()
        loads = []
        index = None
        for _ in range(3):
            started = time.perf_counter()
            index = ActorIndex.load(path)
            loads.append(time.perf_counter() - started)
        assert index is not None
        texts = mentions()
        day = dt.date(2022, 5, 1)
        index.resolve(texts[0], date=day)
        started = time.perf_counter()
        for _ in range(args.rounds):
            for text in texts:
                index.resolve(text, date=day)
        resolve_s = time.perf_counter() - started
        n = len(texts) * args.rounds
        article = " ".join(f"{t} said on Monday that talks would go on." for t in texts[:200])
        started = time.perf_counter()
        for _ in range(args.rounds):
            index.document(article, date=day)
        doc_s = time.perf_counter() - started
        print(f"machine: {machine()}")
        print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f}")
        print(f"reference build (graph + index) s: {build_s:.2f}")
        print(f"index compile s: {compile_s:.2f}")
        print(f"index file MB: {path.stat().st_size / 1e6:.1f}")
        print(f"names in the automaton: {index.size}")
        print(f"index load s (best / worst of 3): {min(loads):.3f} / {max(loads):.3f}")
        print(f"resolve: {n} mentions in {resolve_s:.2f} s = {n / resolve_s:,.0f} mentions/s")
        print(f"document: {len(article) * args.rounds / 1e3 / doc_s:,.0f} kchars/s over a {len(article):,}-char text")
        print(f"peak RSS MB: {peak_rss_mb():.0f}")


if __name__ == "__main__":
    main()
