"""Checking a proposal against the reference graph on its date (part of ``proposals.v2``).

The check happens inside the proposal component, from a snapshot of the reference tables
taken when the rules are built (:meth:`GraphCheck.from_store`): plain tuples, no
connection, so the rules pickle and run in worker processes. Re-coding an article checks
again against the graph as it is then; accepted facts are in the reference tables, so a
proposal accepted once confirms its later restatements.

Each proposal gets a ``relation``:

* ``new``: the graph lacks it;
* ``confirms``: the graph already has it (same change, the dates agree at the graph's
  precision); kept as corroborating evidence, out of the review queue;
* ``contradicts``: the graph says otherwise on that date: another presidency holder, the
  same membership change on another date, a refusal by a state the graph has as a member;
  ``graph_fact`` shows the graph's side;
* ``refines``: the graph has the fact with a coarser date than the text states.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import duckdb

from blocwatch.extract.textdates import UNKNOWN, TextDate

RELATIONS = ("new", "confirms", "contradicts", "refines")
_RANK = {"day": 0, "month": 1, "year": 2, "unknown": 3}

#: Membership changes of a proposal and the graph events that state the same thing.
SAME_EVENT: dict[str, tuple[str, ...]] = {
    "joined": ("joined", "capacity_changed", "returned"),
    "associate": ("joined", "capacity_changed"),
    "observer": ("joined", "capacity_changed"),
    "suspended_self": ("suspended_self",),
    "suspended_by_org": ("suspended_by_org",),
    "withdrawal_notified": ("withdrawal_notified",),
    "withdrawn": ("withdrawn",),
    "returned": ("returned", "reinstated"),
}


@dataclass(frozen=True)
class Check:
    """The outcome of a check: the relation and, unless new, the graph's fact."""

    relation: str
    fact: dict[str, Any] | None = None


def _iso(day: dt.date | None, precision: str | None) -> str | None:
    if day is None:
        return None
    return TextDate(day, precision or "day").iso


def _within(day: dt.date, date: TextDate, slack: int) -> bool:
    assert date.value is not None and date.last is not None
    return date.value - dt.timedelta(days=slack) <= day <= date.last + dt.timedelta(days=slack)


def _overlaps(day: dt.date, precision: str, date: TextDate, slack: int) -> bool:
    """Whether a graph date (with its precision) and a text date can be the same day."""
    graph = TextDate(day, precision)
    assert graph.value is not None and graph.last is not None and date.value is not None and date.last is not None
    return graph.value - dt.timedelta(days=slack) <= date.last and date.value <= graph.last + dt.timedelta(days=slack)


@dataclass
class GraphCheck:
    """A snapshot of the reference graph's memberships, presidencies and mechanisms."""

    events: dict[tuple[str, str], list[tuple[str, dt.date, str, str | None]]] = field(default_factory=dict)
    spells: dict[tuple[str, str], list[tuple[str, str, dt.date, dt.date | None]]] = field(default_factory=dict)
    terms: dict[str, list[tuple[str, dt.date, str, dt.date | None]]] = field(default_factory=dict)
    mechanisms: dict[tuple[str, str], tuple[str, str, tuple[str, ...]]] = field(default_factory=dict)
    meetings: dict[str, list[dt.date]] = field(default_factory=dict)

    @classmethod
    def from_store(cls, con: duckdb.DuckDBPyConnection) -> GraphCheck:
        events: dict[tuple[str, str], list[tuple[str, dt.date, str, str | None]]] = defaultdict(list)
        for org, member, event, day, precision, capacity in con.execute(
            "select org, member, event, date, precision, capacity from membership_events order by date"
        ).fetchall():
            events[(org, member)].append((event, day, precision or "day", capacity))
        spells: dict[tuple[str, str], list[tuple[str, str, dt.date, dt.date | None]]] = defaultdict(list)
        for org, member, capacity, status, start, end in con.execute(
            'select org, member, capacity, status, start, "end" from membership_spells order by start'
        ).fetchall():
            spells[(org, member)].append((capacity, status, start, end))
        terms: dict[str, list[tuple[str, dt.date, str, dt.date | None]]] = defaultdict(list)
        for org, holder, start, precision, end in con.execute(
            'select org, holder, start, start_precision, "end" from presidencies order by start'
        ).fetchall():
            terms[org].append((holder, start, precision or "day", end))
        mechanisms = {
            (str(r[1]), str(r[2])): (str(r[0]), str(r[3]), tuple(r[4] or ()))
            for r in con.execute("select id, org, partner, status, areas from mechanisms").fetchall()
        }
        meetings: dict[str, list[dt.date]] = defaultdict(list)
        for mechanism, day in con.execute("select mechanism, date from mechanism_meetings").fetchall():
            meetings[str(mechanism)].append(day)
        return cls(dict(events), dict(spells), dict(terms), mechanisms, dict(meetings))

    # --- memberships ------------------------------------------------------------------
    def spell_on(self, org: str, member: str, day: dt.date) -> tuple[str, str, dt.date, dt.date | None] | None:
        """The member's spell in the organization covering ``day``, if any."""
        for spell in self.spells.get((org, member), []):
            if spell[2] <= day and (spell[3] is None or day < spell[3]):
                return spell
        return None

    def membership(
        self, org: str, member: str, change: str, capacity: str | None, date: TextDate, article: dt.date | None
    ) -> Check:
        history = self.events.get((org, member), [])
        wanted = SAME_EVENT.get(change, ())
        same = [
            e
            for e in history
            if e[0] in wanted and (capacity is None or e[0] in ("returned", "reinstated") or e[3] in (None, capacity))
        ]
        if change == "joined":  # a return counts as joining only when no join matches
            joins = [e for e in same if e[0] != "returned"]
            same = joins or same
        if same:
            if not date.known:
                if article is None or any(e[1] <= article for e in same):
                    return Check("confirms", _event_fact(org, member, same[-1]))
            else:
                for event in same:
                    if _overlaps(event[1], event[2], date, 3):
                        if _RANK[date.precision] < _RANK[event[2]]:
                            return Check("refines", _event_fact(org, member, event))
                        return Check("confirms", _event_fact(org, member, event))
                nearest = min(same, key=lambda e: abs((e[1] - (date.value or e[1])).days))
                return Check("contradicts", _event_fact(org, member, nearest))
        on = date.value if date.known else article
        if on is None:
            return Check("new")
        spell = self.spell_on(org, member, date.last or on) if date.known else self.spell_on(org, member, on)
        if change in ("declined", "applied", "invited") and spell is not None and spell[1] == "active":
            return Check("contradicts", _spell_fact(org, member, spell))
        joining = change in ("joined", "associate", "observer") and spell is not None and date.known
        if joining and spell and spell[2] < on - dt.timedelta(days=366) and capacity in (None, spell[0]):
            return Check("contradicts", _spell_fact(org, member, spell))
        return Check("new")

    # --- presidencies -----------------------------------------------------------------
    def presidency(self, org: str, holder: str, change: str, date: TextDate, article: dt.date | None) -> Check:
        terms = self.terms.get(org, [])
        if not terms:
            return Check("new")
        if change == "handover" and date.known:
            slack = 3 if date.precision == "day" else 0
            starting = [t for t in terms if _within(t[1], date, slack)]
            mine = [t for t in starting if t[0] == holder]
            if mine:
                term = mine[0]
                relation = "refines" if _RANK[date.precision] < _RANK[term[2]] else "confirms"
                return Check(relation, _term_fact(org, term))
            if starting:
                return Check("contradicts", _term_fact(org, starting[0]))
        if date.known:
            assert date.value is not None
            covering = self._term_on(org, date.value)
            if covering is None:
                return Check("new")
            if covering[0] == holder:
                return Check("confirms", _term_fact(org, covering))
            return Check("contradicts", _term_fact(org, covering))
        if article is None:
            return Check("new")
        recent = [t for t in terms if t[0] == holder and article - dt.timedelta(days=366) <= t[1] <= article]
        if recent:
            return Check("confirms", _term_fact(org, recent[-1]))
        covering = self._term_on(org, article)
        if covering is not None and covering[0] != holder:
            return Check("contradicts", _term_fact(org, covering))
        return Check("new")

    def _term_on(self, org: str, day: dt.date) -> tuple[str, dt.date, str, dt.date | None] | None:
        for term in self.terms.get(org, []):
            if term[1] <= day and (term[3] is None or day < term[3]):
                return term
        return None

    # --- mechanisms, meetings, areas --------------------------------------------------
    def mechanism(self, org: str, partner: str, status: str) -> Check:
        known = self.mechanisms.get((org, partner))
        if known is None:
            return Check("new")
        fact = {"mechanism": known[0], "org": org, "partner": partner, "status": known[1], "areas": list(known[2])}
        graph_status = {"active": "established"}.get(known[1], known[1])
        return Check("confirms" if graph_status == status else "contradicts", fact)

    def meeting(self, mechanism: str, date: TextDate) -> Check:
        days = self.meetings.get(mechanism, [])
        for day in days:
            if date.known and _within(day, date, 2):
                return Check("confirms", {"mechanism": mechanism, "date": day.isoformat()})
        return Check("new")

    def areas(self, org: str, partner: str | None, areas: list[str]) -> Check:
        known = self.mechanisms.get((org, partner or ""))
        if known is not None and set(areas) <= set(known[2]):
            return Check("confirms", {"mechanism": known[0], "org": org, "partner": partner, "areas": list(known[2])})
        return Check("new")


def _event_fact(org: str, member: str, event: tuple[str, dt.date, str, str | None]) -> dict[str, Any]:
    return {
        "org": org,
        "member": member,
        "event": event[0],
        "date": _iso(event[1], event[2]),
        "capacity": event[3],
    }


def _spell_fact(org: str, member: str, spell: tuple[str, str, dt.date, dt.date | None]) -> dict[str, Any]:
    return {
        "org": org,
        "member": member,
        "capacity": spell[0],
        "status": spell[1],
        "since": spell[2].isoformat(),
        "until": spell[3].isoformat() if spell[3] else None,
    }


def _term_fact(org: str, term: tuple[str, dt.date, str, dt.date | None]) -> dict[str, Any]:
    return {
        "org": org,
        "holder": term[0],
        "start": _iso(term[1], term[2]),
        "end": term[3].isoformat() if term[3] else None,
    }


__all__ = ["RELATIONS", "SAME_EVENT", "UNKNOWN", "Check", "GraphCheck"]
