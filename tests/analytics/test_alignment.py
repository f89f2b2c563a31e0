"""Alignment with outside powers on invented data (expected figures by hand)."""

from __future__ import annotations

import pytest

from blocwatch.core import Blocwatch
from blocwatch.errors import UsageError


def test_vote_agreement_with_a_state(votes_bw: Blocwatch) -> None:
    result = votes_bw.analytics.alignment("Argentina", "RUS")
    rows = {r.session: r for r in result.votes}
    # rc1 yes/no 0, rc2 yes/yes 1; rc3 yes/no 0 (RUS absent on rc4); rc5 yes/abstain 0.5
    assert (rows[64].agreement, rows[64].roll_calls) == (0.5, 2)
    assert (rows[65].agreement, rows[65].roll_calls) == (0.0, 1)
    assert rows[67].agreement == 0.5


def test_vote_agreement_with_an_organization(votes_bw: Blocwatch) -> None:
    # OTHERBLOC's full members BRA and MEX (CAN is an observer and does not count)
    rows = {r.session: r.agreement for r in votes_bw.analytics.alignment("ARG", "OTHERBLOC").votes}
    assert rows == {64: 0.625, 65: 0.25, 67: 1.0}


def test_event_balance(votes_bw: Blocwatch) -> None:
    events = {(r.power, r.year): r for r in votes_bw.analytics.alignment("ARG", "RUS").events}
    assert (events[("RUS", 2013)].events, events[("RUS", 2013)].balance) == (1, 1.0)
    assert events[("RUS", 2016)].events == 1


def test_roll_calls_behind_agreement(votes_bw: Blocwatch) -> None:
    rows = votes_bw.analytics.alignment_roll_calls("ARG", "RUS", session=64)
    assert [(r["rcid"], r["vote"], r["agreement"]) for r in rows] == [(1, "yes", 0.0), (2, "yes", 1.0)]


def test_unknown_power_is_reported_as_a_state(votes_bw: Blocwatch) -> None:
    with pytest.raises(UsageError) as info:
        votes_bw.analytics.alignment("ARG", "Atlantis")
    assert info.value.code.id == "BW002"
