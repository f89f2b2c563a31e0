"""Killed runs lose nothing: SIGKILL an ingest at random moments, resume, compare with an
uninterrupted run (article, event and proposal ids); ``recode`` restores deleted events."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import ClassVar

import duckdb
import pytest
from click.testing import CliRunner

from blocwatch.cli import main
from blocwatch.core import open_blocwatch

EN = (
    "He said as soon as those internal differences are solved, Russia will establish a mechanism of dialogue "
    "and cooperation with CELAC. Sergei Lavrov also proposed to expand CELAC's cooperation in area number {i}."
)
PT = "O Brasil retornou à Celac nesta sexta-feira, dia {i}. O governo brasileiro criticou a decisão da Argentina."
ES = "Venezuela anunció su retiro de la OEA el día {i}. El canciller de Chile visitó Buenos Aires para firmar un acuerdo."


def write_corpus(folder: Path, *, files: int = 3, per_file: int = 60) -> Path:
    """JSONL files of articles that code into events and proposals (distinct by a number)."""
    folder.mkdir(parents=True, exist_ok=True)
    number = 0
    for index in range(files):
        lines = []
        for _ in range(per_file):
            number += 1
            template, lang, date = [(EN, "en", "2020-02-06"), (PT, "pt", "2023-01-06"), (ES, "es", "2017-04-27")][
                number % 3
            ]
            lines.append(json.dumps({"text": template.format(i=number), "lang": lang, "date": date}))
        (folder / f"news-{index}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _env(tmp: Path) -> dict[str, str]:
    (tmp / "blocwatch.toml").write_text("[blocwatch]\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BLOCWATCH_")}
    env.update(
        BLOCWATCH_EXTRACT_PARSER="0",  # lexicon rules only: the same ids, a fraction of the time
        BLOCWATCH_EXTRACT_CODER="rules",  # needs no encoder package
        BLOCWATCH_INGEST_BATCH_SIZE="7",  # many commits, so a kill lands between or inside them
        BLOCWATCH_CONFIG=str(tmp / "blocwatch.toml"),
    )
    return env


def _ingest(db: Path, corpus: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from blocwatch.cli import main; main()", "--db", str(db)]
    return subprocess.Popen(
        [*command, "-v", "ingest", str(corpus), "--no-progress"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _ids(db: Path) -> dict[str, set[str]]:
    con = duckdb.connect(str(db))
    try:
        return {
            table: {row[0] for row in con.execute(f"select id from {table}").fetchall()}
            for table in ("articles", "events", "proposals")
        }
    finally:
        con.close()


def _coded_batches(stderr: bytes) -> int:
    return sum(1 for line in stderr.decode().splitlines() if "blocwatch.extract.stage: coded" in line)


@pytest.mark.slow
def test_sigkill_at_three_random_moments_then_resume(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    env = _env(tmp_path)
    reference = tmp_path / "reference.duckdb"
    process = _ingest(reference, corpus, env)
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr.decode()
    batches = _coded_batches(stderr)
    expected = _ids(reference)
    assert len(expected["articles"]) == 180 and expected["events"] and expected["proposals"]
    assert batches >= 20

    killed = tmp_path / "killed.duckdb"
    rng = random.Random(11)
    incomplete = []
    for _ in range(3):
        # A random moment: after a random number of coded batches, plus a random fraction of a
        # second (so the kill lands inside a batch, between its articles and its events, too).
        after, extra = rng.randint(1, batches // 3), rng.uniform(0.0, 0.4)
        process = _ingest(killed, corpus, env)
        assert process.stderr is not None
        seen = 0
        while seen < after and (line := process.stderr.readline()):
            seen += "blocwatch.extract.stage: coded" in line.decode()
        time.sleep(extra)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        process.stderr.close()
        incomplete.append(_ids(killed) != expected)
    # the later runs have less left to do and may finish before their kill; the first never does
    assert incomplete[0], "the first run finished before its kill: the test would prove nothing"
    process = _ingest(killed, corpus, env)
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr.decode()
    assert _ids(killed) == expected


def test_recode_restores_deleted_events_to_the_same_ids(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", files=1, per_file=12)
    db = tmp_path / "bw.duckdb"
    bw = open_blocwatch(db, extract_parser=False, extract_coder="rules")
    bw.articles.ingest([str(corpus)])
    expected = {row[0] for row in bw.con.execute("select id from events").fetchall()}
    assert expected
    bw.con.execute("delete from events where doc_id in (select id from articles order by id limit 5)")
    bw.close()
    env = {"BLOCWATCH_EXTRACT_PARSER": "0", "BLOCWATCH_EXTRACT_CODER": "rules"}
    result = CliRunner().invoke(main, ["--db", str(db), "recode", "--dry-run", "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "missing": 0,
        "stale": 0,
        "inconsistent": 5,
        "coded": 0,
        "events": 0,
        "proposals": 0,
        "dry_run": True,
    }
    result = CliRunner().invoke(main, ["--db", str(db), "recode"], env=env)
    assert result.exit_code == 0, result.output
    assert "5 inconsistent; re-coded 5 articles" in result.output
    bw = open_blocwatch(db, extract_parser=False, extract_coder="rules")
    assert {row[0] for row in bw.con.execute("select id from events").fetchall()} == expected
    bw.close()


def test_a_new_component_version_marks_rows_stale(tmp_path: Path) -> None:
    from blocwatch.extract.coding import coded_by_key, pending, recode

    corpus = write_corpus(tmp_path / "corpus", files=1, per_file=6)
    bw = open_blocwatch(tmp_path / "bw.duckdb", extract_parser=False, extract_coder="rules")
    bw.articles.ingest([str(corpus)])
    extractor = bw.events.extractor
    key = coded_by_key(extractor)
    assert pending(bw.con, key=key, components=extractor.components).ids == []
    target = extractor.components[-1]  # e.g. "roles.v1": pretend it was upgraded
    base = target.rpartition(".")[0]
    upgraded = [base + ".v99" if c == target else c for c in extractor.components]
    found = pending(bw.con, key="another coder", components=upgraded, only=[base])
    assert len(found.stale) == 6
    assert pending(bw.con, key=key, components=upgraded, only=["sentences"]).stale == []
    bw.con.execute("update article_coding set coded_by = 'an older coder'")
    report = recode(bw)
    assert (report.stale, report.coded) == (6, 6)
    assert pending(bw.con, key=key, components=extractor.components).ids == []
    bw.close()


def test_ingest_resumes_articles_stored_but_not_coded(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", files=1, per_file=9)
    bw = open_blocwatch(tmp_path / "bw.duckdb", extract_parser=False, extract_coder="rules", extract_on_ingest=False)
    bw.articles.ingest([str(corpus)])  # stored, not coded: what a kill before coding leaves
    assert bw.events.count()["events"] == 0
    bw.close()
    bw = open_blocwatch(tmp_path / "bw.duckdb", extract_parser=False, extract_coder="rules")
    report = bw.articles.ingest([str(corpus)])
    assert (report.stored, report.unchanged, report.resumed) == (0, 9, 9)
    assert bw.events.count()["events"] > 0
    bw.close()


def test_coded_by_key_prefers_the_config_hash() -> None:
    from blocwatch.extract.coding import coded_by_key

    class Plain:
        components: ClassVar[list[str]] = ["sentences.v1", "plover_rules.v1"]

    class Configured(Plain):
        config_hash = "abc123"

    assert coded_by_key(Configured()) == "abc123"
    assert coded_by_key(Plain()).startswith("components:")
    other = Plain()
    other.components = ["sentences.v1", "plover_rules.v2"]
    assert coded_by_key(other) != coded_by_key(Plain())
