"""The trained heads of the learned coder, run with plain numpy.

A head is a (multinomial) logistic regression, ``softmax((X @ W.T + b) / T)``, with a
temperature ``T`` fitted on a dev split so that its probabilities are calibrated. The
shipped heads live in one compressed NumPy archive per encoder
(``extract/models/event_heads_<encoder>.npz``, no pickle) with a JSON sidecar that
records the training data hashes, the splits and the dev figures
(``scripts/train_event_models.py`` writes both).

    >>> heads = HeadSet.load("use_m3.v1")  # doctest: +SKIP
    >>> heads["detect"].proba(X)[:, 1]  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from blocwatch.errors import E, ExtractError

MODELS_PACKAGE = "blocwatch.extract"
MODELS_DIR = "models"


def artifact_name(encoder: str) -> str:
    """The file name of an encoder's heads: ``event_heads_use_m3_v1.npz``."""
    return "event_heads_" + encoder.replace(".", "_") + ".npz"


@dataclass
class LinearHead:
    """softmax((X W^T + b) / T) over ``classes``."""

    classes: tuple[str, ...]
    weight: np.ndarray
    bias: np.ndarray
    temperature: float = 1.0

    def logits(self, matrix: np.ndarray) -> np.ndarray:
        return np.asarray(np.asarray(matrix, dtype=np.float32) @ self.weight.T + self.bias)

    def proba(self, matrix: np.ndarray) -> np.ndarray:
        """Calibrated class probabilities, one row per input row."""
        if matrix.shape[0] == 0:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        scores = self.logits(matrix) / self.temperature
        if len(self.classes) == 2 and scores.shape[1] == 1:
            p = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.stack([1 - p, p], axis=1)
        scores = scores - scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))


@dataclass
class HeadSet:
    """Every head of one encoder, with the metadata of its training."""

    encoder: str
    heads: dict[str, LinearHead]
    meta: dict[str, Any] = field(default_factory=dict)
    sha256: str = ""

    def __getitem__(self, name: str) -> LinearHead:
        return self.heads[name]

    def __contains__(self, name: object) -> bool:
        return name in self.heads

    def save(self, path: Path) -> None:
        arrays: dict[str, Any] = {}
        for name, head in self.heads.items():
            arrays[f"{name}__weight"] = head.weight.astype(np.float16)
            arrays[f"{name}__bias"] = head.bias.astype(np.float32)
            arrays[f"{name}__temperature"] = np.array(head.temperature, dtype=np.float32)
            arrays[f"{name}__classes"] = np.array(head.classes)
        arrays["meta"] = np.array(json.dumps({"encoder": self.encoder, **self.meta}, sort_keys=True))
        np.savez_compressed(path, **arrays)

    @classmethod
    def from_file(cls, path: Path | Any) -> HeadSet:
        try:
            raw = Path(str(path)).read_bytes()
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                names = sorted({key.split("__")[0] for key in data.files if "__" in key})
                heads = {
                    name: LinearHead(
                        tuple(str(c) for c in data[f"{name}__classes"]),
                        data[f"{name}__weight"].astype(np.float32),
                        data[f"{name}__bias"].astype(np.float32),
                        float(data[f"{name}__temperature"]),
                    )
                    for name in names
                }
        except (OSError, KeyError, ValueError) as exc:
            raise ExtractError(E.BW412, f"cannot load the model heads: {exc}", where=str(path)) from exc
        return cls(str(meta.get("encoder", "")), heads, meta, hashlib.sha256(raw).hexdigest())

    @classmethod
    @functools.lru_cache(maxsize=4)
    def load(cls, encoder: str) -> HeadSet:
        """The shipped heads for ``encoder`` (cached per process)."""
        ref = resources.files(MODELS_PACKAGE).joinpath(MODELS_DIR, artifact_name(encoder))
        if not ref.is_file():
            raise ExtractError(
                E.BW412,
                f"no trained heads for the encoder {encoder}",
                where=str(ref),
                hint="train them with scripts/train_event_models.py --encoder " + encoder,
            )
        with resources.as_file(ref) as real:
            return cls.from_file(real)
