"""Readers on the real corpora in ../shared/data/corpora (skipped when absent)."""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from blocwatch.core import Blocwatch
from blocwatch.ingest.readers import ReadOptions, reader_for
from blocwatch.ingest.records import Quarantined, RawRecord


def test_wikinews_csv_without_options(store: Blocwatch, wikinews: Path) -> None:
    path = wikinews / "wikinews_2019.csv"
    report = store.articles.ingest([str(path)])
    assert report.read == 171
    assert report.quarantined == 0
    assert report.stored + report.duplicates == 171
    row = store.con.execute(
        "select title, published, published_source, url, lang, reader, location from articles"
        " where title like 'Magnitogorsk apartment building collapses%'"
    ).fetchone()
    assert row is not None
    _title, published, source, url, lang, reader, location = row
    assert published == dt.date(2019, 1, 4) and source == "metadata"
    assert url.startswith("https://en.wikinews.org/")
    assert (lang, reader) == ("en", "csv.v1")
    assert location == f"{path}:2"


def test_reuters_json_array_without_options(store: Blocwatch, reuters: Path) -> None:
    path = reuters / "reut2-000.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    with_body = sum(1 for r in records if (r.get("body") or "").strip())
    report = store.articles.ingest([str(path)])
    assert report.read == len(records) == 1000
    # records without a body are quarantined as "no text"; all others are stored or linked
    assert report.quarantine_reasons == {"BW306": len(records) - with_body}
    assert report.stored + report.duplicates == with_body
    first = store.con.execute(
        "select title, published, lang, location from articles where location = ?", [f"{path}#0"]
    ).fetchone()
    assert first == (records[0]["title"], dt.date(1987, 2, 26), "en", f"{path}#0")


def test_reuters_streaming_keeps_memory_flat(reuters: Path) -> None:
    reader = reader_for(str(reuters / "reut2-000.json"))
    assert reader is not None and reader.name == "json.v1"
    path = reuters / "reut2-000.json"
    tracemalloc.start()
    n = 0
    for item in reader.read(str(path), ReadOptions()):
        assert isinstance(item, RawRecord | Quarantined)
        n += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert n == 1000
    # the file is 1.3 MB of JSON; parsing it whole would hold several times that in objects
    assert peak < path.stat().st_size * 3, peak


def test_whole_reuters_folder_is_planned_by_suffix(reuters: Path) -> None:
    from blocwatch.ingest.readers import plan

    planned = list(plan(str(reuters)))
    assert len(planned) == 22
    assert {reader.name for _, reader in planned} == {"json.v1"}


def test_demo_corpus_layout_jsonl_uses_given_lang_and_date(
    store: Blocwatch, tmp_path: Path, count: Callable[[Blocwatch, str], int]
) -> None:
    rows = [
        {
            "id": "demo-001",
            "title": "Brasil suspende participação na CELAC",
            "date": "2020-01-16",
            "lang": "pt",
            "text": "O governo brasileiro anunciou que suspende a sua participação na CELAC.",
            "url": "https://example.org/celac",
            "outlet": "blocwatch demo (illustrative)",
            "illustrative": True,
            "sources": ["Itamaraty note"],
        },
        {
            "id": "demo-002",
            "title": "Short note",
            "date": "2021-09-18",
            "lang": "es",
            "text": "CELAC summit in Mexico City.",  # English words, but the record says es: it wins
            "url": None,
            "outlet": "blocwatch demo (illustrative)",
            "illustrative": True,
            "sources": [],
        },
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    report = store.articles.ingest([str(path)])
    assert (report.stored, report.quarantined) == (2, 0)
    got = store.con.execute(
        "select title, lang, published, published_source, outlet, url, location from articles order by location"
    ).fetchall()
    assert got == [
        (rows[0]["title"], "pt", dt.date(2020, 1, 16), "metadata", rows[0]["outlet"], rows[0]["url"], f"{path}:1"),
        (rows[1]["title"], "es", dt.date(2021, 9, 18), "metadata", rows[1]["outlet"], None, f"{path}:2"),
    ]
    assert count(store, "article_sources") == 2
