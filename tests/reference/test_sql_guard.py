"""`blocwatch sql` is read-only by DuckDB's own guard: each escape exits 2 with a code, and
writes no file; reading the user's own files under the allowed folders still works."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from blocwatch.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("sqlguard") / "guard.duckdb"
    assert CliRunner().invoke(main, ["--db", str(path), "build"]).exit_code == 0
    return str(path)


def _sql(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", db, "sql", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("query", "code", "target"),
    [
        ("copy (select * from membership_events) to '{dir}/out.csv'", "BW008", "out.csv"),
        ("copy membership_events to '{dir}/out.parquet' (format parquet)", "BW008", "out.parquet"),
        ("export database '{dir}/dump'", "BW008", "dump"),
        ("attach '{dir}/other.duckdb' as other", "BW008", "other.duckdb"),
        ("install httpfs", "BW008", None),
        ("load httpfs", "BW008", None),
        ("set enable_external_access = true", "BW008", None),
        ("set threads = 1", "BW008", None),
        ("pragma enable_profiling", "BW008", None),
        ("explain analyze copy membership_events to '{dir}/explained.csv'", "BW008", "explained.csv"),
        ("call checkpoint()", "BW008", None),
        ("select 1; copy membership_events to '{dir}/second.csv'", "BW008", "second.csv"),
        ("delete from membership_events", "BW004", None),
        ("insert into sources (id, publisher, title) values ('x', 'y', 'z')", "BW004", None),
        ("create table t as select 1", "BW004", None),
        ("drop table sources", "BW004", None),
        ("select * from query('copy membership_events to ''{dir}/q.csv''')", "BW004", "q.csv"),
        ("select * from read_csv('/etc/passwd')", "BW009", None),
        ("select * from glob('/etc/*')", "BW009", None),
    ],
)
def test_escape_is_refused(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str, code: str, target: str | None
) -> None:
    monkeypatch.chdir(tmp_path)  # the current folder is readable: the refusals are not about access
    exit_code, _, err = _sql(db, query.format(dir=tmp_path))
    assert exit_code == 2, err
    assert f"[{code}]" in err
    assert "Traceback" not in err
    if target:
        assert not (tmp_path / target).exists()


def test_escape_error_as_json(db: str) -> None:
    exit_code, out, _ = _sql(db, "copy sources to 'x.csv'", "--json")
    assert exit_code == 2
    assert json.loads(out)["error"]["code"] == "BW008"


def test_reads_own_files_in_current_folder(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mine.csv").write_text("iso3,score\nBRA,1\nARG,2\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exit_code, out, err = _sql(
        db,
        "select m.iso3, m.score, c.name_en from read_csv('mine.csv') m join countries c using (iso3) order by 1",
        "--json",
    )
    assert exit_code == 0, err
    assert [r["name_en"] for r in json.loads(out)] == ["Argentina", "Brazil"]


def test_allow_dir_opens_another_folder(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "data"
    elsewhere.mkdir()
    (elsewhere / "v.csv").write_text("a\n1\n2\n", encoding="utf-8")
    here = tmp_path / "work"
    here.mkdir()
    monkeypatch.chdir(here)
    query = f"select sum(a) as s from read_csv('{elsewhere}/v.csv')"
    exit_code, _, err = _sql(db, query)
    assert exit_code == 2 and "[BW009]" in err
    exit_code, out, err = _sql(db, query, "--allow-dir", str(elsewhere), "--json")
    assert exit_code == 0, err
    assert json.loads(out) == [{"s": 3}]


def test_describe_summarize_show_are_reads(db: str) -> None:
    for query in ("describe sources", "summarize sources", "show tables", "from sources limit 1"):
        exit_code, _, err = _sql(db, query)
        assert exit_code == 0, (query, err)
