"""Store behaviour: idempotency, resume after a crash, transactional batches,
duplicates and near-duplicates, post-store stages, schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from blocwatch.core import Blocwatch, open_blocwatch
from blocwatch.ingest import store as ingest_store
from blocwatch.ingest.pipeline import run_post_store_stages

Count = Callable[[Blocwatch, str], int]

STORY = "The presidents of {0} met in {1} on Thursday and agreed to deepen regional integration and trade, story {2}."


def write_corpus(folder: Path, n: int = 30) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"text": STORY.format("Chile", "Lima", i), "date": "2020-02-06"}) for i in range(n)]
    (folder / "a.jsonl").write_text("\n".join(lines) + "\nnot json\n", encoding="utf-8")
    for i in range(5):
        (folder / f"note{i}.txt").write_text(STORY.format("Peru", "Quito", i), encoding="utf-8")


def counts(bw: Blocwatch, count: Count) -> tuple[int, int, int]:
    return count(bw, "articles"), count(bw, "article_sources"), count(bw, "quarantine")


def test_schema_is_registered_and_versioned(store: Blocwatch) -> None:
    version = store.con.execute("select version from schema_versions where component = 'articles'").fetchone()
    assert version == (2,)  # 2: article_coding (the coding state of each article)
    columns = {row[0] for row in store.con.execute("describe articles").fetchall()}
    assert {"id", "title", "text", "lang", "published", "published_source", "url", "outlet", "reader", "location",
            "duplicate_of", "ingested_at"} <= columns  # fmt: skip


def test_ingesting_twice_changes_nothing(store: Blocwatch, tmp_path: Path, count: Count) -> None:
    write_corpus(tmp_path / "news")
    first = store.articles.ingest([str(tmp_path / "news")])
    assert (first.stored, first.quarantined) == (35, 1)
    before = counts(store, count)
    second = store.articles.ingest([str(tmp_path / "news")])
    assert (second.stored, second.duplicates, second.unchanged) == (0, 0, 35)
    assert counts(store, count) == before == (35, 35, 1)


def test_a_killed_run_resumes_without_loss_or_duplicates(tmp_path: Path, count: Count, monkeypatch: Any) -> None:
    write_corpus(tmp_path / "news", n=50)
    db = str(tmp_path / "crash.duckdb")
    real_write = ingest_store.write_batch
    calls = {"n": 0}

    def crash_on_third(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("simulated kill")
        real_write(*args, **kwargs)

    monkeypatch.setattr("blocwatch.ingest.articles.write_batch", crash_on_third)
    bw = open_blocwatch(db, build=False, extract_on_ingest=False, ingest_batch_size=10)
    with pytest.raises(KeyboardInterrupt):
        bw.articles.ingest([str(tmp_path / "news")])
    assert count(bw, "articles") == 20  # two whole batches, nothing of the third
    bw.close()
    monkeypatch.setattr("blocwatch.ingest.articles.write_batch", real_write)
    bw = open_blocwatch(db, build=False, extract_on_ingest=False, ingest_batch_size=10)
    report = bw.articles.ingest([str(tmp_path / "news")])
    assert report.unchanged == 20
    assert counts(bw, count) == (55, 55, 1)
    bw.close()
    clean = open_blocwatch(":memory:", build=False, extract_on_ingest=False)
    clean.articles.ingest([str(tmp_path / "news")])
    assert counts(clean, count) == (55, 55, 1)
    clean.close()


def test_a_failed_batch_leaves_nothing(store: Blocwatch, tmp_path: Path, count: Count, monkeypatch: Any) -> None:
    write_corpus(tmp_path / "news", n=5)

    def fail_in_quarantine_insert(con: Any, *args: Any, **kwargs: Any) -> None:
        original = con.execute

        class Flaky:
            def __getattr__(self, name: str) -> Any:
                return getattr(con, name)

            def execute(self, sql: str, *rest: Any) -> Any:
                if sql.startswith("insert or ignore into quarantine"):
                    raise RuntimeError("disk full")
                return original(sql, *rest)

        ingest_store.write_batch(Flaky(), *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("blocwatch.ingest.articles.write_batch", fail_in_quarantine_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        store.articles.ingest([str(tmp_path / "news")])
    assert counts(store, count) == (0, 0, 0)


def test_exact_duplicates_are_stored_once_with_all_sources(store: Blocwatch, tmp_path: Path, count: Count) -> None:
    text = STORY.format("Brazil", "Brasilia", 1)
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text("  " + text.replace(" ", "  ") + "\n\n")
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": text, "url": "https://c.example/x", "outlet": "C"}) + "\n")
    report = store.articles.ingest([str(tmp_path)])
    assert (report.stored, report.duplicates) == (1, 2)
    assert count(store, "articles") == 1
    (article_id,) = store.con.execute("select id from articles").fetchone()
    article = store.articles.get(article_id)
    assert article is not None
    assert [s["location"] for s in article["sources"]] == [str(tmp_path / n) for n in ("a.txt", "b.txt")] + [
        f"{tmp_path / 'c.jsonl'}:1"
    ]
    assert article["sources"][2]["outlet"] == "C"


def test_near_duplicates_are_linked(store: Blocwatch, tmp_path: Path) -> None:
    body = STORY.format("Argentina", "Buenos Aires", 2)
    (tmp_path / "1-original.txt").write_text(body)
    (tmp_path / "2-wire.txt").write_text(f"BUENOS AIRES, Feb 6 (Reuters) - {body}\nShare this article\n")
    (tmp_path / "3-other.txt").write_text(STORY.format("Uruguay", "Montevideo", 3))
    store.articles.ingest([str(tmp_path)])
    rows = dict(store.con.execute("select location, duplicate_of from articles").fetchall())
    original = store.con.execute("select id from articles where location like '%1-original.txt'").fetchone()
    assert original is not None
    assert rows[str(tmp_path / "2-wire.txt")] == original[0]
    assert rows[str(tmp_path / "1-original.txt")] is None
    assert rows[str(tmp_path / "3-other.txt")] is None
    assert store.articles.stats()["duplicates"] == 1


def test_post_store_stages_get_each_committed_batch(tmp_path: Path, count: Count) -> None:
    write_corpus(tmp_path / "news", n=12)
    seen: list[list[str]] = []
    bw = open_blocwatch(":memory:", build=False, extract_on_ingest=True, ingest_batch_size=10)
    try:
        import sys
        import types

        module = types.ModuleType("blocwatch_test_stage")

        def stage(target: Blocwatch, ids: list[str]) -> None:
            stored = target.con.execute(
                "select count(*) from articles where id in (select unnest(?::varchar[]))", [ids]
            ).fetchone()
            assert stored == (len(ids),)  # the batch is committed when the stage runs
            seen.append(ids)

        module.stage = stage  # type: ignore[attr-defined]
        sys.modules["blocwatch_test_stage"] = module
        bw.articles.ingest([str(tmp_path / "news")], stages=["blocwatch_test_stage.stage"])
        assert sum(len(ids) for ids in seen) == count(bw, "articles") == 17
        assert len(seen) >= 2
        seen.clear()
        bw.articles.ingest([str(tmp_path / "news")], stages=["blocwatch_test_stage.stage"])
        assert seen == []  # nothing new, nothing to extract
    finally:
        sys.modules.pop("blocwatch_test_stage", None)
        bw.close()


def test_stages_off_and_missing_stage_skipped(store: Blocwatch, mini_bw: Blocwatch) -> None:
    assert run_post_store_stages(store, ["x"], ["no.such.module.stage"]) == []  # extract_on_ingest is off
    assert mini_bw.settings.get("extract_on_ingest") is True
    assert run_post_store_stages(mini_bw, ["x"], ["blocwatch_no_such_module.stage"]) == []


def test_stats_counts(store: Blocwatch, tmp_path: Path) -> None:
    write_corpus(tmp_path / "news", n=3)
    store.articles.ingest([str(tmp_path / "news")])
    stats = store.articles.stats()
    assert {k: stats[k] for k in ("articles", "duplicates", "quarantined", "events", "proposals")} == {
        "articles": 8,
        "duplicates": 0,
        "quarantined": 1,
        "events": 0,
        "proposals": 0,
    }
    assert stats["by_lang"] == {"en": 8}


CHILD = """
import sys
from blocwatch import open_blocwatch

bw = open_blocwatch(sys.argv[1], build=False, extract_on_ingest=True, ingest_batch_size=100)
bw.articles.ingest([sys.argv[2]], stages=["blocwatch_kill_probe.stage"])
"""

PROBE = """
import sys

def stage(bw, ids):
    print("committed", len(ids), flush=True)
"""


def test_sigkill_mid_run_then_rerun_matches_a_clean_run(tmp_path: Path, count: Count) -> None:
    import os
    import signal
    import subprocess
    import sys

    corpus = tmp_path / "big.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for i in range(3000):
            handle.write(json.dumps({"text": STORY.format("Bolivia", "La Paz", i), "date": "2021-01-01"}) + "\n")
    (tmp_path / "blocwatch_kill_probe.py").write_text(PROBE)
    db = tmp_path / "killed.duckdb"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(corpus)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    commits = 0
    for line in child.stdout:
        if line.startswith("committed"):
            commits += 1
        if commits == 3:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, "the child finished before it could be killed"
    bw = open_blocwatch(str(db), build=False, extract_on_ingest=False)
    try:
        kept = count(bw, "articles")
        assert 300 <= kept < 3000 and kept % 100 == 0  # whole batches only
        report = bw.articles.ingest([str(corpus)])
        assert report.unchanged == kept
        assert counts(bw, count) == (3000, 3000, 0)
    finally:
        bw.close()
