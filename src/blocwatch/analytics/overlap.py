"""Overlap between organizations at a date (a Jaccard matrix) and membership churn per year.

The overlap reuses :meth:`blocwatch.reference.graph.Graph.overlap` (by default full
members and associates count, observers do not; ``capacity`` chooses, and the CLI, API and
dashboard count full members only unless told otherwise). Churn counts, per calendar year, the entries
(``joined``, ``returned``), exits (``withdrawn``), suspensions and reinstatements in the
membership event log; ``churn = (entries + exits) / members at the start of the year``
(non-observer members on 1 January).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from blocwatch.analytics._common import DateLike, Result, rounded
from blocwatch.reference.graph import Graph


@dataclass(frozen=True)
class OverlapMatrix(Result):
    """Jaccard index and shared members of each pair of organizations on a date."""

    on: str
    orgs: list[str]
    sizes: list[int]
    jaccard: list[list[float]]
    shared: list[list[int]]
    members: dict[str, list[str]]
    shared_by_all: list[str]


@dataclass(frozen=True)
class ChurnRow(Result):
    year: int
    members_start: int
    members_end: int
    entries: int
    exits: int
    suspensions: int
    reinstatements: int
    churn: float | None


def overlap_matrix(
    graph: Graph,
    orgs: list[str],
    *,
    on: DateLike = None,
    active_only: bool = False,
    capacity: str | list[str] | tuple[str, ...] | None = None,
) -> OverlapMatrix:
    """The overlap of ``orgs`` on a date as a square matrix (diagonal 1); ``capacity`` as in
    :meth:`~blocwatch.reference.graph.Graph.overlap`."""
    result = graph.overlap(orgs, on=on, active_only=active_only, capacity=capacity)
    ids = list(result.members)
    index = {org: i for i, org in enumerate(ids)}
    size = len(ids)
    jaccard = [[1.0 if i == j else 0.0 for j in range(size)] for i in range(size)]
    shared = [[len(result.members[ids[i]]) if i == j else 0 for j in range(size)] for i in range(size)]
    for pair in result.pairs:
        i, j = index[pair.a], index[pair.b]
        jaccard[i][j] = jaccard[j][i] = pair.jaccard
        shared[i][j] = shared[j][i] = len(pair.shared)
    return OverlapMatrix(
        on=result.on,
        orgs=ids,
        sizes=[len(result.members[o]) for o in ids],
        jaccard=jaccard,
        shared=shared,
        members=result.members,
        shared_by_all=result.shared_by_all,
    )


def churn(
    con: duckdb.DuckDBPyConnection, org_id: str, *, start: int | None = None, end: int | None = None
) -> list[ChurnRow]:
    """Entries, exits, suspensions and churn of ``org_id`` per year (default: founding to this year)."""
    span = con.execute(
        "select min(year(date)), max(year(date)) from membership_events where org = ? and event != 'signed'",
        [org_id],
    ).fetchone()
    if not span or span[0] is None:
        return []
    first = start if start is not None else int(span[0])
    last = end if end is not None else max(int(span[1]), dt.date.today().year)
    counts = {
        int(r[0]): r[1:]
        for r in con.execute(
            """select year(date),
                      count(*) filter (where event in ('joined', 'returned')),
                      count(*) filter (where event = 'withdrawn'),
                      count(*) filter (where event in ('suspended_self', 'suspended_by_org')),
                      count(*) filter (where event = 'reinstated')
               from membership_events where org = ? and (capacity is null or capacity != 'observer')
               group by 1""",
            [org_id],
        ).fetchall()
    }
    counted = dict(
        con.execute(
            """select d.day, count(distinct s.member)
               from (select unnest(?::date[]) as day) d
               left join membership_spells s on s.org = ? and s.capacity != 'observer'
                    and s.start <= d.day and (s."end" is null or d.day < s."end")
               group by d.day""",
            [[dt.date(y, m, dd) for y in range(first, last + 1) for m, dd in ((1, 1), (12, 31))], org_id],
        ).fetchall()
    )
    out = []
    for year in range(first, last + 1):
        entries, exits, suspensions, reinstatements = (int(v) for v in counts.get(year, (0, 0, 0, 0)))
        at_start = int(counted.get(dt.date(year, 1, 1), 0))
        at_end = int(counted.get(dt.date(year, 12, 31), 0))
        out.append(
            ChurnRow(
                year=year,
                members_start=at_start,
                members_end=at_end,
                entries=entries,
                exits=exits,
                suspensions=suspensions,
                reinstatements=reinstatements,
                churn=rounded((entries + exits) / at_start) if at_start else None,
            )
        )
    return out
