"""Membership over time: spells for timelines, and the overlap of organizations year by year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from blocwatch.analytics._common import Result
from blocwatch.capacity import parse_capacities
from blocwatch.errors import E, UsageError
from blocwatch.reference.graph import Graph


@dataclass(frozen=True)
class OverlapPoint(Result):
    on: str
    sizes: dict[str, int]
    shared: int
    jaccard: float


def spells(
    con: duckdb.DuckDBPyConnection, *, org: str | None = None, member: str | None = None
) -> list[dict[str, Any]]:
    """Membership spells (member, capacity, status, start, end) of an organization or a state."""
    rows = con.execute(
        """select s.org, s.member, coalesce(c.name_en, o.name_en, s.member), s.capacity, s.status, s.start, s."end",
                  s.start_precision, s.end_precision
           from membership_spells s left join countries c on c.iso3 = s.member
           left join organizations o on o.id = s.member
           where (? is null or s.org = ?) and (? is null or s.member = ?)
           order by s.org, s.member, s.start""",
        [org, org, member, member],
    ).fetchall()
    return [
        {
            "org": r[0],
            "member": r[1],
            "name": r[2],
            "capacity": r[3],
            "status": r[4],
            "start": r[5].isoformat(),
            "end": r[6].isoformat() if r[6] else None,
            "start_precision": r[7] or "day",
            "end_precision": (r[8] or "day") if r[6] else None,
        }
        for r in rows
    ]


def overlap_series(
    graph: Graph,
    a: str,
    b: str,
    *,
    start: int,
    end: int,
    month: int = 6,
    day: int = 1,
    capacity: str | list[str] | tuple[str, ...] | None = None,
) -> list[OverlapPoint]:
    """Sizes, shared members and Jaccard index of two organizations on one day of each year
    (``capacity`` as in :meth:`~blocwatch.reference.graph.Graph.overlap`)."""
    chosen = list(parse_capacities(capacity, default=("member", "associate")))
    if end < start or end - start > 200:
        raise UsageError(E.BW502, f"the years must run forward over at most 200 years, got {start}–{end}")
    try:
        dt.date(2000, month, day)
    except ValueError as exc:
        raise UsageError(E.BW502, f"invalid month/day {month}/{day}") from exc
    days = [dt.date(year, month, day) for year in range(start, end + 1)]
    # one query for every date (the same rule as Graph.overlap)
    rows = graph.con.execute(
        """select d.day, s.org, list(distinct s.member)
           from (select unnest(?::date[]) as day) d
           join membership_spells s on s.org in (?, ?) and list_contains(?, s.capacity)
                and s.start <= d.day and (s."end" is null or d.day < s."end")
           group by all""",
        [days, a, b, chosen],
    ).fetchall()
    found = {(r[0], r[1]): set(r[2]) for r in rows}
    out = []
    for when in days:
        sa, sb = found.get((when, a), set()), found.get((when, b), set())
        union = sa | sb
        out.append(
            OverlapPoint(
                on=when.isoformat(),
                sizes={a: len(sa), b: len(sb)},
                shared=len(sa & sb),
                jaccard=round(len(sa & sb) / len(union), 4) if union else 0.0,
            )
        )
    return out
