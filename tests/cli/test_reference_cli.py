"""The reference commands through the CLI: JSON contracts, exit codes, read-only SQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from blocwatch.cli import main


@pytest.fixture
def run(tmp_path: Path, mini_data_dir: Path):  # type: ignore[no-untyped-def]
    db = tmp_path / "t.duckdb"

    def invoke(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(main, ["--db", str(db), "--data-dir", str(mini_data_dir), *args])
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_members_json_contract(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("members", "TESTBLOC", "--on", "2010-06", "--json")
    assert code == 0
    rows = json.loads(out)
    keys = ("capacity", "name", "since", "since_precision", "state", "status", "status_since", "status_since_precision")
    assert {tuple(sorted(r)) for r in rows} == {keys}
    brazil = next(r for r in rows if r["state"] == "BRA")
    assert {k: brazil[k] for k in ("state", "name", "capacity", "status", "since", "since_precision")} == {
        "state": "BRA",
        "name": "Brazil",
        "capacity": "member",
        "status": "suspended",
        "since": "2000-01-01",
        "since_precision": "day",
    }


def test_presidency_json_contract(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("presidency", "Bloque de Prueba", "--on", "2001-05-01", "--json")
    assert code == 0
    answer = json.loads(out)
    # the original four keys keep their meaning; what is known is added beside them
    assert {k: answer[k] for k in ("org", "holder", "start", "end")} == {
        "org": "TESTBLOC",
        "holder": "BRA",
        "start": "2001-01-01",
        "end": "2002-06",
    }
    assert answer.get("start_precision", "day") == "day" and answer.get("end_precision", "month") == "month"
    assert answer["known"] is True and answer["co_holders"] == []
    assert answer["researched"] == {"from": "2000-01-01", "to": "2031", "checked": "2026-12-02"}


def test_presidency_outside_the_researched_period_is_unknown_not_none(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("presidency", "TESTBLOC", "--on", "2032-01-01", "--json")
    assert code == 0
    answer = json.loads(out)
    assert answer["known"] is False and answer["holder"] is None
    assert answer["last_known"] == "MEX from 2002-06"
    code, out, _ = run("presidency", "TESTBLOC", "--on", "2032-01-01")
    assert "unknown (not researched after 2031)" in out
    assert "no presidency" not in out.lower()
    code, out, _ = run("presidency", "OTHERBLOC", "--on", "2010-01-01")
    assert "unknown (presidencies not researched)" in out


def test_unknown_org_exits_2_with_suggestions(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("members", "TESTBLOK", "--json")
    assert code == 2
    assert "BW001" in err and "TESTBLOC" in err


def test_bad_date_exits_2(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("members", "TESTBLOC", "--on", "2020-13-01")
    assert code == 2
    assert "BW003" in err


def test_every_command_has_help_and_json(run) -> None:  # type: ignore[no-untyped-def]
    def walk(group, prefix):  # type: ignore[no-untyped-def]
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                yield from walk(command, [*prefix, name])
            else:
                yield [*prefix, name], command

    # Commands whose output is JSON lines anyway, or that run a server, need no --json flag.
    exempt = {("extract",): "always prints JSON lines", ("serve",): "runs the web server"}
    for path, _command in walk(main, []):
        code, out, _ = run(*path, "--help")
        assert code == 0, path
        if tuple(path) not in exempt:
            assert "--json" in out, f"`blocwatch {' '.join(path)}` has no --json"


def test_overlap_memberships_history_mechanisms_orgs(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("overlap", "TB", "OB", "--on", "2007", "--capacity", "member,associate", "--json")
    assert code == 0 and json.loads(out)["pairs"][0]["shared"] == ["BRA", "MEX"]
    code, out, _ = run("memberships", "Brasil", "--on", "2007", "--json")
    assert code == 0 and {r["org"] for r in json.loads(out)} == {"TESTBLOC", "OTHERBLOC"}
    code, out, _ = run("history", "ARG", "--json")
    assert code == 0 and [h["event"] for h in json.loads(out) if h["kind"] == "membership"] == [
        "joined",
        "withdrawal_notified",
        "withdrawn",
        "returned",
    ]
    code, out, _ = run("mechanisms", "--partner", "RUS", "--json")
    assert code == 0 and json.loads(out)[0]["status"] == "proposed"
    code, out, _ = run("orgs", "--json")
    assert code == 0 and {o["id"] for o in json.loads(out)} == {"TESTBLOC", "OTHERBLOC"}


def test_sql_is_read_only(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("sql", "select count(*) as n from membership_events", "--json")
    assert code == 0 and json.loads(out) == [{"n": 12}]
    code, _, err = run("sql", "delete from membership_events")
    assert code == 2 and "BW004" in err
    code, out, _ = run("sql", "select count(*) as n from membership_events", "--json")
    assert json.loads(out) == [{"n": 12}]


def test_build_reports_counts(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("build", "--json")
    assert code == 0
    assert json.loads(out)["counts"]["membership_events"] == 12


def test_errors_are_json_with_json_flag(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("presidency", "NOPE", "--json")
    assert code == 2
    assert json.loads(out)["error"]["code"] == "BW001"
