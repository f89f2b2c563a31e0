"""Golden files: the coded output of a dozen real sentences per language.

English: the first gold record of each of 12 event categories of the PLOVER gold standard
(../shared/data/plover/PLOVER_GSR_CAMEO.txt); Spanish: the first six sentences with
events of each UniversalPetrarch validation file (../shared/data/spanish/*.xml); the
texts stay in ../shared and are read at test time (the golden files keep only their ids
and the coded output). Portuguese: there is no Portuguese gold in ../shared, so
tests/extract/golden/pt_input.jsonl holds a dozen short sentences PARAPHRASING real,
sourced news events (each line names its source); they are written for blocwatch.

Regenerate after an intended change with::

    BLOCWATCH_UPDATE_GOLDEN=1 .venv/bin/pytest tests/extract/test_golden.py

and review the diff of tests/extract/golden/*.json.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from blocwatch.extract.pipeline import Document, Extractor

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("BLOCWATCH_UPDATE_GOLDEN") == "1"


def _coded(extractor: Extractor, docs: list[Document]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for result in extractor.extract_many(docs):
        out[result.doc.id] = {
            "events": [
                {
                    "event_type": e.event_type,
                    "mode": e.mode,
                    "contexts": e.contexts,
                    "score": e.score,
                    "actor": e.actor.id,
                    "actor_country": e.actor.country,
                    "recipient": e.recipient.id if e.recipient else None,
                    "negated": e.negated,
                    "future": e.future,
                    "quad": e.quad,
                    "trigger": e.trigger,
                }
                for e in result.events
            ],
            "proposals": [[p.kind, p.org, p.member, p.change] for p in result.proposals],
        }
    return out


def _check(name: str, coded: dict[str, Any]) -> None:
    path = GOLDEN / f"{name}.json"
    if UPDATE:
        path.write_text(json.dumps(coded, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert coded == expected


def test_english_golden(shared_data: Path, extractor: Extractor) -> None:
    records = json.loads((shared_data / "plover" / "PLOVER_GSR_CAMEO.txt").read_text(encoding="utf-8"))
    chosen: dict[str, dict[str, Any]] = {}
    for record in records:
        if record.get("text") and record.get("event") != "DOCUMENT" and record["event"] not in chosen:
            chosen[record["event"]] = record
        if len(chosen) == 12:
            break
    docs = [Document(id=r["id"], text=r["text"], lang="en") for r in chosen.values()]
    coded = _coded(extractor, docs)
    assert len(coded) == 12
    assert sum(bool(v["events"]) for v in coded.values()) >= 9
    _check("en", coded)


def test_spanish_golden(shared_data: Path, extractor: Extractor) -> None:
    docs = []
    for path in sorted((shared_data / "spanish").glob("*.xml")):
        taken = 0
        for block in re.findall(r"<Sentence\b.*?</Sentence>", path.read_text(encoding="utf-8"), flags=re.S):
            ident = re.search(r'\bid="([^"]+)"', block)
            body = re.search(r"<Text>(.*?)</Text>", block, flags=re.S)
            if ident and body and re.search(r'eventcode="\d', block) and taken < 6:
                date = re.search(r'date="(\d{8})"', block)
                day = dt.datetime.strptime(date.group(1), "%Y%m%d").date() if date else None
                docs.append(Document(id=ident.group(1), text=body.group(1).strip(), lang="es", date=day))
                taken += 1
    coded = _coded(extractor, docs)
    assert len(coded) == 12
    _check("es", coded)


def test_portuguese_golden(extractor: Extractor) -> None:
    lines = (GOLDEN / "pt_input.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    assert len(records) >= 12 and all(r["source"] for r in records)
    docs = [Document(id=r["id"], text=r["text"], lang="pt", date=dt.date.fromisoformat(r["date"])) for r in records]
    coded = _coded(extractor, docs)
    _check("pt", coded)


@pytest.mark.parametrize(
    ("doc_id", "expected"),
    [
        ("pt-mercosul-2007", ["presidency", "MERCOSUR", "PRY", "handover"]),
        ("pt-mercosul-2018", ["presidency", "MERCOSUR", "URY", "handover"]),
        ("pt-celac-2020", ["membership", "CELAC", "BRA", "suspended_self"]),
        ("pt-celac-2023", ["membership", "CELAC", "BRA", "returned"]),
        ("pt-mercosul-bolivia", ["membership", "MERCOSUR", "BOL", "joined"]),
    ],
)
def test_portuguese_proposals(extractor: Extractor, doc_id: str, expected: list[str]) -> None:
    lines = (GOLDEN / "pt_input.jsonl").read_text(encoding="utf-8").splitlines()
    record = next(json.loads(x) for x in lines if json.loads(x)["id"] == doc_id)
    doc = Document(id=doc_id, text=record["text"], lang="pt", date=dt.date.fromisoformat(record["date"]))
    result = extractor.extract(doc)
    assert expected in [[p.kind, p.org, p.member, p.change] for p in result.proposals]
