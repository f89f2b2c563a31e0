"""Score three event coders side by side on the frozen test splits and write docs/evaluation.md.

    .venv/bin/python benchmarks/evaluate.py [--shared ../shared/data] [--out docs/evaluation.md]

The coders, in one run:

* ``rules``  — the first coder (``plover_rules.v1`` with ``en_parse.v1`` and ``quad_clf.v1``);
* ``naive``  — the naive baseline: the default encoder's embedding and one logistic
  regression (none + 16 types; a second one for the quad classes), trained on the same
  train splits (heads ``naive_type``/``naive_quad``, ``scripts/train_event_models.py``);
* ``learned`` — the new coder (``event_model.v1`` + ``roles.v1``, the default).

Every figure is on the ``test`` split of its data set (``benchmarks/splits/*.json``,
frozen, split by document with a fixed seed): nothing was trained, tuned or read there.
Blocks between ``<!-- NAME:begin -->`` and ``<!-- NAME:end -->`` markers that other
evaluation scripts wrote into the output file are kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import f1_score

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from blocwatch import open_blocwatch  # noqa: E402
from blocwatch.extract.coder import class_of  # noqa: E402
from blocwatch.extract.heads import HeadSet  # noqa: E402
from blocwatch.extract.pipeline import Document, Extractor  # noqa: E402
from embedcache import EmbeddingCache  # noqa: E402
from eventdata import Item, load_all, negative_share_weights  # noqa: E402
from train_event_models import ece  # noqa: E402

CODERS = ("rules", "naive", "learned")


class Prediction:
    """What a coder said of one test sentence: its top event, if any."""

    def __init__(
        self,
        event_type: str | None,
        confidence: float = 0.0,
        actor: str | None = None,
        recipient: str | None = None,
        quad: int | None = None,
    ) -> None:
        self.event_type = event_type
        self.confidence = confidence
        self.actor = actor
        self.recipient = recipient
        self.quad = quad


def run_extractor(extractor: Extractor, items: Sequence[Item]) -> list[Prediction]:
    docs = [Document(id=f"t{i}", text=item.text, lang=item.lang, date=item.date) for i, item in enumerate(items)]
    out = []
    for result in extractor.extract_many(docs, batch_size=128):
        top = max(result.events, key=lambda e: e.confidence) if result.events else None
        if top is None:
            out.append(Prediction(None))
            continue
        out.append(
            Prediction(
                top.event_type,
                top.confidence,
                top.actor.country,
                top.recipient.country if top.recipient else None,
                class_of(top.event_type),
            )
        )
    return out


def run_naive(heads: HeadSet, cache: EmbeddingCache, items: Sequence[Item]) -> list[Prediction]:
    cache.fill([i.text for i in items], progress=False)
    matrix = cache.matrix([i.text for i in items])
    probs = heads["naive_type"].proba(matrix)
    quads = heads["naive_quad"].proba(matrix).argmax(axis=1)
    out = []
    for row, quad in zip(probs, quads, strict=True):
        k = int(row.argmax())
        label = heads["naive_type"].classes[k]
        out.append(Prediction(None if label == "NONE" else label, float(row[k]), quad=int(quad)))
    return out


def learned_quads(extractor: Extractor, items: Sequence[Item]) -> list[int]:
    """The learned coder's quad head on every sentence (the sentence classifier of the quad test)."""
    from blocwatch.extract.components import Batch

    model = next(c for c in extractor.pipeline if c.name == "event_model.v1")
    upstream = extractor.pipeline[: extractor.pipeline.index(model)]
    out = []
    for item in items:
        batch = Batch([Document(id="q", text=item.text, lang=item.lang)])
        for component in upstream:
            component(batch)
        units = batch.units
        if not units:
            out.append(0)
            continue
        for unit in units:
            unit.candidate = True
        matrix = model.features(units)
        probs = model.heads["quad"].proba(matrix).mean(axis=0)
        out.append(int(probs.argmax()))
    return out


def prf(gold: np.ndarray, pred: np.ndarray, weights: np.ndarray | None = None) -> tuple[float, float, float]:
    w = np.ones(len(gold)) if weights is None else weights
    tp = float((w * (gold & pred)).sum())
    fp = float((w * (~gold & pred)).sum())
    fn = float((w * (gold & ~pred)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def country_codes(bw: Any) -> tuple[set[str], dict[str, str]]:
    rows = bw.con.execute("select iso3, cow_abbr from countries").fetchall()
    iso = {r[0] for r in rows}
    cow = {str(r[1]): r[0] for r in rows if r[1]}
    return iso, cow


def gold_countries(codes: frozenset[str], iso: set[str], cow: dict[str, str]) -> set[str]:
    out = set()
    for code in codes:
        code = code.upper()[:3]
        if code in iso:
            out.add(code)
        elif code in cow:
            out.add(cow[code])
    return out


def score(
    items: list[Item], preds: dict[str, list[Prediction]], iso: set[str], cow: dict[str, str]
) -> dict[str, dict[str, Any]]:
    """Figures per coder over one group of test items."""
    out: dict[str, dict[str, Any]] = {}
    labelled = [k for k, i in enumerate(items) if i.event is not None]
    gold_e = np.array([bool(items[k].event) for k in labelled], dtype=bool)
    for coder, rows in preds.items():
        entry: dict[str, Any] = {}
        if labelled:
            pred_e = np.array([rows[k].event_type is not None for k in labelled], dtype=bool)
            if gold_e.any():
                entry["recall"] = prf(gold_e, pred_e)[1]
            if (~gold_e).any():
                entry["fp_rate"] = float(pred_e[~gold_e].mean())
            if gold_e.any() and (~gold_e).any():
                p, _, f = prf(gold_e, pred_e)
                weights = negative_share_weights(gold_e)
                pw, _, fw = prf(gold_e, pred_e, weights)
                entry.update({"precision": p, "f1": f, "precision_70": pw, "f1_70": fw})
        events = [k for k, i in enumerate(items) if i.event and i.types]
        if events:
            pred_t = [rows[k].event_type or "NONE" for k in events]
            gold_t = [
                p if p in items[k].types else sorted(items[k].types)[0] for p, k in zip(pred_t, events, strict=True)
            ]
            present = sorted(set(gold_t))
            entry["type_accuracy"] = float(np.mean([p == g for p, g in zip(pred_t, gold_t, strict=True)]))
            entry["type_macro_f1"] = float(f1_score(gold_t, pred_t, labels=present, average="macro", zero_division=0))
            detected = [(p, g) for p, g in zip(pred_t, gold_t, strict=True) if p != "NONE"]
            entry["type_accuracy_detected"] = float(np.mean([p == g for p, g in detected])) if detected else 0.0
        actor_n = actor_ok = recip_n = recip_ok = 0
        for k, item in enumerate(items):
            row = rows[k]
            if row.event_type is None or coder == "naive":
                continue
            gold_a = gold_countries(item.actor_codes, iso, cow)
            gold_r = gold_countries(item.recipient_codes, iso, cow)
            if gold_a:
                actor_n += 1
                actor_ok += row.actor in gold_a
            if gold_r:
                recip_n += 1
                recip_ok += row.recipient in gold_r
        if actor_n:
            entry["actor_country"] = actor_ok / actor_n
            entry["actor_n"] = actor_n
        if recip_n:
            entry["recipient_country"] = recip_ok / recip_n
            entry["recipient_n"] = recip_n
        out[coder] = entry
    return out


GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "en: PLOVER gold records": ("en", ("plover_gold",)),
    "en: IndiaPoliceEvents (police events vs none)": ("en", ("india_police",)),
    "en: BBC non-politics sentences (no event)": ("en", ("bbc",)),
    "en: all English sets pooled": ("en", ("plover_gold", "india_police", "bbc")),
    "es: UniversalPetrarch (AFP, Colombian reports)": ("es", ("es_upetrarch",)),
    "es: blocwatch real news gold": ("es", ("gold_es",)),
    "es: pooled": ("es", ("es_upetrarch", "gold_es")),
    "pt: blocwatch real news gold": ("pt", ("gold_pt",)),
}


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def render(report: dict[str, Any]) -> str:
    lines = [
        "# Evaluation of the event coders",
        "",
        "<!-- written by `.venv/bin/python benchmarks/evaluate.py`; do not edit by hand -->",
        "",
        f"Command: `.venv/bin/python benchmarks/evaluate.py` (reads `../shared/data` and `benchmarks/gold`, "
        f"writes this file; {report['seconds']:.0f} s on the development machine, {report['date']}).",
        "",
        "## Protocol",
        "",
        "* Every labelled set is split into train / dev / test **by document** (by sentence where a set has",
        "  no documents) with a fixed seed (`scripts/eventdata.py`); the document ids of each split are",
        "  frozen in `benchmarks/splits/<set>.json`. The ConfliBERT quad test split is the fifth that",
        "  `quad_clf.v1` was never trained on, so the old classifier is compared fairly.",
        "* Training (`scripts/train_event_models.py`) reads `train`; the regularisation, the calibration",
        "  temperatures and the emission threshold are chosen on `dev`. **Every figure below is on `test`.**",
        "* What was read: while developing, only dev-split aggregates (the training script's dev report)",
        "  and a handful of invented probe sentences were looked at, plus the seed article (an acceptance",
        "  test, not an evaluation set). No test sentence and no test error was read.",
        "  In the third round (2026-12-03) the training script's model selection changed on dev",
        "  aggregates (wider C grids; the detection C and threshold chosen on the mean over languages;",
        "  the most regularised C within 0.01 of the best), and the seed's acceptance test showed that",
        "  a weakly regularised detection head (C = 10) lost the seed's offer sentence; that is why the",
        "  tolerance rule was kept. After the final training the 25 dev type errors of the pt/es gold",
        "  were read; nothing was changed after reading them. The test figures were computed once.",
        "* The pt/es gold grew in that round (Bosque: Público and Folha excerpts; Spanish PUD); new",
        "  documents were drawn into train/dev/test by the same stratified rule, so the pt/es test",
        "  figures are on larger splits than in earlier versions of this file and not comparable.",
        "* Labels: the figures count human labels only. NGEC's synthetic stories are used for training",
        "  and never scored. IndiaPoliceEvents labels police events only (an all-zero sentence is taken",
        "  as no political event); BBC sentences of the non-politics desks are taken as no event.",
        "* Detection: a coder detects an event in a sentence when it emits at least one event; its top",
        "  event (highest confidence) gives the type. Type accuracy counts a sentence right when the top",
        "  type is one of its gold types. `P@70 %` and `F1@70 %` reweight the test sentences so that 70 %",
        "  of the weight is on sentences without an event, as in real news.",
        "",
        "## Side by side: detection and type on the test splits",
        "",
        "| test set | coder | n | recall | FP rate (no-event) | P@70 % | F1@70 % | type acc. | type acc. (detected) | type macro-F1 | actor country | recipient country |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, figures in report["groups"].items():
        for coder in CODERS:
            f = figures["coders"].get(coder, {})
            lines.append(
                f"| {name} | {coder} | {figures['n']} | {_fmt(f.get('recall'))} | {_fmt(f.get('fp_rate'))} | "
                f"{_fmt(f.get('precision_70'))} | {_fmt(f.get('f1_70'))} | {_fmt(f.get('type_accuracy'))} | "
                f"{_fmt(f.get('type_accuracy_detected'))} | {_fmt(f.get('type_macro_f1'))} | "
                f"{_fmt(f.get('actor_country'))} | {_fmt(f.get('recipient_country'))} |"
            )
    q = report["quad"]
    lines += [
        "",
        "Sets without a group are not in the test split yet (the blocwatch gold files are read when present).",
        "",
        f"## Quad classes on ConfliBERT sentences (test, n = {q['n']})",
        "",
        "| coder | macro-F1, 5 classes | macro-F1, classes 1–4 |",
        "|---|---|---|",
    ]
    for coder in ("rules_clf", "naive", "learned"):
        label = {
            "rules_clf": "rules (quad_clf.v1 classifier)",
            "naive": "naive (embedding + LR)",
            "learned": "learned (quad head)",
        }[coder]
        lines.append(f"| {label} | {_fmt(q[coder]['f5'])} | {_fmt(q[coder]['f4'])} |")
    lines += ["", "## Calibration of the learned coder's confidence (test)", ""]
    lines += [
        "`confidence` = P(event) × P(type | event). Correct = the sentence holds an event of that type.",
        "",
        "| language | events emitted | ECE |",
        "|---|---|---|",
    ]
    for lang, (value, n, _) in report["calibration"].items():
        lines.append(f"| {lang} | {n} | {_fmt(value)} |")
    for lang, (_, _, table) in report["calibration"].items():
        lines += [
            "",
            f"Reliability, {lang}:",
            "",
            "| confidence bin | n | mean confidence | accuracy |",
            "|---|---|---|---|",
        ]
        lines += [f"| {r['bin']} | {r['n']} | {r['confidence']:.3f} | {r['accuracy']:.3f} |" for r in table]
    enc = report.get("encoders")
    if enc:
        lines += [
            "",
            "## Choice of the encoder (dev splits)",
            "",
            "The same recipe trained on each candidate's embeddings (on the train/dev items all three",
            "have embeddings for: India police left out, train capped at 700 items per set), scored on dev",
            "(`scripts/train_event_models.py --compare …`, written to `benchmarks/results/encoders.json`).",
            "Speed: sentences per second encoded on this 2-core machine (other work running).",
            "",
            "| encoder | package | EN detect F1@70 % | ES type acc. | PLOVER gold type acc. | quad macro-F1 | sentences/s |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, row in enc.items():
            lines.append(
                f"| {name} | {row['package']} | {_fmt(row.get('en_f1'))} | {_fmt(row.get('es_type'))} | "
                f"{_fmt(row.get('pg_type'))} | {_fmt(row.get('quad'))} | {row.get('speed', '—')} |"
            )
        lines += ["", report.get("encoder_choice", "")]
    lines += [
        "",
        "## The seed article (2020-02-06)",
        "",
        "| expected event (PRODUCT.md) | learned coder | rules coder |",
        "|---|---|---|",
    ]
    for (name, ok_new), (_, ok_old) in zip(report["seed"]["learned"], report["seed"]["rules"], strict=True):
        lines.append(f"| {name} | {'found' if ok_new else 'MISSING'} | {'found' if ok_old else 'MISSING'} |")
    lines += ["", "## Training data and licences", ""]
    for name, licence in report["licences"].items():
        lines.append(f"* {name}: {licence}")
    lines += [
        "",
        "The ConfliBERT sentences and NER spans and the IndiaPoliceEvents sentences come from a",
        "GPL-3.0 repository. GPL-3.0 governs software; whether weights fitted on such data are a",
        "derivative work is unsettled. The shipped heads (`extract/models/event_heads_use_m3_v1.npz`)",
        "are fitted on them among other sets, so a redistributor who wants to be safe should treat the",
        "heads as GPL-3.0 covered or retrain without those sets (leave `cb_quad`, `cb_ner` and",
        "`india_police` out of `scripts/eventdata.py` `READERS`); the code of blocwatch stays MIT.",
        "",
    ]
    return "\n".join(lines)


def keep_blocks(old: str) -> str:
    blocks = re.findall(r"<!-- ([a-z_]+):begin -->.*?<!-- \1:end -->", old, flags=re.S)
    out = []
    for name in dict.fromkeys(blocks):
        match = re.search(rf"<!-- {name}:begin -->.*?<!-- {name}:end -->", old, flags=re.S)
        if match:
            out.append(match.group(0))
    return "\n\n".join(out)


SEED_EXPECTED = [
    ("REQUEST", "RUS", "South America"),
    ("AGREE", "RUS", "regional integration mechanisms"),
    ("SUPPORT", "RUS", "Latin America"),
    ("AGREE", "RUS", "CELAC"),
    ("AGREE", "RUS", "CELAC"),
]


def seed(extractor: Extractor, shared_dir: Path) -> list[tuple[str, bool]]:
    text = (shared_dir / "seeds" / "000_cefd087e070efa89.txt").read_text(encoding="utf-8")
    result = extractor.extract(Document(id="seed", text=text, date=dt.date(2020, 2, 6), lang="en"))
    remaining = list(result.events)
    out = []
    for event_type, country, recipient in SEED_EXPECTED:
        hit = next(
            (
                e
                for e in remaining
                if e.event_type == event_type
                and e.actor.country == country
                and e.recipient is not None
                and recipient in e.recipient.text
            ),
            None,
        )
        if hit is not None:
            remaining.remove(hit)
        out.append((f"{event_type} {country} → {recipient}", hit is not None))
    return out


def encoder_table() -> tuple[dict[str, Any], str]:
    path = REPO / "benchmarks" / "results" / "encoders.json"
    if not path.is_file():
        return {}, ""
    data = json.loads(path.read_text(encoding="utf-8"))
    from blocwatch.extract.encoders import PACKAGES

    speeds = data.get("speed", {})
    out = {}
    for name, row in data.items():
        if name in ("items", "speed"):
            continue
        dev = row["dev"]
        out[name] = {
            "package": PACKAGES.get(name, "?"),
            "en_f1": dev.get("detect_pooled_en", {}).get("new", {}).get("f1"),
            "es_type": dev.get("es_upetrarch", {}).get("type", {}).get("new", {}).get("accuracy"),
            "pg_type": dev.get("plover_gold", {}).get("type", {}).get("new", {}).get("accuracy"),
            "quad": dev.get("cb_quad", {}).get("quad_macro_f1", {}).get("new"),
            "speed": speeds.get(name, "—"),
        }
    return out, data.get("choice", "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "evaluation.md")
    args = parser.parse_args()
    if not args.shared.is_dir():
        sys.exit(f"needs the shared data at {args.shared}")
    started = time.perf_counter()
    items = [
        i for i in load_all(args.shared, freeze=False) if i.split == "test" and i.dataset not in ("ngec", "cb_ner")
    ]
    bw = open_blocwatch(":memory:")
    iso, cow = country_codes(bw)
    learned = Extractor.for_store(bw.con, settings=bw.settings, coder="learned")
    rules = Extractor.for_store(bw.con, settings=bw.settings, coder="rules")
    encoder = next(c for c in learned.pipeline if c.name == "event_model.v1")
    heads, cache = encoder.heads, EmbeddingCache(encoder.encoder_name)
    eventful = [i for i in items if i.dataset != "cb_quad"]
    preds = {
        "rules": run_extractor(rules, eventful),
        "naive": run_naive(heads, cache, eventful),
        "learned": run_extractor(learned, eventful),
    }
    groups: dict[str, Any] = {}
    for name, (_, sets) in GROUPS.items():
        idx = [k for k, i in enumerate(eventful) if i.dataset in sets]
        if not idx:
            continue
        sub = [eventful[k] for k in idx]
        groups[name] = {
            "n": len(sub),
            "coders": score(sub, {c: [p[k] for k in idx] for c, p in preds.items()}, iso, cow),
        }
    quad_items = [i for i in items if i.dataset == "cb_quad"]
    gold_q = [i.quad_class for i in quad_items]
    from blocwatch.extract.classifier import QuadClassifier

    clf = [int(v) for v in QuadClassifier.load().predict_proba([i.text for i in quad_items]).argmax(axis=1)]
    naive_q = [p.quad for p in run_naive(heads, cache, quad_items)]
    new_q = learned_quads(learned, quad_items)

    def quad_f(pred: Sequence[int | None]) -> dict[str, float]:
        return {
            "f5": float(f1_score(gold_q, pred, average="macro")),
            "f4": float(f1_score(gold_q, pred, labels=[1, 2, 3, 4], average="macro")),
        }

    quad = {"n": len(quad_items), "rules_clf": quad_f(clf), "naive": quad_f(naive_q), "learned": quad_f(new_q)}
    calibration = {}
    for lang in ("en", "es", "pt"):
        conf, correct = [], []
        for item, pred in zip(eventful, preds["learned"], strict=True):
            if item.lang != lang or pred.event_type is None or item.event is None:
                continue
            conf.append(pred.confidence)
            correct.append(bool(item.event) and (not item.types or pred.event_type in item.types))
        if conf:
            value, table = ece(np.array(conf), np.array(correct))
            calibration[lang] = (value, len(conf), table)
    enc, choice = encoder_table()
    meta = heads.meta
    report = {
        "groups": groups,
        "quad": quad,
        "calibration": calibration,
        "encoders": enc,
        "encoder_choice": choice,
        "seed": {"learned": seed(learned, args.shared.parent), "rules": seed(rules, args.shared.parent)},
        "licences": meta.get("licences", {}),
        "seconds": time.perf_counter() - started,
        "date": dt.date.today().isoformat(),
        "counts": dict(Counter(i.dataset for i in items)),
    }
    md = render(report)
    if args.out.is_file():
        kept = keep_blocks(args.out.read_text(encoding="utf-8"))
        if kept:
            md += "\n" + kept + "\n"
    args.out.write_text(md, encoding="utf-8")
    results = REPO / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "evaluation.json").write_text(json.dumps(report, indent=1, default=float) + "\n", encoding="utf-8")
    print(md)


if __name__ == "__main__":
    main()
