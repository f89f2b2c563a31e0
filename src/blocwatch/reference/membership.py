"""Deriving membership spells from the membership event log.

The log says what happened (joined, suspended, withdrew …); a *spell* is a period in
which a member had one capacity and one status. Membership at a date is the spell that
covers it. Spells are derived here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from blocwatch.dates import PartialDate
from blocwatch.errors import DataError, E
from blocwatch.reference.model import NON_SPELL_EVENTS, MembershipEvent, Organization


@dataclass(frozen=True)
class Spell:
    """A period [start, end) in which ``member`` had one capacity and status in ``org``."""

    org: str
    member: str
    capacity: str
    status: str
    start: PartialDate
    end: PartialDate | None
    since: PartialDate


@dataclass
class _State:
    capacity: str
    status: str
    since: PartialDate
    start: PartialDate


def period_end(date: PartialDate) -> dt.date:
    """The last day of the period a partial date stands for."""
    value = date.value
    if date.precision == "day":
        return value
    if date.precision == "month":
        nxt = dt.date(value.year + (value.month // 12), value.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(value.year, 12, 31)


def _spell(org: str, member: str, state: _State, end: PartialDate | None) -> Spell:
    return Spell(org, member, state.capacity, state.status, state.start, end, state.since)


def derive_spells(
    events: list[MembershipEvent], organizations: dict[str, Organization]
) -> tuple[list[Spell], list[DataError]]:
    """Replay each member's events in date order; return spells and transition errors."""
    by_pair: dict[tuple[str, str], list[MembershipEvent]] = defaultdict(list)
    for event in events:
        by_pair[(event.org, event.member)].append(event)
    spells: list[Spell] = []
    errors: list[DataError] = []
    for (org_id, member), pair_events in sorted(by_pair.items()):
        org = organizations.get(org_id)
        ordered = sorted(pair_events, key=lambda e: e.date.value)  # stable: file order on ties
        state: _State | None = None
        last_capacity: str | None = None

        for event in ordered:
            where = str(event.where)
            if org is not None and event.event != "signed":
                if org.founded and period_end(event.date) < org.founded.value:
                    errors.append(
                        DataError(
                            E.BW107,
                            f"{member} {event.event} {org_id} on {event.date}, before it was founded ({org.founded})",
                            where=where,
                        )
                    )
                if (
                    org.ended
                    and event.date.value > period_end(org.ended)
                    and event.event
                    not in {
                        "withdrawn",
                        "withdrawal_notified",
                    }
                ):
                    errors.append(
                        DataError(
                            E.BW107,
                            f"{member} {event.event} {org_id} on {event.date}, after it ended ({org.ended})",
                            where=where,
                        )
                    )
            kind = event.event
            if kind in NON_SPELL_EVENTS:
                continue
            if kind == "joined":
                if state is not None:
                    errors.append(
                        DataError(
                            E.BW111,
                            f"{member} joined {org_id} on {event.date} but was already a {state.capacity} "
                            "(use capacity_changed or returned)",
                            where=where,
                        )
                    )
                    continue
                if not event.capacity:
                    errors.append(DataError(E.BW109, "'joined' needs a capacity", where=where))
                    continue
                state = _State(event.capacity, "active", event.date, event.date)
                last_capacity = event.capacity
                continue
            if kind == "returned" and state is None:
                if last_capacity is None and not event.capacity:
                    errors.append(
                        DataError(
                            E.BW106, f"{member} returned to {org_id} on {event.date} without having joined", where=where
                        )
                    )
                    continue
                capacity = event.capacity or last_capacity or "member"
                state = _State(capacity, "active", event.date, event.date)
                last_capacity = capacity
                continue
            if state is None:
                errors.append(
                    DataError(
                        E.BW106,
                        f"{member} {kind} {org_id} on {event.date} but was not a member then",
                        where=where,
                    )
                )
                continue
            if kind == "withdrawal_notified":
                continue
            if kind == "withdrawn":
                spells.append(_spell(org_id, member, state, event.date))
                state = None
                continue
            if kind == "capacity_changed":
                if not event.capacity:
                    errors.append(DataError(E.BW109, "'capacity_changed' needs a capacity", where=where))
                    continue
                spells.append(_spell(org_id, member, state, event.date))
                state = _State(event.capacity, state.status, event.date, event.date)
                last_capacity = event.capacity
                continue
            if kind in {"suspended_self", "suspended_by_org"}:
                if state.status == "suspended":
                    errors.append(
                        DataError(E.BW111, f"{member} already suspended in {org_id} on {event.date}", where=where)
                    )
                    continue
                spells.append(_spell(org_id, member, state, event.date))
                state = _State(state.capacity, "suspended", state.since, event.date)
                continue
            if kind in {"reinstated", "returned"}:
                if state.status != "suspended":
                    errors.append(
                        DataError(
                            E.BW111,
                            f"{member} {kind} in {org_id} on {event.date} but was neither suspended nor withdrawn",
                            where=where,
                        )
                    )
                    continue
                spells.append(_spell(org_id, member, state, event.date))
                state = _State(state.capacity, "active", state.since, event.date)
                continue
        if state is not None:
            end = org.ended if org is not None and org.ended is not None else None
            spells.append(_spell(org_id, member, state, end))
    return spells, errors
