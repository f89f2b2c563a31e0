"""The bundled demo corpus: well-formed, illustrative, sourced from the reference data."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from blocwatch.core import Blocwatch, open_blocwatch
from blocwatch.demo import demo_corpus_path
from blocwatch.reference.loader import load_reference

FIELDS = {"id", "title", "date", "lang", "text", "url", "outlet", "illustrative", "sources"}
LANGS = {"en", "es", "pt"}
FIRST, LAST = dt.date(2008, 1, 1), dt.date(2026, 12, 31)


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    path = demo_corpus_path()
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{path}:{number} is blank"
        row = json.loads(line)
        assert isinstance(row, dict), f"{path}:{number} is not a JSON object"
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def source_ids() -> set[str]:
    data, errors = load_reference()
    assert not errors, errors[:3]
    return {source.id for source in data.sources}


def normalized(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def test_about_sixty_items_with_exactly_the_documented_fields(items: list[dict[str, Any]]) -> None:
    assert 55 <= len(items) <= 70
    for row in items:
        assert set(row) == FIELDS, row.get("id")


def test_ids_are_unique_and_numbered_in_order(items: list[dict[str, Any]]) -> None:
    ids = [row["id"] for row in items]
    assert ids == [f"demo-{n:03d}" for n in range(1, len(items) + 1)]


def test_languages_are_en_es_pt_with_at_least_twelve_each(items: list[dict[str, Any]]) -> None:
    langs = Counter(row["lang"] for row in items)
    assert set(langs) == LANGS, langs
    assert min(langs.values()) >= 12, langs


def test_every_item_is_marked_illustrative(items: list[dict[str, Any]]) -> None:
    for row in items:
        assert row["illustrative"] is True, row["id"]
        assert "illustrative" in row["outlet"], row["id"]
        assert row["url"] is None, row["id"]  # written by us: no invented addresses


def test_every_item_cites_sources_of_the_reference_data(items: list[dict[str, Any]], source_ids: set[str]) -> None:
    for row in items:
        assert row["sources"], f"{row['id']} cites no source"
        assert len(set(row["sources"])) == len(row["sources"]), row["id"]
        unknown = [s for s in row["sources"] if s not in source_ids]
        assert not unknown, f"{row['id']} cites unknown source ids {unknown}"


def test_dates_are_valid_days_between_2008_and_2026_in_file_order(items: list[dict[str, Any]]) -> None:
    dates = []
    for row in items:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"]), row["id"]
        day = dt.date.fromisoformat(row["date"])
        assert FIRST <= day <= LAST, row["id"]
        dates.append(day)
    assert dates == sorted(dates)


def test_texts_are_short_news_items_and_no_two_are_the_same(items: list[dict[str, Any]]) -> None:
    texts = [normalized(row["text"]) for row in items]
    assert len(set(texts)) == len(texts), [t for t, n in Counter(texts).items() if n > 1]
    titles = [normalized(row["title"]) for row in items]
    assert len(set(titles)) == len(titles)
    for row in items:
        assert row["title"].strip() and row["text"].strip(), row["id"]
        assert 150 <= len(row["text"]) <= 900, row["id"]
        # every item states its year, so the date is in the text as well as the metadata
        assert row["date"][:4] in row["text"], row["id"]


def test_corpus_md_lists_every_item_with_its_date_language_and_sources(items: list[dict[str, Any]]) -> None:
    doc = (Path(demo_corpus_path()).parent / "CORPUS.md").read_text(encoding="utf-8")
    listed = {}
    for line in doc.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells and re.fullmatch(r"`demo-\d{3}`", cells[0]):
            listed[cells[0].strip("`")] = (cells[1], cells[2], cells[-1].split(", "))
    assert listed == {row["id"]: (row["date"], row["lang"], row["sources"]) for row in items}


@pytest.fixture(scope="module")
def person_sources() -> dict[str, set[str]]:
    data, _ = load_reference()
    found: dict[str, set[str]] = {}
    for person in data.persons:
        found.setdefault(person.name, set()).update(person.sources)
    return found


def test_a_person_named_in_full_is_backed_by_a_source_of_their_office(
    items: list[dict[str, Any]], person_sources: dict[str, set[str]]
) -> None:
    assert len(person_sources) > 100  # the persons tables were read
    for row in items:
        for name, sources in person_sources.items():
            if name in row["text"]:
                assert sources & set(row["sources"]), f"{row['id']} names {name} without citing {sorted(sources)}"


def test_the_corpus_ingests_whole_with_its_own_language_and_date(items: list[dict[str, Any]]) -> None:
    store: Blocwatch = open_blocwatch(":memory:", build=False, extract_on_ingest=False)
    try:
        report = store.articles.ingest([str(demo_corpus_path())])
        assert (report.stored, report.quarantined, report.duplicates, report.near_duplicates) == (len(items), 0, 0, 0)
        got = dict(
            store.con.execute("select title, lang || ' ' || cast(published as varchar) from articles").fetchall()
        )
        assert got == {row["title"]: f"{row['lang']} {row['date']}" for row in items}
    finally:
        store.close()
