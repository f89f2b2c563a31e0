"""Vote and event cohesion on invented data; expected figures worked out by hand."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from blocwatch.cli import main
from blocwatch.core import Blocwatch


def test_vote_cohesion_per_session(votes_bw: Blocwatch) -> None:
    result = votes_bw.analytics.cohesion("Test Bloc")
    by_session = {r.session: r for r in result.sessions}
    # session 64: rc1 all yes (1, 1, 1); rc2 yes/no/abstain: agreement (0 + .5 + .5)/3, rice 0, HNR index 0
    assert by_session[64].agreement == pytest.approx((1 + 1 / 3) / 2, abs=1e-4)
    assert by_session[64].rice == 0.5 and by_session[64].agreement_index == 0.5
    assert by_session[64].members == 3 and by_session[64].roll_calls == 2
    # session 65: Brazil suspended (2010-01-16 – 2012-01-06) is left out: ARG yes vs MEX no; ARG abstain vs MEX yes
    assert by_session[65].members == 2
    assert by_session[65].agreement == 0.25 and by_session[65].rice == 0.5 and by_session[65].agreement_index == 0.25
    assert by_session[67].agreement == 1.0 and by_session[67].members == 3


def test_by_issue_and_period(votes_bw: Blocwatch) -> None:
    result = votes_bw.analytics.cohesion("TESTBLOC", start="2009-10-15", end=2011, by_issue=True)
    assert [r.session for r in result.sessions] == [64, 65]
    issues = {(r.session, r.issue): r for r in result.by_issue}
    assert issues[(64, "Human rights")].roll_calls == 1 and issues[(64, "Human rights")].agreement == pytest.approx(
        1 / 3, abs=1e-4
    )
    assert issues[(65, "Palestinian conflict")].agreement == 0.0


def test_roll_calls_behind_a_session(votes_bw: Blocwatch) -> None:
    rows = votes_bw.analytics.roll_calls("TESTBLOC", session=65)
    assert [(r.rcid, r.members, r.yes, r.no, r.abstain) for r in rows] == [
        (3, ["ARG", "MEX"], 1, 1, 0),
        (4, ["ARG", "MEX"], 1, 0, 1),
    ]


def test_associates_option_changes_voters(votes_bw: Blocwatch) -> None:
    # MEX was an associate until 2008, so 2009+ figures do not change; the option must still be accepted
    assert votes_bw.analytics.cohesion("TESTBLOC", include_associates=True).capacities == ["member", "associate"]


def test_event_cohesion(votes_bw: Blocwatch) -> None:
    years = {r.year: r for r in votes_bw.analytics.event_cohesion("TESTBLOC").years}
    # 2013: e1 cooperative (3), e2 conflictual (-4); e3 negated left out; e5-e7 involve outsiders
    assert (years[2013].events, years[2013].cooperative, years[2013].conflictual) == (2, 1, 1)
    assert years[2013].share_cooperative == 0.5 and years[2013].mean_score == -0.5
    assert years[2014].share_cooperative == 1.0
    assert 2016 not in years  # ARG had withdrawn by then


def test_cli_cohesion_table_and_json(votes_bw: Blocwatch, monkeypatch: pytest.MonkeyPatch) -> None:
    from blocwatch.cli import _common

    monkeypatch.setattr(_common.CliState, "open", lambda self, build=True, write=False: votes_bw)
    monkeypatch.setattr(_common.CliState, "close", lambda self: None)
    runner = CliRunner()
    out = runner.invoke(main, ["cohesion", "TESTBLOC", "--json"])
    assert out.exit_code == 0, out.output
    assert '"session": 65' in out.output
    table = runner.invoke(main, ["cohesion", "TESTBLOC", "--session", "65"])
    assert table.exit_code == 0 and "R/65/3" in table.output
