"""A disk cache of sentence embeddings for training and evaluation (not used at run time).

    .venv/bin/python scripts/embedcache.py --encoder use_m3.v1 [--shared ../shared/data]

Embeds every distinct text of the labelled sets (``scripts/eventdata.py``) once and keeps
them in ``.cache/embeddings/<encoder>.npz`` (text sha256 → row), so that training, encoder
comparison and evaluation don't re-encode.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / ".cache" / "embeddings"
sys.path.insert(0, str(REPO / "scripts"))


def key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


class EmbeddingCache:
    """Embeddings of one encoder, loaded from and saved to ``.cache/embeddings``."""

    def __init__(self, encoder: str) -> None:
        self.encoder = encoder
        self.path = CACHE / f"{encoder}.npz"
        self.rows: dict[str, np.ndarray] = {}
        if self.path.is_file():
            with np.load(self.path, allow_pickle=False) as data:
                for k, row in zip(data["keys"], data["matrix"], strict=True):
                    self.rows[str(k)] = row

    def missing(self, texts: Sequence[str]) -> list[str]:
        seen: set[str] = set()
        out = []
        for text in texts:
            k = key(text)
            if k not in self.rows and k not in seen:
                seen.add(k)
                out.append(text)
        return out

    def fill(self, texts: Sequence[str], *, batch: int = 256, progress: bool = True) -> None:
        from blocwatch.extract.encoders import get_encoder

        todo = self.missing(texts)
        if not todo:
            return
        enc = get_encoder(self.encoder)
        started = time.perf_counter()
        for start in range(0, len(todo), batch):
            chunk = todo[start : start + batch]
            for text, row in zip(chunk, enc.encode(chunk), strict=True):
                self.rows[key(text)] = row.astype(np.float32)
            if progress:
                done = start + len(chunk)
                rate = done / (time.perf_counter() - started)
                print(f"\r{self.encoder}: {done}/{len(todo)} ({rate:.0f}/s)", end="", file=sys.stderr, flush=True)
            if (start // batch) % 20 == 19:
                self.save()
        if progress:
            print(file=sys.stderr)
        self.save()

    def save(self) -> None:
        CACHE.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self.rows))
        matrix = np.stack(list(self.rows.values())) if self.rows else np.zeros((0, 1), np.float32)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=keys, matrix=matrix)
        tmp.replace(self.path)

    def matrix(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self.rows[key(t)] for t in texts])


def main() -> None:
    from eventdata import load_all

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoder", default="use_m3.v1")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--skip", default="", help="comma list of data sets to leave out")
    parser.add_argument("--max-train", type=int, default=0, help="cap train items per data set (0: all)")
    parser.add_argument("--max-dev", type=int, default=0, help="cap dev items per data set (0: all)")
    parser.add_argument("--no-test", action="store_true", help="leave the test splits out (encoder comparison)")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    items = [i for i in load_all(args.shared) if i.dataset not in skip]
    if args.no_test:
        items = [i for i in items if i.split != "test"]
    caps = {"train": args.max_train, "dev": args.max_dev}
    counts: dict[tuple[str, str], int] = {}
    kept = []
    for item in items:
        cap = caps.get(item.split, 0)
        if cap:
            key = (item.dataset, item.split)
            counts[key] = counts.get(key, 0) + 1
            if counts[key] > cap:
                continue
        kept.append(item)
    items = kept
    cache = EmbeddingCache(args.encoder)
    cache.fill([i.text for i in items])
    print(f"{args.encoder}: {len(cache.rows)} texts cached in {cache.path}")


if __name__ == "__main__":
    main()
