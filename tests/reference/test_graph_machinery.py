"""The graph machinery on a tiny invented data set: spells, presidencies, overlap, names."""

from __future__ import annotations

import pytest

from blocwatch.core import Blocwatch
from blocwatch.errors import UsageError


def _states(bw: Blocwatch, org: str, on: str) -> dict[str, tuple[str, str]]:
    return {m.state: (m.capacity, m.status) for m in bw.graph.members(org, on=on)}


def test_members_follow_the_event_log(mini_bw: Blocwatch) -> None:
    assert _states(mini_bw, "TESTBLOC", "2001") == {"ARG": ("member", "active"), "BRA": ("member", "active")}
    assert _states(mini_bw, "TESTBLOC", "2003-06-15")["MEX"] == ("associate", "active")
    assert _states(mini_bw, "TESTBLOC", "2008-01-01")["MEX"] == ("member", "active")


def test_suspension_keeps_membership_with_status(mini_bw: Blocwatch) -> None:
    assert _states(mini_bw, "TESTBLOC", "2010-01-15")["BRA"] == ("member", "active")
    assert _states(mini_bw, "TESTBLOC", "2010-01-16")["BRA"] == ("member", "suspended")
    assert _states(mini_bw, "TESTBLOC", "2012-01-06")["BRA"] == ("member", "active")
    brazil = next(m for m in mini_bw.graph.members("TESTBLOC", on="2011") if m.state == "BRA")
    assert brazil.since == "2000-01-01"
    assert brazil.status_since == "2010-01-16"


def test_withdrawal_and_return(mini_bw: Blocwatch) -> None:
    assert "ARG" in _states(mini_bw, "TESTBLOC", "2015-02-28")  # notified, still a member
    assert "ARG" not in _states(mini_bw, "TESTBLOC", "2015-03-01")
    back = next(m for m in mini_bw.graph.members("TESTBLOC", on="2021") if m.state == "ARG")
    assert (back.capacity, back.status, back.since) == ("member", "active", "2020-05-06")


def test_presidency_handover_day_goes_to_the_new_holder(mini_bw: Blocwatch) -> None:
    assert mini_bw.graph.presidency("TESTBLOC", on="2000-12-31").holder == "ARG"
    assert mini_bw.graph.presidency("TESTBLOC", on="2001-01-01").holder == "BRA"
    assert mini_bw.graph.presidency("TESTBLOC", on="2030").holder == "MEX"
    assert mini_bw.graph.presidency("TESTBLOC", on="1999").holder is None


def test_overlap_counts_members_and_associates_not_observers(mini_bw: Blocwatch) -> None:
    result = mini_bw.graph.overlap(["TESTBLOC", "OTHERBLOC"], on="2007")
    assert result.members["OTHERBLOC"] == ["BRA", "MEX"]  # CAN is an observer
    (pair,) = result.pairs
    assert pair.shared == ["BRA", "MEX"]
    assert pair.jaccard == pytest.approx(2 / 3, abs=1e-4)


def test_names_in_any_language_resolve(mini_bw: Blocwatch) -> None:
    graph = mini_bw.graph
    assert graph.resolve_org("Bloque de Prueba") == "TESTBLOC"
    assert graph.resolve_org("bt") == "TESTBLOC"
    assert graph.resolve_state("Brasil") == "BRA"
    assert graph.resolve_state("bra") == "BRA"
    assert graph.resolve_state("CAN") == "CAN"  # a state code, even if some org is also called CAN


def test_unknown_names_suggest_close_ones(mini_bw: Blocwatch) -> None:
    with pytest.raises(UsageError) as info:
        mini_bw.graph.resolve_org("Test Blok")
    assert info.value.code.id == "BW001"
    assert info.value.exit_code == 2
    assert any("TESTBLOC" in s for s in info.value.suggestions)


def test_mechanisms_and_history(mini_bw: Blocwatch) -> None:
    (mech,) = mini_bw.graph.mechanisms("TESTBLOC", partner="Rusia")
    assert (mech.status, mech.areas, mech.condition) == ("proposed", ["space"], "once differences are solved")
    assert mech.meetings[0].place == "Moscow"
    events = [h.event for h in mini_bw.graph.history("Brazil") if h.org == "TESTBLOC"]
    assert events == ["joined", "presidency", "suspended_self", "reinstated"]


def test_suggestions_name_each_id_once(bw: Blocwatch) -> None:
    with pytest.raises(UsageError) as info:
        bw.graph.resolve_org("Mercosurr")
    ids = [s.rsplit("(", 1)[-1].rstrip(")") for s in info.value.suggestions]
    assert ids[0] == "MERCOSUR"
    assert len(ids) == len(set(ids))
