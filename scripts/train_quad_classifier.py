"""Train the shipped sentence classifier (quad_clf.v1) from the ConfliBERT sentences.

The 1,349 sentences of ../shared/data/train/conflibert_cameo_class_train.tsv are split
deterministically by a hash of the sentence: one in five (hash % 5 == 0) is HELD OUT for
evaluation (benchmarks/evaluate.py) and never trained on; the rest trains the weights
written to src/blocwatch/extract/data/quad_clf_v1.npz.

    .venv/bin/python scripts/train_quad_classifier.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from blocwatch.extract.classifier import ARTIFACT, fit, save

REPO = Path(__file__).resolve().parents[1]


def held_out(sentence: str) -> bool:
    """The deterministic evaluation split: about one sentence in five."""
    return int(hashlib.sha256(sentence.encode("utf-8")).hexdigest(), 16) % 5 == 0


def read_conflibert(path: Path) -> list[tuple[str, int]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            text, label = line.rsplit("\t", 1)
            rows.append((text, int(label)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args()
    rows = read_conflibert(args.shared / "train" / "conflibert_cameo_class_train.tsv")
    train = [(t, y) for t, y in rows if not held_out(t)]
    clf = fit([t for t, _ in train], [y for _, y in train])
    out = REPO / "src" / "blocwatch" / "extract" / "data" / ARTIFACT
    save(
        clf,
        str(out),
        meta={
            "data": "eventdata/ConfliBERT data/cameo_class/train.tsv (GPL-3.0), training split: sha256(sentence) % 5 != 0",
            "n_held_out": len(rows) - len(train),
        },
    )
    print(
        f"trained on {len(train)} sentences, held out {len(rows) - len(train)}; wrote {out} ({out.stat().st_size} bytes)"
    )


if __name__ == "__main__":
    main()
