"""--capacity everywhere (members, overlap, overlap-matrix, cohesion), default full members,
headlines that count each capacity, and `--on today` (invented mini graph and votes)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analytics._fixtures import write_unvotes
from blocwatch.capacity import count_phrase, parse_capacities
from blocwatch.cli import main
from blocwatch.errors import UsageError


@pytest.fixture
def run(tmp_path: Path, mini_data_dir: Path):  # type: ignore[no-untyped-def]
    db = tmp_path / "cap.duckdb"

    def invoke(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(main, ["--db", str(db), "--data-dir", str(mini_data_dir), *args])
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_parse_and_phrase() -> None:
    assert parse_capacities("observer, member") == ("member", "observer")
    assert parse_capacities("all") == ("member", "associate", "observer")
    with pytest.raises(UsageError) as info:
        parse_capacities("members")
    assert info.value.code.id == "BW011"
    assert count_phrase(["member"] * 4 + ["observer"] * 2) == "4 members, 2 observers"
    assert count_phrase(["associate"]) == "1 associate"


def test_members_default_is_full_members_and_headline_counts_the_rest(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("members", "OTHERBLOC", "--on", "2007", "--json")
    assert code == 0 and {r["state"] for r in json.loads(out)} == {"BRA", "MEX"}
    code, out, _ = run("members", "OTHERBLOC", "--on", "2007", "--capacity", "all", "--json")
    assert {r["state"]: r["capacity"] for r in json.loads(out)} == {"BRA": "member", "MEX": "member", "CAN": "observer"}
    code, out, _ = run("members", "OTHERBLOC", "--on", "2007", "--capacity", "all")
    assert out.splitlines()[0] == "# OTHERBLOC on 2007: 2 members, 1 observer (3 active)"
    code, out, _ = run("members", "OTHERBLOC", "--on", "2007")
    assert out.splitlines()[0] == "# OTHERBLOC on 2007: 2 members (2 active); not listed: 1 observer (--capacity all)"
    code, _, err = run("members", "OTHERBLOC", "--capacity", "ally")
    assert code == 2 and "BW011" in err


def test_json_rows_carry_precision(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("members", "OTHERBLOC", "--on", "2007", "--capacity", "observer", "--json")
    assert code == 0
    (canada,) = json.loads(out)
    assert (canada["since"], canada["since_precision"]) == ("2006", "year")  # counts from 2006-01-01
    code, out, _ = run("history", "OTHERBLOC", "--json")
    assert code == 0
    assert {h["member"]: h["precision"] for h in json.loads(out) if h["kind"] == "membership"}["CAN"] == "year"


def test_overlap_capacity(run) -> None:  # type: ignore[no-untyped-def]
    def pair(*extra: str) -> tuple[list[str], float]:
        code, out, err = run("overlap", "TESTBLOC", "OTHERBLOC", "--on", "2007", *extra, "--json")
        assert code == 0, err
        first = json.loads(out)["pairs"][0]
        return first["shared"], first["jaccard"]

    assert pair() == (["BRA"], pytest.approx(1 / 3, abs=1e-4))  # MEX is only an associate of TESTBLOC in 2007
    assert pair("--capacity", "member,associate") == (["BRA", "MEX"], pytest.approx(2 / 3, abs=1e-4))
    assert pair("--capacity", "all") == (["BRA", "MEX"], pytest.approx(2 / 4, abs=1e-4))
    code, out, _ = run("overlap-matrix", "TESTBLOC", "OTHERBLOC", "--on", "2007", "--capacity", "all", "--json")
    assert code == 0
    assert json.loads(out)["sizes"] == [3, 3]
    code, out, _ = run("overlap-matrix", "TESTBLOC", "OTHERBLOC", "--on", "2007", "--json")
    assert code == 0
    assert json.loads(out)["sizes"] == [2, 2]


def test_cohesion_capacity(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("import", "unvotes", str(write_unvotes(tmp_path / "u")))[0] == 0
    code, out, _ = run("cohesion", "OTHERBLOC", "--session", "64", "--json")
    assert code == 0 and json.loads(out)[0]["members"] == ["BRA", "MEX"]
    code, out, _ = run("cohesion", "OTHERBLOC", "--session", "64", "--capacity", "all", "--json")
    first = json.loads(out)[0]
    assert first["members"] == ["BRA", "CAN", "MEX"] and first["agreement"] == pytest.approx(1 / 3, abs=1e-4)
    code, out, _ = run("cohesion", "OTHERBLOC", "--capacity", "all", "--json")
    assert json.loads(out)["capacities"] == ["member", "associate", "observer"]


def test_on_today(run) -> None:  # type: ignore[no-untyped-def]
    code, today, _ = run("members", "TESTBLOC", "--on", "today", "--json")
    assert code == 0
    _, explicit, _ = run("members", "TESTBLOC", "--on", dt.date.today().isoformat(), "--json")
    assert json.loads(today) == json.loads(explicit)
    assert run("presidency", "TESTBLOC", "--on", "today")[0] == 0
    assert run("overlap-matrix", "TESTBLOC", "OTHERBLOC", "--on", "today")[0] == 0
