"""The review library without the web layer: decisions, payload checks, the clock seam."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytics._fixtures import insert_events, insert_proposals
from blocwatch.core import Blocwatch, open_blocwatch
from blocwatch.errors import UsageError
from blocwatch.review import Review, apply_fact, token_matches

CLOCK = dt.datetime(2026, 3, 1, 12, 0)


@pytest.fixture
def review_bw(mini_data_dir: Path) -> Iterator[Blocwatch]:
    bw = open_blocwatch(":memory:", data_dir=str(mini_data_dir))
    insert_events(bw.con)
    insert_proposals(bw.con)
    yield bw
    bw.close()


def test_accept_records_who_and_when(review_bw: Blocwatch) -> None:
    decision = Review(review_bw.con, clock=lambda: CLOCK).accept("p-member", by=" ana ", note="checked")
    assert (decision.decided_by, decision.decided_at, decision.note) == ("ana", "2026-03-01T12:00:00", "checked")
    row = review_bw.con.execute("select decided_by, decided_at, kind from accepted_facts").fetchone()
    assert row == ("ana", CLOCK, "membership")
    audit = Review(review_bw.con).audit()
    assert audit[0]["decided_at"] == "2026-03-01T12:00:00" and audit[0]["detail"] == {
        "note": "checked",
        "relation": "new",
    }


def test_reviewer_name_is_required(review_bw: Blocwatch) -> None:
    with pytest.raises(UsageError) as info:
        Review(review_bw.con).reject("p-member", by="   ")
    assert info.value.code.id == "BW502"


def test_unknown_proposal(review_bw: Blocwatch) -> None:
    with pytest.raises(UsageError) as info:
        Review(review_bw.con).accept("nope", by="ana")
    assert info.value.code.id == "BW503"


@pytest.mark.parametrize(
    ("kind", "payload", "message"),
    [
        ("membership", {"org": "TESTBLOC", "member": "ARG", "event": "joined", "capacity": "member"}, "lacks 'date'"),
        ("membership", {"org": "TESTBLOC", "member": "ATL", "event": "joined", "date": "2021"}, "unknown state"),
        ("membership", {"org": "TESTBLOC", "member": "CAN", "event": "flew", "date": "2021"}, "unknown membership"),
        # ARG is already a member since its return in 2020: joining again is an invalid transition
        (
            "membership",
            {"org": "TESTBLOC", "member": "ARG", "event": "joined", "date": "2021", "capacity": "member"},
            "invalid",
        ),
        ("presidency", {"org": "TESTBLOC", "holder": "BRA", "start": "2001-06-01"}, "terms starting after"),
        ("mechanism", {"org": "TESTBLOC", "partner": "RUS", "status": "imaginary"}, "unknown mechanism status"),
        ("meeting", {"org": "OTHERBLOC", "partner": "RUS", "date": "2020"}, "no mechanism"),
        ("area", {"org": "TESTBLOC", "partner": "RUS", "areas": []}, "no area"),
        ("treaty", {}, "unknown proposal kind"),
    ],
)
def test_payloads_that_cannot_apply(review_bw: Blocwatch, kind: str, payload: dict, message: str) -> None:
    before = review_bw.con.execute("select count(*) from membership_events").fetchone()
    review_bw.con.execute("begin transaction")
    with pytest.raises(UsageError) as info:
        apply_fact(review_bw.con, "px", kind, payload, {"sentence": "s"}, "note")
    review_bw.con.execute("rollback")
    assert info.value.code.id == "BW505" and message in str(info.value)
    assert review_bw.con.execute("select count(*) from membership_events").fetchone() == before


def test_meeting_is_added_once(review_bw: Blocwatch) -> None:
    payload = {"org": "TESTBLOC", "partner": "RUS", "date": "2021-04-01", "place": "Lima"}
    for _ in range(2):
        apply_fact(review_bw.con, "pm", "meeting", payload, {"sentence": "s"}, "note")
    meetings = review_bw.graph.mechanisms("TESTBLOC")[0].meetings
    assert [(m.date, m.place, m.sources) for m in meetings][-1] == ("2021-04-01", "Lima", ["proposal:pm"])
    assert len(meetings) == 2


def test_token_matches() -> None:
    assert token_matches("abc", "abc")
    assert not token_matches("abc", "abd")
    assert not token_matches(None, "abc") and not token_matches("", "") and not token_matches("abc", None)


def test_payload_json_round_trip(review_bw: Blocwatch) -> None:
    Review(review_bw.con).accept("p-area", by="ana")
    stored = review_bw.con.execute("select payload from accepted_facts where proposal_id = 'p-area'").fetchone()
    assert json.loads(stored[0]) == {"org": "TESTBLOC", "partner": "RUS", "areas": ["disasters"]}


def test_accepting_a_contradiction_logs_what_it_replaced(review_bw: Blocwatch) -> None:
    graph_side = {"org": "TESTBLOC", "holder": "AAA", "start": "2020-01-01", "end": None}
    review_bw.con.execute(
        "update proposals set relation = 'contradicts', graph_fact = ? where id = 'p-member'", [json.dumps(graph_side)]
    )
    Review(review_bw.con, clock=lambda: CLOCK).accept("p-member", by="ana")
    (entry,) = Review(review_bw.con).audit()
    assert entry["detail"]["relation"] == "contradicts"
    assert entry["detail"]["replaced"] == graph_side


def test_accepting_a_new_fact_replaces_nothing(review_bw: Blocwatch) -> None:
    Review(review_bw.con, clock=lambda: CLOCK).accept("p-member", by="ana")
    (entry,) = Review(review_bw.con).audit()
    assert entry["detail"]["relation"] == "new" and "replaced" not in entry["detail"]
