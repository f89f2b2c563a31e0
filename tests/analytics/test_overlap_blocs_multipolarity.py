"""Overlap matrix, churn, de facto blocs and multipolarity on invented data."""

from __future__ import annotations

import pytest

from blocwatch.core import Blocwatch
from blocwatch.errors import UsageError


def test_overlap_matrix(mini_bw: Blocwatch) -> None:
    result = mini_bw.analytics.overlap_matrix("TESTBLOC,OTHERBLOC", on="2011-01-01")
    # TESTBLOC {ARG, BRA (suspended), MEX}, OTHERBLOC {BRA, MEX} (CAN observer): 2 shared of 3
    assert result.orgs == ["TESTBLOC", "OTHERBLOC"] and result.sizes == [3, 2]
    assert result.jaccard == [[1.0, 0.6667], [0.6667, 1.0]] and result.shared[0][1] == 2
    active = mini_bw.analytics.overlap_matrix(["TESTBLOC", "OTHERBLOC"], on="2011-01-01", active_only=True)
    assert active.jaccard[0][1] == pytest.approx(1 / 3, abs=1e-4)


def test_overlap_series(mini_bw: Blocwatch) -> None:
    points = mini_bw.analytics.overlap_series("TESTBLOC", "OTHERBLOC", start=2004, end=2006)
    assert [(p.on, p.sizes["OTHERBLOC"], p.shared) for p in points] == [
        ("2004-06-01", 0, 0),
        ("2005-06-01", 2, 2),
        ("2006-06-01", 2, 2),
    ]
    with pytest.raises(UsageError):
        mini_bw.analytics.overlap_series("TESTBLOC", "OTHERBLOC", start=2010, end=2000)


def test_churn(mini_bw: Blocwatch) -> None:
    rows = {r.year: r for r in mini_bw.analytics.churn("TESTBLOC", start=2010, end=2020)}
    assert rows[2010].suspensions == 1 and rows[2012].reinstatements == 1
    assert (rows[2015].exits, rows[2015].members_start, rows[2015].members_end) == (1, 3, 2)
    assert rows[2015].churn == pytest.approx(1 / 3, abs=1e-4)
    assert (rows[2020].entries, rows[2020].members_end) == (1, 3)


def test_blocs_find_the_two_camps(votes_bw: Blocwatch) -> None:
    # pairwise agreement 2009-2012: BRA-MEX 0.9, ARG-MEX 0.6, ARG-BRA 0.5 → only BRA-MEX is above the mean
    result = votes_bw.analytics.blocs("TESTBLOC", "OTHERBLOC", start=2009, end=2012, min_shared=3)
    assert [c.members for c in result.communities] == [["BRA", "MEX"], ["ARG"]]
    assert result.de_jure == {"ARG": "none", "BRA": "OTHERBLOC", "MEX": "OTHERBLOC"}
    assert result.adjusted_rand == 1.0
    assert result.mean_agreement == pytest.approx((0.9 + 0.6 + 0.5) / 3, abs=1e-4)


def test_blocs_need_a_comparison(votes_bw: Blocwatch) -> None:
    with pytest.raises(UsageError) as info:
        votes_bw.analytics.blocs("TESTBLOC", "")
    assert info.value.code.id == "BW502"


def test_multipolarity(votes_bw: Blocwatch) -> None:
    years = {r.year: r for r in votes_bw.analytics.multipolarity("TESTBLOC").years}
    # 2013 external events: e5 RUS-ARG, e6 BRA-RUS, e7 CAN-MEX → RUS 2/3, CAN 1/3
    assert [(p.partner, p.events) for p in years[2013].partners] == [("RUS", 2), ("CAN", 1)]
    assert years[2013].hhi == pytest.approx(5 / 9, abs=1e-4)
    assert years[2013].effective_partners == pytest.approx(1.8, abs=0.01)
    only_can = votes_bw.analytics.multipolarity("TESTBLOC", powers="CAN").years
    assert [(r.year, r.hhi) for r in only_can] == [(2013, 1.0)]
