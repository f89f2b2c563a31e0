"""Extraction into the store (the post-store stage of ingestion), queries, exports, CLI."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from blocwatch.cli import main
from blocwatch.core import Blocwatch, open_blocwatch
from blocwatch.errors import UsageError
from blocwatch.extract.export import cameo_to_plover, plover_to_cameo, write_events

ARTICLES = [
    {
        "id": "a1",
        "date": "2020-02-06",
        "title": "Lavrov on CELAC",
        "text": "He said as soon as those internal differences are solved, Russia will establish a mechanism "
        "of dialogue and cooperation with CELAC. Sergei Lavrov also proposed to expand CELAC's cooperation "
        "in such areas as space and natural disasters prevention.",
    },
    {
        "id": "a2",
        "date": "2023-01-06",
        "lang": "pt",
        "text": "O Brasil retornou à Celac nesta sexta-feira. O governo brasileiro criticou a decisão da Argentina.",
    },
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Blocwatch]:
    bw = open_blocwatch(tmp_path / "bw.duckdb")
    source = tmp_path / "news.jsonl"
    source.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n", encoding="utf-8")
    bw.articles.ingest([str(source)])  # runs blocwatch.extract.stage.extract_articles after the batch
    yield bw
    bw.close()


def test_ingest_codes_articles(store: Blocwatch) -> None:
    counts = store.events.count()
    assert counts["events"] >= 3 and counts["proposals"] >= 3
    rows = store.events.query(actor="RUS", event_type="AGREE", since="2020")
    assert {r["recipient_org"] for r in rows} == {"CELAC"}
    assert all(r["date"].isoformat() == "2020-02-06" for r in rows)
    article = store.con.execute("select id, text from articles where text like 'He said%'").fetchone()
    for row in rows:
        assert row["doc_id"] == article[0]
        assert article[1][row["evidence_start"] : row["evidence_end"]] == row["sentence"]


def test_proposals_with_evidence(store: Blocwatch) -> None:
    proposals = store.events.proposals()
    kinds = {(p["kind"], p["org"], p["member"], p["change"]) for p in proposals}
    assert ("mechanism", "CELAC", "RUS", "proposed") in kinds
    assert ("membership", "CELAC", "BRA", "returned") in kinds
    mechanism = next(p for p in proposals if p["kind"] == "mechanism")
    assert mechanism["payload"]["areas"] == ["space", "disaster_risk_reduction"]
    assert all(p["status"] == "pending" and p["sentence"] for p in proposals)


def test_recoding_replaces_events_and_keeps_decided_proposals(store: Blocwatch) -> None:
    before = store.events.count()
    store.con.execute("update proposals set status = 'accepted' where kind = 'mechanism'")
    store.events.extract_articles(None)
    after = store.events.count()
    assert after == before
    assert store.con.execute("select count(*) from proposals where status = 'accepted'").fetchone() == (1,)


def test_query_filters(store: Blocwatch) -> None:
    assert store.events.query(actor="Brasil", event_type="ACCUSE")
    assert store.events.query(since="2024") == []
    with pytest.raises(UsageError, match="BW405"):
        store.events.query(event_type="HUG")


def test_exports(store: Blocwatch, tmp_path: Path) -> None:
    rows = store.events.query()
    buffer = io.StringIO()
    write_events(rows, buffer, fmt="jsonl")
    first = json.loads(buffer.getvalue().splitlines()[0])
    assert set(first) >= {"event_type", "mode", "contexts", "actor", "recipient", "quad", "score", "evidence", "source"}
    buffer = io.StringIO()
    write_events(rows, buffer, fmt="cameo")
    cameo = list(csv.DictReader(io.StringIO(buffer.getvalue()), delimiter="\t"))
    assert len(cameo) == len(rows)
    agree = next(r for r in cameo if r["plover_type"] == "AGREE")
    assert agree["cameo_code"] == "03" and agree["quad_class"] == "1"
    path = tmp_path / "events.parquet"
    write_events(rows, path, fmt="parquet")
    assert pq.read_table(path).num_rows == len(rows)
    with pytest.raises(UsageError, match="BW402"):
        write_events(rows, buffer, fmt="xml")


def test_crosswalk_both_ways() -> None:
    assert cameo_to_plover("190_use_conventional_military_force") == "ASSAULT"
    assert cameo_to_plover("0341") == "AGREE"
    assert cameo_to_plover("010") is None
    assert plover_to_cameo("CONSULT", "phone") == "041"
    assert plover_to_cameo("SANCTION") == "16"


def test_cli_extract_streams_json_lines(tmp_path: Path, shared_dir: Path) -> None:
    seed = (shared_dir / "seeds" / "000_cefd087e070efa89.txt").read_text(encoding="utf-8")
    line = json.dumps({"id": "seed", "text": seed, "date": "2020-02-06", "lang": "en"})
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(tmp_path / "x.duckdb"), "extract"], input=line + "\n")
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in result.output.splitlines()]
    assert {r["record"] for r in records} == {"event", "proposal"}
    assert all(r["doc_id"] == "seed" for r in records)
    events = [r for r in records if r["record"] == "event"]
    assert sum(r["actor"]["country"] == "RUS" for r in events) >= 5


def test_cli_extract_reports_bad_records(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.duckdb"), "extract"], input='{"text": "no id"}\n')
    assert result.exit_code == 0
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record == {
        "record": "skipped",
        "code": "BW401",
        "where": "<stdin>:1",
        "reason": 'record lacks "id" or "text"',
    }
    assert "BW401" in result.stderr


def test_cli_resolve(tmp_path: Path) -> None:
    db = str(tmp_path / "x.duckdb")
    runner = CliRunner()
    result = runner.invoke(
        main, ["--db", db, "resolve", "the Russian foreign minister", "Moscú", "--date", "2020-02-06", "--json"]
    )
    assert result.exit_code == 0, result.output
    first, second = (json.loads(x) for x in result.output.splitlines())
    assert first == {
        "text": "the Russian foreign minister",
        "country": "RUS",
        "sector": "GOV",
        "org": None,
        "person": "sergey-lavrov",
        "id": "sergey-lavrov",
        "role": "foreign_minister",
        "group": None,
        "countries": [],
        "coref": None,
    }
    assert second["country"] == "RUS"
    lines = '{"text": "o presidente do Paraguai", "date": "2020-07-02"}\n{"text": "nobody at all"}\n'
    result = runner.invoke(main, ["--db", db, "resolve", "-", "--json"], input=lines)
    outputs = [json.loads(x) for x in result.output.splitlines()]
    assert [o["country"] for o in outputs] == ["PRY", None]


def test_cli_events_proposals_export(store: Blocwatch) -> None:
    db = store.path
    store.close()
    runner = CliRunner()
    result = runner.invoke(main, ["--db", db, "events", "--actor", "RUS", "--type", "AGREE", "--json"])
    assert result.exit_code == 0, result.output
    assert all(e["actor"]["country"] == "RUS" for e in json.loads(result.output))
    result = runner.invoke(main, ["--db", db, "proposals", "--kind", "mechanism", "--json"])
    assert json.loads(result.output)[0]["payload"]["partner"] == "RUS"
    result = runner.invoke(main, ["--db", db, "export", "events", "--format", "csv"])
    assert result.exit_code == 0 and result.output.startswith("id,doc_id,")
    result = runner.invoke(main, ["--db", db, "export", "events", "--format", "parquet"])
    assert result.exit_code == 2 and "BW402" in result.output


def test_cli_extract_files_without_parse(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(ARTICLES[1], ensure_ascii=False) + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(tmp_path / "x.duckdb"), "extract", "--no-parse", str(source)])
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in result.output.splitlines()]
    assert ["membership", "CELAC", "BRA", "returned"] in [
        [r["kind"], r["org"], r["member"], r["change"]] for r in records if r["record"] == "proposal"
    ]
    assert all("en_parse.v1" not in r["source"] for r in records)
    missing = runner.invoke(main, ["--db", str(tmp_path / "x.duckdb"), "extract", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2 and "BW007" in missing.output
