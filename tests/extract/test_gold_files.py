"""The hand-labelled pt/es news gold files (benchmarks/gold/*.jsonl) are well formed.

Checks the schema described in benchmarks/gold/README.md: required fields and their
types, the 16 PLOVER types, unique and stable ids (``<doc_id>-sNN``), ``event`` if and
only if ``event_type``, roles only on events, ISO3 country codes, one language per file
and a source key that the README's sources table lists.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "gold"
FILES = {"pt": GOLD / "pt_news.jsonl", "es": GOLD / "es_news.jsonl"}
TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
FIELDS = {
    "id": str, "doc_id": str, "lang": str, "text": str, "event": bool, "event_type": (str, type(None)),
    "mode": (str, type(None)), "actor_text": (str, type(None)), "actor_country": (str, type(None)),
    "recipient_text": (str, type(None)), "recipient_country": (str, type(None)),
    "date": (str, type(None)), "source": str, "note": (str, type(None)),
}  # fmt: skip
ROLE_FIELDS = ("mode", "actor_text", "actor_country", "recipient_text", "recipient_country")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _rows(lang: str) -> list[dict[str, Any]]:
    lines = FILES[lang].read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _source_keys() -> set[str]:
    readme = (GOLD / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\|\s*`([a-z0-9_]+)`\s*\|", readme, flags=re.MULTILINE))


@pytest.mark.parametrize("lang", sorted(FILES))
def test_schema_and_labels(lang: str) -> None:
    rows = _rows(lang)
    assert rows, f"{FILES[lang]} is empty"
    sources = _source_keys()
    for row in rows:
        where = f"{FILES[lang].name}:{row.get('id')}"
        for field, kind in FIELDS.items():
            assert field in row, f"{where}: missing {field}"
            assert isinstance(row[field], kind), f"{where}: {field} has type {type(row[field]).__name__}"
        assert row["lang"] == lang, f"{where}: lang {row['lang']} in the {lang} file"
        assert row["text"].strip(), f"{where}: empty text"
        assert re.fullmatch(re.escape(row["doc_id"]) + r"-s\d{2,}", row["id"]), f"{where}: id not <doc_id>-sNN"
        assert row["source"] in sources, f"{where}: source {row['source']} not in the README sources table"
        assert row["date"] is None or _DATE.match(row["date"]), f"{where}: date {row['date']}"
        if row["event"]:
            assert row["event_type"] in TYPES, f"{where}: event_type {row['event_type']}"
        else:
            assert row["event_type"] is None, f"{where}: event_type without event"
            assert all(row[f] is None for f in ROLE_FIELDS), f"{where}: roles on a sentence without event"
        for field in ("actor_country", "recipient_country"):
            assert row[field] is None or _ISO3.match(row[field]), f"{where}: {field} {row[field]}"
        assert row["recipient_text"] is not None or row["recipient_country"] is None, f"{where}: country, no recipient"


def test_ids_unique_and_documents_in_one_file() -> None:
    ids: list[str] = []
    docs: dict[str, str] = {}
    for lang in FILES:
        for row in _rows(lang):
            ids.append(row["id"])
            assert docs.setdefault(row["doc_id"], lang) == lang, f"{row['doc_id']} in more than one file"
    assert len(ids) == len(set(ids)), "duplicate sentence ids"


@pytest.mark.parametrize("lang", sorted(FILES))
def test_most_sentences_have_no_event(lang: str) -> None:
    rows = _rows(lang)
    share = sum(not r["event"] for r in rows) / len(rows)
    assert 0.5 < share < 1.0, f"{lang}: share without event {share:.2f}"
