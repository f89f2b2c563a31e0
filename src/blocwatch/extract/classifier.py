"""The learned sentence classifier (component ``quad_clf.v1``).

A logistic regression over hashed word (1–2) and character (2–5) n-grams, with
sublinear term frequencies, IDF weights and trigger-lexicon indicator features. It
predicts the five ConfliBERT/CAMEO sentence classes: 0 statement or appeal, 1 verbal
cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. The
weights are a small NumPy artifact (``data/quad_clf_v1.npz``, no pickle) trained by
``scripts/train_quad_classifier.py`` on the training part of the ConfliBERT sentences.

    >>> clf = QuadClassifier.load()  # doctest: +SKIP
    >>> clf.predict_proba(["Troops shelled the town."]).argmax(axis=1)  # doctest: +SKIP
    array([4])
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from blocwatch.errors import E, StoreError

COMPONENT = "quad_clf.v1"
ARTIFACT = "quad_clf_v1.npz"
CLASSES: tuple[str, ...] = (
    "STATEMENT",
    "VERBAL_COOPERATION",
    "MATERIAL_COOPERATION",
    "VERBAL_CONFLICT",
    "MATERIAL_CONFLICT",
)
N_FEATURES = 2**18


@functools.lru_cache(maxsize=1)
def _vectorizers() -> tuple[HashingVectorizer, HashingVectorizer]:
    words = HashingVectorizer(
        n_features=N_FEATURES, ngram_range=(1, 2), alternate_sign=False, norm=None, lowercase=True
    )
    chars = HashingVectorizer(
        n_features=N_FEATURES, analyzer="char_wb", ngram_range=(2, 5), alternate_sign=False, norm=None
    )
    return words, chars


def _trigger_tokens(texts: Sequence[str]) -> list[str]:
    from blocwatch.extract.triggers import lexicon

    lex = lexicon("en")
    out = []
    for text in texts:
        found = lex.triggers(text)
        out.append(" ".join(f"trig_{t.type.lower()}" for t in found) or "trig_none")
    return out


def raw_features(texts: Sequence[str]) -> sp.csr_matrix:
    """Sublinear term frequencies of word, character and trigger features (before IDF)."""
    words, chars = _vectorizers()
    trig = words.transform(_trigger_tokens(texts))
    matrix = sp.hstack([words.transform(texts), chars.transform(texts), trig * 3.0]).tocsr()
    matrix.data = 1.0 + np.log(matrix.data)
    return matrix


def _normalize(matrix: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)


class QuadClassifier:
    """Predicts the class probabilities of sentences from the shipped weights."""

    def __init__(self, idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray, meta: dict[str, Any]) -> None:
        self.idf = idf.astype(np.float64)
        self.coef = coef.astype(np.float64)
        self.intercept = intercept.astype(np.float64)
        self.meta = meta

    @classmethod
    @functools.lru_cache(maxsize=1)
    def load(cls) -> QuadClassifier:
        """The shipped classifier (cached per process)."""
        path = resources.files("blocwatch.extract").joinpath("data", ARTIFACT)
        try:
            with resources.as_file(path) as real, np.load(real, allow_pickle=False) as data:
                return cls(data["idf"], data["coef"], data["intercept"], json.loads(str(data["meta"])))
        except (OSError, KeyError, ValueError) as exc:
            raise StoreError(E.BW404, f"cannot load the classifier weights: {exc}", where=str(path)) from exc

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        return _normalize(sp.csr_matrix(raw_features(texts) @ sp.diags(self.idf)))

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities, one row per text, columns in :data:`CLASSES` order."""
        if not texts:
            return np.zeros((0, len(CLASSES)))
        scores = self.transform(texts) @ self.coef.T + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))


def fit(texts: Sequence[str], labels: Sequence[int], *, c: float = 10.0) -> QuadClassifier:
    """Train a classifier (used by the training script and cross-validation)."""
    from sklearn.linear_model import LogisticRegression

    raw = raw_features(texts)
    df = np.bincount(raw.indices, minlength=raw.shape[1])
    idf = np.log((1 + raw.shape[0]) / (1 + df)) + 1.0
    matrix = _normalize(sp.csr_matrix(raw @ sp.diags(idf)))
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    model.fit(matrix, np.asarray(labels))
    coef = np.zeros((len(CLASSES), raw.shape[1]))
    intercept = np.zeros(len(CLASSES))
    for row, label in enumerate(model.classes_):
        coef[int(label)] = model.coef_[row]
        intercept[int(label)] = model.intercept_[row]
    return QuadClassifier(idf, coef, intercept, {"c": c, "n_train": len(texts)})


def save(clf: QuadClassifier, path: str, *, meta: dict[str, Any]) -> None:
    """Write the weights as a compressed NumPy archive (float16 weights, no pickle)."""
    used = np.flatnonzero(np.abs(clf.coef).sum(axis=0) > 0)
    np.savez_compressed(
        path,
        idf=clf.idf.astype(np.float32),
        coef=clf.coef.astype(np.float16),
        intercept=clf.intercept.astype(np.float32),
        meta=np.array(json.dumps({**clf.meta, **meta, "features_used": int(used.size)})),
    )
