"""--db (and --data-dir) are accepted before and after the command."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from blocwatch.cli import hoist_global_options, main


def test_hoist_keeps_everything_else_in_order() -> None:
    assert hoist_global_options(["-v", "--db", "a", "members", "CELAC"]) == ["-v", "--db", "a", "members", "CELAC"]
    assert hoist_global_options(["members", "CELAC", "--db", "b", "--json"]) == [
        "--db",
        "b",
        "members",
        "CELAC",
        "--json",
    ]
    assert hoist_global_options(["sql", "q", "--db=c"]) == ["--db=c", "sql", "q"]
    assert hoist_global_options(["extract", "--", "--db", "d"]) == ["extract", "--", "--db", "d"]


def test_db_after_the_command(tmp_path: Path, mini_data_dir: Path) -> None:
    db = str(tmp_path / "after.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--db", db, "--data-dir", str(mini_data_dir)]).exit_code == 0
    mini = str(mini_data_dir)
    query = "select count(*) as n from organizations"
    before = runner.invoke(main, ["--db", db, "--data-dir", mini, "sql", query, "--json"])
    after = runner.invoke(main, ["sql", query, "--json", "--db", db, "--data-dir", mini])
    assert before.exit_code == after.exit_code == 0, after.output
    assert json.loads(before.stdout) == json.loads(after.stdout) == [{"n": 2}]
    members = runner.invoke(main, ["members", "TESTBLOC", "--on", "2007", f"--db={db}", "--json", "--data-dir", mini])
    assert members.exit_code == 0 and {r["state"] for r in json.loads(members.stdout)} == {"ARG", "BRA"}
