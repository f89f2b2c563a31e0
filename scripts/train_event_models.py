"""Train the heads of the learned event coder (event_model.v1, roles.v1) from ../shared.

    .venv/bin/python scripts/train_event_models.py [--encoder use_m3.v1] [--shared ../shared/data]
    .venv/bin/python scripts/train_event_models.py --compare use_m3.v1,e5_small_q4.v1,minilm_l6.v1

Reads the labelled sets through ``scripts/eventdata.py`` (frozen splits in
``benchmarks/splits/``). Training reads only ``train`` items; the regularisation strength,
the temperatures (calibration) and the emission threshold are chosen on ``dev``; ``test``
is never read here. Embeddings come from ``scripts/embedcache.py`` (computed when missing).

Heads (logistic regressions over [sentence embedding ; hand features], numpy at run time):

* ``detect``  — political event or not (binary);
* ``type``    — the PLOVER type of an event sentence (16 classes);
* ``quad``    — the ConfliBERT sentence class 0–4;
* ``role``    — per actor mention: source (actor), target (recipient) or neither, from
  hand features only (``extract/features.py``), trained on ConfliBERT's S/T spans;
* ``naive_type`` and ``naive_quad`` — the naive baseline of the evaluation: the same
  regressions on the embedding alone, one 17-way head (none + 16 types) and one 5-way head.

Writes ``src/blocwatch/extract/models/event_heads_<encoder>.npz`` and a JSON sidecar with
the data hashes, counts, chosen settings and dev figures. ``--compare`` trains the same
recipe for each encoder (on the items all of them have embeddings for) and writes the dev
comparison to ``benchmarks/results/encoders.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_recall_fscore_support

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from blocwatch import open_blocwatch  # noqa: E402
from blocwatch.extract.actors import Actor, ActorIndex  # noqa: E402
from blocwatch.extract.coder import class_of  # noqa: E402
from blocwatch.extract.components import is_political, sentence_triggers  # noqa: E402
from blocwatch.extract.features import ROLE_FEATURES, SENTENCE_FEATURES, role_features, sentence_features  # noqa: E402
from blocwatch.extract.heads import HeadSet, LinearHead, artifact_name  # noqa: E402
from blocwatch.extract.lexicon import fold, tokenize  # noqa: E402
from blocwatch.extract.plover import EVENT_TYPES  # noqa: E402
from blocwatch.extract.triggers import lexicon  # noqa: E402
from embedcache import EmbeddingCache  # noqa: E402
from eventdata import Item, load_all, negative_share_weights  # noqa: E402

MODELS = REPO / "src" / "blocwatch" / "extract" / "models"
RESULTS = REPO / "benchmarks" / "results"
SEED = 20261202
QUAD_CLASSES = ("0", "1", "2", "3", "4")
#: Weight of each data set's rows in the detection head (synthetic and noisy sets count less).
DETECT_WEIGHT = {"ngec": 0.3, "india_police": 0.25, "bbc": 1.0, "cb_quad": 1.0, "plover_gold": 1.5, "es_upetrarch": 2.0}
TYPE_WEIGHT = {"ngec": 0.2, "india_police": 0.0, "plover_gold": 2.0, "es_upetrarch": 2.0}


@dataclass
class Annotated:
    item: Item
    actors: list[Actor]
    hand: np.ndarray
    roles: np.ndarray
    role_actors: list[Actor]


def annotate(items: Sequence[Item], index: ActorIndex) -> list[Annotated]:
    out = []
    for item in items:
        lex = lexicon(item.lang)
        low = fold(item.text)
        tokens = tokenize(low)
        actors = index.actors(item.text, date=item.date, folded=low)
        triggers = sentence_triggers(item.text, item.lang, tokens, actors)
        hand = sentence_features(item.text, actors, triggers, tokens, lex)
        role_actors = [x for x in actors if x.id is not None]
        roles = role_features(role_actors, triggers, tokens, item.lang, item.text)
        out.append(Annotated(item, actors, hand, roles, role_actors))
    return out


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> LogisticRegression:
    model = LogisticRegression(C=c, max_iter=2000, random_state=SEED)
    model.fit(x, y, sample_weight=w)
    return model


def _head(model: LogisticRegression, classes: Sequence[str]) -> LinearHead:
    """A numpy head with rows in ``classes`` order (classes unseen in training get -inf bias)."""
    learned = [str(c) for c in model.classes_]
    coef, intercept = model.coef_, model.intercept_
    if len(learned) == 2 and coef.shape[0] == 1:
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    weight = np.zeros((len(classes), coef.shape[1]), dtype=np.float32)
    bias = np.full(len(classes), -30.0, dtype=np.float32)
    for row, name in enumerate(learned):
        k = classes.index(name)
        weight[k] = coef[row]
        bias[k] = intercept[row]
    return LinearHead(tuple(classes), weight, bias, 1.0)


def _temperature(head: LinearHead, x: np.ndarray, y: Sequence[str]) -> float:
    """The temperature that minimises the dev negative log-likelihood."""
    idx = np.array([head.classes.index(v) for v in y])
    best, best_nll = 1.0, np.inf
    for t in np.exp(np.linspace(np.log(0.3), np.log(5.0), 40)):
        head.temperature = float(t)
        p = head.proba(x)[np.arange(len(idx)), idx]
        nll = -np.mean(np.log(np.clip(p, 1e-9, 1)))
        if nll < best_nll:
            best, best_nll = float(t), nll
    head.temperature = best
    return best


#: A C within this much dev score of the best counts as as good; the most regularised of
#: them is taken (the small dev sets cannot tell such C apart, and the stronger prior
#: generalises better: the "one standard error" rule of model selection).
SCORE_TOLERANCE = 0.01


def _choose(
    make: Any, x_train: np.ndarray, y_train: np.ndarray, w_train: np.ndarray, score: Any, grid: Sequence[float]
) -> tuple[float, Any, dict[str, float]]:
    """The smallest C (grid ascending) whose dev score is within SCORE_TOLERANCE of the best."""
    results: dict[str, float] = {}
    fitted = []
    for c in sorted(grid):
        model = make(x_train, y_train, w_train, c)
        value = float(score(model))
        results[str(c)] = round(value, 4)
        fitted.append((value, c, model))
    top = max(v for v, _, _ in fitted)
    value, c, model = next(f for f in fitted if f[0] >= top - SCORE_TOLERANCE)
    return c, model, results


def ece(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> tuple[float, list[dict[str, float]]]:
    """Expected calibration error and the reliability table (equal-width bins)."""
    table = []
    total = 0.0
    edges = np.linspace(0, 1, bins + 1)
    for lo, hi in itertools.pairwise(edges):
        mask = (confidence >= lo) & ((confidence < hi) if hi < 1 else (confidence <= hi))
        if not mask.any():
            continue
        conf, acc = float(confidence[mask].mean()), float(correct[mask].mean())
        total += mask.sum() / len(confidence) * abs(conf - acc)
        table.append({"bin": f"{lo:.1f}–{hi:.1f}", "n": int(mask.sum()), "confidence": conf, "accuracy": acc})
    return float(total), table


def language_f1(pred: np.ndarray, gold: np.ndarray, langs: np.ndarray) -> float:
    """Mean over the languages of the detection F1 with no-event sentences weighted to
    NEGATIVE_SHARE of each language's mass (the targets are per language, and English
    would otherwise outweigh the rest by forty to one)."""
    scores = []
    for lang in sorted(set(langs)):
        k = langs == lang
        g = gold[k]
        if len(set(g)) < 2:
            continue
        scores.append(f1_score(g, pred[k], sample_weight=negative_share_weights(g), zero_division=0))
    return float(np.mean(scores))


def best_threshold(p: np.ndarray, gold: np.ndarray, langs: np.ndarray) -> tuple[float, float]:
    """The emission threshold that maximises :func:`language_f1` on dev, and that F1."""
    best_thr, best_f1 = 0.5, -1.0
    for thr in np.linspace(0.2, 0.9, 29):
        f = language_f1(p >= thr, gold, langs)
        if f > best_f1:
            best_thr, best_f1 = float(thr), f
    return best_thr, best_f1


def candidate(a: Annotated) -> bool:
    """Whether prefilter.v1 would send the sentence to the model (a political actor)."""
    return any(is_political(x) for x in a.actors)


def detection_rows(data: Sequence[Annotated]) -> list[tuple[Annotated, int, float]]:
    """Rows for the detection head: only sentences the prefilter passes, as at run time."""
    rows = []
    for a in data:
        item = a.item
        if not candidate(a):
            continue
        if item.dataset == "cb_quad":
            if item.quad_class in (1, 2, 3, 4):
                rows.append((a, 1, DETECT_WEIGHT["cb_quad"]))
            continue
        if item.event is None:
            continue
        weight = DETECT_WEIGHT.get(item.dataset, 2.0)
        if item.dataset == "india_police" and item.event:
            weight = 0.5
        rows.append((a, int(item.event), weight))
    return rows


def type_rows(data: Sequence[Annotated]) -> list[tuple[Annotated, str, float]]:
    rows = []
    for a in data:
        if not a.item.types or not a.item.event:
            continue
        weight = TYPE_WEIGHT.get(a.item.dataset, 2.0) / len(a.item.types)
        if weight <= 0:
            continue
        rows.extend((a, t, weight) for t in sorted(a.item.types))
    return rows


#: Weight of the quad rows derived from a PLOVER type (the type's quad class): human labels
#: count half a ConfliBERT row, NGEC's synthetic stories a tenth (chosen on dev).
QUAD_DERIVED_WEIGHT = {"human": 0.5, "synthetic": 0.1}


def quad_rows(data: Sequence[Annotated]) -> list[tuple[Annotated, str, float]]:
    rows = []
    for a in data:
        if a.item.quad_class is not None:
            rows.append((a, str(a.item.quad_class), 1.0))
        elif a.item.types and a.item.event:
            t = sorted(a.item.types)[0]
            rows.append((a, str(class_of(t)), QUAD_DERIVED_WEIGHT["human" if a.item.human else "synthetic"]))
    return rows


def role_rows(data: Sequence[Annotated]) -> list[tuple[np.ndarray, str]]:
    rows = []
    for a in data:
        if not a.item.spans:
            continue
        for k, actor in enumerate(a.role_actors):
            label = "none"
            for start, end, role in a.item.spans:
                if actor.start < end and start < actor.end and role in ("S", "T"):
                    label = role
                    break
            rows.append((a.roles[k], label))
    return rows


def sentence_matrix(data: Sequence[Annotated], emb: dict[str, np.ndarray], *, hand: bool = True) -> np.ndarray:
    vectors = np.stack([emb[a.item.text] for a in data])
    if not hand:
        return vectors
    return np.hstack([vectors, np.stack([a.hand for a in data])])


def train(
    annotated: list[Annotated], emb: dict[str, np.ndarray], encoder: str, *, log: Any = print
) -> tuple[HeadSet, dict[str, Any]]:
    train_set = [a for a in annotated if a.item.split == "train"]
    dev_set = [a for a in annotated if a.item.split == "dev"]
    figures: dict[str, Any] = {}
    heads: dict[str, LinearHead] = {}

    # --- detection
    det_train, det_dev = detection_rows(train_set), detection_rows(dev_set)
    xt = sentence_matrix([r[0] for r in det_train], emb)
    yt = np.array([r[1] for r in det_train])
    wt = np.array([r[2] for r in det_train])
    # balance classes in weight
    for label in (0, 1):
        wt[yt == label] *= 0.5 * wt.sum() / max(wt[yt == label].sum(), 1e-9)
    xd = sentence_matrix([r[0] for r in det_dev], emb)
    yd = np.array([r[1] for r in det_dev])
    langs = np.array([r[0].item.lang for r in det_dev])

    def det_score(model: LogisticRegression) -> float:
        return best_threshold(model.predict_proba(xd)[:, 1], yd, langs)[1]

    c, model, grid = _choose(_fit, xt, yt, wt, det_score, [0.1, 0.3, 1.0, 3.0, 10.0, 30.0])
    head = _head(model, ("0", "1"))
    t = _temperature(head, xd, [str(int(v)) for v in yd])
    p = head.proba(xd)[:, 1]
    best_thr, best_f1 = best_threshold(p, yd, langs)
    heads["detect"] = head
    det_ece, _ = ece(np.maximum(p, 1 - p), (p >= 0.5) == (yd == 1))
    figures["detect"] = {
        "C": c,
        "grid_dev_f1": grid,
        "temperature": t,
        "threshold": best_thr,
        "dev_f1_weighted_mean_over_languages": best_f1,
        "dev_ece": det_ece,
        "n_train": len(det_train),
        "n_dev": len(det_dev),
    }
    log(f"detect: C={c} T={t:.2f} threshold={best_thr:.2f} dev F1 (70% neg, mean of languages) {best_f1:.3f}")

    # --- type
    ty_train, _ty_dev = type_rows(train_set), type_rows(dev_set)
    xt = sentence_matrix([r[0] for r in ty_train], emb)
    yt = np.array([r[1] for r in ty_train])
    wt = np.array([r[2] for r in ty_train])
    dev_items = [a for a in dev_set if a.item.types and a.item.event and a.item.human]
    xd = sentence_matrix(dev_items, emb)

    def type_score(model: LogisticRegression) -> float:
        pred = model.predict(xd)
        gold = [p if p in a.item.types else sorted(a.item.types)[0] for p, a in zip(pred, dev_items, strict=True)]
        return float(f1_score(gold, pred, average="macro"))

    c, model, grid = _choose(_fit, xt, yt, wt, type_score, [0.01, 0.03, 0.1, 0.3, 1.0, 3.0])
    head = _head(model, EVENT_TYPES)
    gold_dev = [sorted(a.item.types)[0] for a in dev_items]
    t = _temperature(head, xd, gold_dev)
    heads["type"] = head
    pred = [head.classes[i] for i in head.proba(xd).argmax(axis=1)]
    acc = np.mean([p in a.item.types for p, a in zip(pred, dev_items, strict=True)])
    figures["type"] = {"C": c, "grid_dev_macro_f1": grid, "temperature": t, "dev_accuracy": float(acc)}
    log(f"type: C={c} T={t:.2f} dev accuracy {acc:.3f} grid {grid}")

    # --- quad
    q_train = quad_rows(train_set)
    q_dev = [a for a in dev_set if a.item.quad_class is not None]
    xt = sentence_matrix([r[0] for r in q_train], emb)
    yt = np.array([r[1] for r in q_train])
    wt = np.array([r[2] for r in q_train])
    xd = sentence_matrix(q_dev, emb)
    yd_q = np.array([str(a.item.quad_class) for a in q_dev])

    def quad_score(model: LogisticRegression) -> float:
        return float(f1_score(yd_q, model.predict(xd), average="macro"))

    c, model, grid = _choose(_fit, xt, yt, wt, quad_score, [0.3, 1.0, 3.0, 10.0, 30.0])
    heads["quad"] = _head(model, QUAD_CLASSES)
    t = _temperature(heads["quad"], xd, list(yd_q))
    figures["quad"] = {"C": c, "grid_dev_macro_f1": grid, "temperature": t}
    log(f"quad: C={c} dev macro-F1 grid {grid}")

    # --- roles
    r_train, r_dev = role_rows(train_set), role_rows(dev_set)
    if r_train:
        xt = np.stack([r[0] for r in r_train])
        yt = np.array([r[1] for r in r_train])
        xd = np.stack([r[0] for r in r_dev])
        yd_r = np.array([r[1] for r in r_dev])

        def role_score(model: LogisticRegression) -> float:
            return float(f1_score(yd_r, model.predict(xd), average="macro"))

        c, model, grid = _choose(_fit, xt, yt, np.ones(len(yt)), role_score, [0.1, 1.0, 10.0])
        heads["role"] = _head(model, ("none", "S", "T"))
        t = _temperature(heads["role"], xd, list(yd_r))
        figures["role"] = {"C": c, "grid_dev_macro_f1": grid, "temperature": t, "n_train": len(r_train)}
        log(f"role: C={c} dev macro-F1 grid {grid}")

    # --- naive baseline: embedding only
    nv_train = [(a, "NONE", w) for a, y, w in det_train if y == 0] + [
        (a, sorted(a.item.types)[0], TYPE_WEIGHT.get(a.item.dataset, 2.0))
        for a, y, _ in det_train
        if y == 1 and a.item.types
    ]
    xt = sentence_matrix([r[0] for r in nv_train], emb, hand=False)
    yt = np.array([r[1] for r in nv_train])
    wt = np.array([r[2] for r in nv_train])
    naive = _fit(xt, yt, wt, 1.0)
    heads["naive_type"] = _head(naive, ("NONE", *EVENT_TYPES))
    qt = quad_rows(train_set)
    naive_q = _fit(
        sentence_matrix([r[0] for r in qt], emb, hand=False), np.array([r[1] for r in qt]), np.ones(len(qt)), 1.0
    )
    heads["naive_quad"] = _head(naive_q, QUAD_CLASSES)
    figures["features"] = {"sentence": list(SENTENCE_FEATURES), "role": list(ROLE_FEATURES)}
    return HeadSet(encoder, heads), figures


def dev_report(heads: HeadSet, annotated: list[Annotated], emb: dict[str, np.ndarray]) -> dict[str, Any]:
    """Dev figures of the new heads and the naive baseline, per data set (for model choice)."""
    dev = [a for a in annotated if a.item.split == "dev"]
    out: dict[str, Any] = {}
    threshold = float(heads.meta.get("threshold", 0.5))
    by_set: dict[str, list[Annotated]] = {}
    for a in dev:
        by_set.setdefault(a.item.dataset, []).append(a)
    for lang in ("en", "es", "pt"):
        labelled = [a for a in dev if a.item.event is not None and a.item.lang == lang]
        if not labelled or len({a.item.event for a in labelled}) < 2:
            continue
        gold_e = np.array([bool(a.item.event) for a in labelled])
        passes = np.array([candidate(a) for a in labelled])
        p = heads["detect"].proba(sentence_matrix(labelled, emb))[:, 1]
        nvp = heads["naive_type"].proba(sentence_matrix(labelled, emb, hand=False))
        weights = negative_share_weights(gold_e)
        entry = {"n": len(labelled), "events": int(gold_e.sum()), "prefilter_recall": float(passes[gold_e].mean())}
        for key, pred in (("new", passes & (p >= threshold)), ("naive", nvp.argmax(axis=1) != 0)):
            pr, rc, f, _ = precision_recall_fscore_support(
                gold_e, pred, average="binary", zero_division=0, sample_weight=weights
            )
            entry[key] = {"p_at_70pct_neg": pr, "r": rc, "f1": f, "fp_rate": float(pred[~gold_e].mean())}
        out[f"detect_pooled_{lang}"] = entry
    for name, rows in sorted(by_set.items()):
        if name == "cb_ner":
            continue
        x = sentence_matrix(rows, emb)
        xe = sentence_matrix(rows, emb, hand=False)
        entry: dict[str, Any] = {"n": len(rows)}
        if name == "cb_quad":
            gold = [str(a.item.quad_class) for a in rows]
            new = [heads["quad"].classes[i] for i in heads["quad"].proba(x).argmax(axis=1)]
            nv = [heads["naive_quad"].classes[i] for i in heads["naive_quad"].proba(xe).argmax(axis=1)]
            entry["quad_macro_f1"] = {
                "new": f1_score(gold, new, average="macro"),
                "naive": f1_score(gold, nv, average="macro"),
            }
            out[name] = entry
            continue
        labelled = [a for a in rows if a.item.event is not None]
        if labelled:
            gold_e = np.array([bool(a.item.event) for a in labelled])
            p = heads["detect"].proba(sentence_matrix(labelled, emb))[:, 1]
            nvp = heads["naive_type"].proba(sentence_matrix(labelled, emb, hand=False))
            nv_event = nvp.argmax(axis=1) != 0
            for key, pred in (("new", p >= threshold), ("naive", nv_event)):
                pr, rc, f, _ = precision_recall_fscore_support(gold_e, pred, average="binary", zero_division=0)
                entry.setdefault("detect", {})[key] = {"p": pr, "r": rc, "f1": f}
        events = [a for a in rows if a.item.types and a.item.event]
        if events:
            tp = heads["type"].proba(sentence_matrix(events, emb))
            new = [heads["type"].classes[i] for i in tp.argmax(axis=1)]
            nvp = heads["naive_type"].proba(sentence_matrix(events, emb, hand=False))[:, 1:]
            nv = [EVENT_TYPES[i] for i in nvp.argmax(axis=1)]
            for key, pred in (("new", new), ("naive", nv)):
                gold = [p if p in a.item.types else sorted(a.item.types)[0] for p, a in zip(pred, events, strict=True)]
                entry.setdefault("type", {})[key] = {
                    "accuracy": float(np.mean([p == g for p, g in zip(pred, gold, strict=True)])),
                    "macro_f1": float(f1_score(gold, pred, average="macro")),
                }
        out[name] = entry
    return out


def file_hashes(shared: Path) -> dict[str, str]:
    names = [
        "train/conflibert_cameo_class_train.tsv",
        "train/conflibert_cameo_ner_train.txt",
        "train/ngec_synthetic_events_2023-10-19.csv.zip",
        "plover/PLOVER_GSR_CAMEO.txt",
        "spanish/spanish_fight_validation.xml",
        "spanish/spanish_validation_86.xml",
        "train/indiapoliceevents/sents_train.tsv",
        "train/bbc_news/train.tsv",
    ]
    out = {}
    for name in names:
        path = shared / name
        if path.is_file():
            out[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    for path in sorted((REPO / "benchmarks" / "gold").glob("*.jsonl")):
        out[str(path.relative_to(REPO))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def prepare(shared: Path, encoders: Sequence[str]) -> tuple[list[Annotated], dict[str, dict[str, np.ndarray]]]:
    items = load_all(shared)
    bw = open_blocwatch(":memory:")
    index = ActorIndex.for_store(bw.con)
    annotated = annotate(items, index)
    embeddings: dict[str, dict[str, np.ndarray]] = {}
    for name in encoders:
        cache = EmbeddingCache(name)
        if name == encoders[0] and len(encoders) == 1:
            cache.fill([i.text for i in items])
        from embedcache import key

        embeddings[name] = {i.text: cache.rows[key(i.text)] for i in items if key(i.text) in cache.rows}
    return annotated, embeddings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoder", default="use_m3.v1")
    parser.add_argument("--compare", default="", help="comma list of encoders to compare on dev (no weights written)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args()
    if args.compare:
        names = args.compare.split(",")
        annotated, embeddings = prepare(args.shared, names)
        common = set.intersection(*(set(e) for e in embeddings.values()))
        subset = [a for a in annotated if a.item.text in common]
        log_counts = Counter((a.item.dataset, a.item.split) for a in subset)
        report: dict[str, Any] = {"items": {f"{k[0]}/{k[1]}": v for k, v in sorted(log_counts.items())}}
        for name in names:
            print(f"== {name}")
            heads, figures = train(subset, embeddings[name], name)
            heads.meta["threshold"] = figures["detect"]["threshold"]
            report[name] = {"training": figures, "dev": dev_report(heads, subset, embeddings[name])}
            report[name]["training"].pop("features", None)
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / "encoders.json"
        out.write_text(json.dumps(report, indent=1, default=float) + "\n", encoding="utf-8")
        print(f"wrote {out}")
        return
    annotated, embeddings = prepare(args.shared, [args.encoder])
    emb = embeddings[args.encoder]
    annotated = [a for a in annotated if a.item.text in emb]
    heads, figures = train(annotated, emb, args.encoder)
    heads.meta = {
        "threshold": figures["detect"]["threshold"],
        "trained": dt.date.today().isoformat(),
        "seed": SEED,
        "data_sha256": file_hashes(args.shared),
        "splits": "benchmarks/splits/*.json (train split only; dev for C, temperature and threshold)",
        "counts": {
            f"{k[0]}/{k[1]}": v for k, v in sorted(Counter((a.item.dataset, a.item.split) for a in annotated).items())
        },
        "figures": figures,
        "licences": {
            "ConfliBERT sentences and NER spans, IndiaPoliceEvents": "from eventdata/ConfliBERT (repository GPL-3.0)",
            "PLOVER gold records": "CC BY-SA 4.0",
            "NGEC synthetic stories": "research example data (synthetic)",
            "UniversalPetrarch Spanish sentences": "repository MIT; texts from news agencies, research use",
            "BBC news": "BBC content, research use",
            "benchmarks/gold": "see benchmarks/gold/README.md",
        },
    }
    heads.meta["dev"] = dev_report(heads, annotated, emb)
    MODELS.mkdir(parents=True, exist_ok=True)
    path = MODELS / artifact_name(args.encoder)
    heads.save(path)
    sidecar = path.with_suffix(".json")
    sidecar.write_text(json.dumps(heads.meta, indent=1, sort_keys=True, default=float) + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size} bytes) and {sidecar.name}")
    print(json.dumps(heads.meta["dev"], indent=1, default=float))


if __name__ == "__main__":
    main()
