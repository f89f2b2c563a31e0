"""Batch and summary measures on the bundled votes: one query, the same per-session values as
the single measures, period means over all roll calls, thin cells blanked."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from blocwatch.cli import _common, main
from blocwatch.core import Blocwatch


def test_cohesion_summary_matches_the_single_measure(bw: Blocwatch) -> None:
    table = bw.analytics.cohesion_summary("CELAC,UNASUR", start=2011, end=2019, min_roll_calls=0)
    for org in ("CELAC", "UNASUR"):
        single = {s.session: s for s in bw.analytics.cohesion(org, start=2011, end=2019).sessions}
        cells = {v.session: v for v in table.sessions if v.org == org}
        assert set(cells) == set(single)
        for session, cell in cells.items():
            assert (cell.roll_calls, cell.agreement, cell.rice) == (
                single[session].roll_calls,
                single[session].agreement,
                single[session].rice,
            )
        rolls = bw.analytics.roll_calls(org, start=2011, end=2019)
        row = next(r for r in table.summary if r.org == org)
        assert row.roll_calls == len(rolls) and row.sessions == len(single)
        assert row.agreement == pytest.approx(sum(r.agreement for r in rolls) / len(rolls), abs=1e-4)


def test_min_roll_calls_blanks_thin_cells(bw: Blocwatch) -> None:
    table = bw.analytics.cohesion_summary("CELAC", start=2015, end=2019, min_roll_calls=10)
    thin = [v for v in table.sessions if v.roll_calls < 10]
    assert thin, "the window starts late in session 69, so that session has few roll calls"
    assert all(v.agreement is None and v.rice is None for v in thin)
    assert all(v.agreement is not None for v in table.sessions if v.roll_calls >= 10)


def test_alignment_states_is_one_table_like_the_single_calls(bw: Blocwatch) -> None:
    batch = bw.analytics.alignment_summary("MERCOSUR", "USA,EU", start=2015, end=2019, min_roll_calls=0)
    assert {r.state for r in batch.summary} >= {"ARG", "BRA", "PRY", "URY", "VEN"}
    for state in ("VEN", "BRA"):
        single = bw.analytics.alignment(state, "USA,EU", start=2015, end=2019, votes=True)
        expected = {(r.power, r.session): (r.roll_calls, r.agreement) for r in single.votes}
        got = {(r.power, r.session): (r.roll_calls, r.agreement) for r in batch.sessions if r.state == state}
        assert got == expected


def test_alignment_batch_runs_one_query(bw: Blocwatch, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    class Counting:
        def __init__(self, con):  # type: ignore[no-untyped-def]
            self._con = con

        def execute(self, sql, *args):  # type: ignore[no-untyped-def]
            if "un_votes" in sql:
                calls.append(sql)
            return self._con.execute(sql, *args)

        def __getattr__(self, name):  # type: ignore[no-untyped-def]
            return getattr(self._con, name)

    from blocwatch.analytics import alignment as module

    counting = Counting(bw.con)
    monkeypatch.setattr(module, "require_votes", lambda con: None)
    module.alignment_summary(counting, ["ARG", "BRA", "CHL", "VEN"], ["USA", "CHN", "RUS"], start=2011, end=2019)  # type: ignore[arg-type]
    assert len(calls) == 1


def test_cli_summary_tables(bw: Blocwatch, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_common.CliState, "open", lambda self, build=True, write=False: bw)
    monkeypatch.setattr(_common.CliState, "close", lambda self: None)
    runner = CliRunner()
    out = runner.invoke(main, ["cohesion", "CELAC,UNASUR", "--from", "2015", "--to", "2019"]).stdout
    header = out.splitlines()[1].split("\t")
    assert header[:5] == ["org", "roll calls", "sessions", "agreement", "rice"] and "session 70" in header
    assert "– (" in out  # a blanked thin session shows its roll-call count
    data = json.loads(runner.invoke(main, ["alignment", "--states", "ARG,BRA", "--with", "USA", "--json"]).stdout)
    assert [(r["state"], r["power"]) for r in data["summary"]] == [("ARG", "USA"), ("BRA", "USA")]
    refused = runner.invoke(main, ["alignment"])
    assert refused.exit_code == 2 and "BW011" in refused.stderr
