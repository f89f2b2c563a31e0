"""The ingest, stats and quarantine commands through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from blocwatch.cli import main

GOOD = "Ministers of Mercosur met in Asuncion on Friday and agreed on a common position on trade talks."


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("BLOCWATCH_EXTRACT_ON_INGEST", "0")
    return CliRunner()


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.md").write_text("# Cumbre\n\nLos presidentes del Mercosur se reunieron en Asunción el viernes.\n")
    (folder / "c.jsonl").write_text(json.dumps({"body": GOOD + " Again."}) + "\n{broken\n", encoding="utf-8")
    return folder


def test_ingest_summary_stats_and_quarantine(runner: CliRunner, news: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "bw.duckdb")
    result = runner.invoke(main, ["--db", db, "ingest", str(news), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "3 stored" in result.stdout and "1 quarantined" in result.stdout
    assert "By language: en 2, es 1" in result.stdout

    result = runner.invoke(main, ["--db", db, "ingest", str(news), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["stored"], report["unchanged"], report["quarantined"]) == (0, 3, 1)

    result = runner.invoke(main, ["--db", db, "stats", "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert {k: stats[k] for k in ("articles", "duplicates", "quarantined", "events", "proposals")} == {
        "articles": 3,
        "duplicates": 0,
        "quarantined": 1,
        "events": 0,
        "proposals": 0,
    }

    result = runner.invoke(main, ["--db", db, "quarantine", "--json"])
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)
    assert entry["location"] == f"{news / 'c.jsonl'}:2"
    assert entry["reason_code"] == "BW303"

    result = runner.invoke(main, ["--db", db, "quarantine"])
    assert result.exit_code == 0 and "BW303" in result.stdout


def test_strict_exits_1_when_anything_was_quarantined(runner: CliRunner, news: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "bw.duckdb")
    result = runner.invoke(main, ["--db", db, "ingest", str(news), "--strict", "--no-progress"])
    assert result.exit_code == 1
    assert "BW310" in result.stderr
    result = runner.invoke(main, ["--db", db, "ingest", str(news / "a.txt"), "--strict", "--no-progress"])
    assert result.exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["ingest"],
        ["ingest", "does/not/exist.jsonl"],
        ["ingest", "{news}", "--format", "pdf"],
        ["ingest", "{news}", "--field", "body"],
        ["ingest", "{news}", "--field", "author=byline"],
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, news: Path, tmp_path: Path, args: list[str]) -> None:
    argv = ["--db", str(tmp_path / "bw.duckdb"), *[a.format(news=news) for a in args]]
    result = runner.invoke(main, argv)
    assert result.exit_code == 2, result.output


def test_field_and_format_options(runner: CliRunner, tmp_path: Path) -> None:
    export = tmp_path / "export.dat"
    export.write_text(json.dumps({"cuerpo": GOOD, "fecha": "2019-03-22", "titular": "PROSUR"}) + "\n", encoding="utf-8")
    db = str(tmp_path / "bw.duckdb")
    argv = ["--db", db, "ingest", str(export), "--format", "jsonl", "--no-progress", "--json"]
    argv += ["--field", "text=cuerpo", "--field", "date=fecha", "--field", "title=titular"]
    result = runner.invoke(main, argv)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored"] == 1
    result = runner.invoke(main, ["--db", db, "sql", "select title, published from articles", "--json"])
    assert json.loads(result.stdout) == [{"title": "PROSUR", "published": "2019-03-22"}]


def test_progress_bar_goes_to_stderr(runner: CliRunner, news: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--db", str(tmp_path / "bw.duckdb"), "ingest", str(news)])
    assert result.exit_code == 0
    assert "records/s" in result.stderr
    assert "records/s" not in result.stdout


def test_db_option_after_the_command(runner: CliRunner, news: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "after.duckdb")
    result = runner.invoke(main, ["ingest", str(news / "a.txt"), "--db", db, "--no-progress", "--json"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["stats", "--db", db, "--json"])
    assert json.loads(result.stdout)["articles"] == 1
    result = runner.invoke(main, ["quarantine", "--db", db, "--json"])
    assert json.loads(result.stdout) == []
