"""Tables survive a pipe: when stdout is not a terminal they are tab-separated at full
width (never cut to 80 columns with "…"); --json output is unchanged."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from blocwatch.cli import main
from blocwatch.cli._common import tsv_lines


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("piped") / "piped.duckdb"
    assert CliRunner().invoke(main, ["--db", str(path), "build"]).exit_code == 0
    return str(path)


def test_tsv_lines_literal() -> None:
    assert tsv_lines("T", ["a", "b"], [("x\ty", None), ("line\nbreak", "back\\slash")]) == [
        "# T",
        "a\tb",
        "x\\ty\t",
        "line\\nbreak\tback\\\\slash",
    ]


def test_history_through_a_real_pipe_is_full_width(db: str) -> None:
    # a real subprocess whose stdout is a pipe, as in `blocwatch history UNASUR | less`
    proc = subprocess.run(
        [sys.executable, "-m", "blocwatch.cli", "--db", db, "history", "UNASUR"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split("\t") == ["date", "org", "member", "event", "capacity", "note", "sources"]
    assert "…" not in proc.stdout
    rows = [line.split("\t") for line in lines[1:]]
    assert all(len(r) == 7 for r in rows)
    assert max(len(line) for line in lines) > 80  # nothing was cut to the old 80 columns
    # every source id of every event is printed whole
    as_json = CliRunner().invoke(main, ["--db", db, "history", "UNASUR", "--json"])
    expected = ["; ".join(h["sources"]) for h in json.loads(as_json.stdout)]
    assert [r[6] for r in rows] == expected


def test_json_is_unchanged_by_the_pipe(db: str) -> None:
    result = CliRunner().invoke(main, ["--db", db, "members", "PROSUR", "--on", "2019-06-01", "--json"])
    data = json.loads(result.stdout)
    assert isinstance(data, list) and {"state", "name", "capacity", "status", "since"} <= set(data[0])


def test_titles_become_comment_lines(db: str) -> None:
    result = CliRunner().invoke(main, ["--db", db, "members", "CELAC", "--on", "2020-02-06"])
    first, header = result.stdout.splitlines()[:2]
    assert first.startswith("# CELAC on 2020-02-06: 33 members")
    assert header.split("\t")[:3] == ["state", "name", "capacity"]
