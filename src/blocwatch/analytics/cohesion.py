"""Cohesion of an organization: from UN General Assembly votes and from coded events.

**Vote cohesion.** For each roll call, the organization's voters are its members *on the
roll call's date* (``membership_spells``): full members (and associates when asked) whose
status is active. Suspended members are left out (Brazil in CELAC from 2020-01-16), as
are states absent from the vote (absences are not rows in the source). With ``y`` yes,
``n`` no and ``a`` abstaining members (``N = y + n + a ≥ 2``):

* *agreement*: the mean over all ``N(N-1)/2`` pairs of members of the pair's agreement,
  1 for identical votes, 0.5 when one abstains and the other votes yes or no, 0 for yes
  against no: ``(C(y,2) + C(n,2) + C(a,2) + a(y+n)/2) / C(N,2)``;
* *rice*: Rice's index ``|y - n| / (y + n)`` (abstentions ignored; roll calls where
  nobody voted yes or no are skipped);
* *agreement_index*: Hix, Noury and Roland's index ``(max - (N - max)/2) / N`` with
  ``max = max(y, n, a)``, which counts abstention as a third option.

A session's figure is the unweighted mean over its roll calls. ``by_issue`` repeats this
over the roll calls tagged with each issue (a roll call may carry several tags).

**Event cohesion.** Per year, the events whose actor and recipient are both (different)
active members on the event's date, leaving out negated and future/hypothetical events:
their number, the share that is cooperative (quad VERBAL_ or MATERIAL_COOPERATION) and
their mean PLOVER score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from blocwatch.analytics._common import (
    CONFLICT_QUADS,
    COOPERATIVE_QUADS,
    DateLike,
    Result,
    period,
    rounded,
    table_exists,
)
from blocwatch.analytics.unvotes import require_votes
from blocwatch.capacity import parse_capacities

#: Member votes on each roll call, membership as of the roll call's date, for one or
#: several organizations at once. Parameters: orgs (list), capacities (list), start, end.
MEMBER_VOTES_SQL = """
    select s.org, r.rcid, r.session, r.date, v.iso3, v.vote
    from un_roll_calls r
    join un_votes v on v.rcid = r.rcid
    join membership_spells s
      on s.member = v.iso3 and list_contains(?, s.org) and s.start <= r.date and (s."end" is null or r.date < s."end")
    where list_contains(?, s.capacity) and s.status = 'active' and r.date between ? and ?
"""

#: The three indices per organization and roll call (``org`` is the last column).
_PER_ROLL_CALL = f"""
    with mv as ({MEMBER_VOTES_SQL}),
    rc as (
        select org, rcid, any_value(session) as session, any_value(date) as date,
               count(*) filter (where vote = 'yes') as y,
               count(*) filter (where vote = 'no') as n,
               count(*) filter (where vote = 'abstain') as a,
               count(*) as voters,
               list(iso3 order by iso3) as members
        from mv group by org, rcid having count(*) >= 2
    )
    select rcid, session, date, y, n, a, voters, members,
           (y * (y - 1) / 2 + n * (n - 1) / 2 + a * (a - 1) / 2 + 0.5 * a * (y + n))
             / (voters * (voters - 1) / 2) as agreement,
           case when y + n > 0 then abs(y - n) / (y + n) end as rice,
           (greatest(y, n, a) - 0.5 * (voters - greatest(y, n, a))) / voters as agreement_index,
           org
    from rc
"""  # noqa: S608 - fixed SQL


@dataclass(frozen=True)
class CohesionRow(Result):
    """Cohesion of one session (and one issue, when ``issue`` is set)."""

    session: int
    first_date: str
    last_date: str
    roll_calls: int
    members: int
    mean_voters: float
    agreement: float | None
    rice: float | None
    agreement_index: float | None
    issue: str | None = None


@dataclass(frozen=True)
class RollCallCohesion(Result):
    """One roll call: the members' votes and the three indices (the rows behind a session)."""

    rcid: int
    session: int
    date: str
    yes: int
    no: int
    abstain: int
    voters: int
    members: list[str]
    agreement: float
    rice: float | None
    agreement_index: float
    unres: str | None = None
    short: str | None = None


@dataclass(frozen=True)
class VoteCohesion(Result):
    """Vote cohesion of an organization per UNGA session, overall and by issue."""

    org: str
    start: str
    end: str
    capacities: list[str]
    sessions: list[CohesionRow]
    by_issue: list[CohesionRow] = field(default_factory=list)
    definition: str = (
        "agreement: mean pairwise agreement (same vote 1, abstain vs yes/no 0.5, yes vs no 0) among active "
        "members voting, membership as of each roll call's date; rice: |yes-no|/(yes+no); agreement_index: "
        "Hix-Noury-Roland; per session: unweighted mean over roll calls"
    )


@dataclass(frozen=True)
class EventCohesionRow(Result):
    year: int
    events: int
    cooperative: int
    conflictual: int
    share_cooperative: float | None
    mean_score: float | None


@dataclass(frozen=True)
class EventCohesion(Result):
    """Cohesion of an organization from coded events between its members, per year."""

    org: str
    years: list[EventCohesionRow]
    definition: str = (
        "events with actor and recipient both active members (different states) on the event date; "
        "negated and future events left out; share_cooperative: quad VERBAL_/MATERIAL_COOPERATION"
    )


def _capacities(include_associates: bool, capacity: str | list[str] | tuple[str, ...] | None = None) -> list[str]:
    if capacity:
        return list(parse_capacities(capacity))
    return ["member", "associate"] if include_associates else ["member"]


def roll_calls(
    con: duckdb.DuckDBPyConnection,
    org_id: str,
    *,
    start: DateLike = None,
    end: DateLike = None,
    session: int | None = None,
    include_associates: bool = False,
    limit: int | None = None,
    capacity: str | list[str] | tuple[str, ...] | None = None,
) -> list[RollCallCohesion]:
    """Per roll call votes and indices of an organization's members (the data behind a session's figure)."""
    require_votes(con)
    first, last = period(start, end)
    sql = f"""with x as ({_PER_ROLL_CALL})
        select x.rcid, x.session, x.date, x.y, x.n, x.a, x.voters, x.members, x.agreement, x.rice,
               x.agreement_index, r.unres, r.short
        from x join un_roll_calls r using (rcid)
        where (? is null or x.session = ?) order by x.date, x.rcid"""  # noqa: S608 - fixed SQL
    params: list[Any] = [[org_id], _capacities(include_associates, capacity), first, last, session, session]
    if limit is not None:
        sql += " limit ?"
        params.append(int(limit))
    rows = con.execute(sql, params).fetchall()
    return [
        RollCallCohesion(
            rcid=int(r[0]),
            session=int(r[1]),
            date=r[2].isoformat(),
            yes=int(r[3]),
            no=int(r[4]),
            abstain=int(r[5]),
            voters=int(r[6]),
            members=list(r[7]),
            agreement=round(float(r[8]), 4),
            rice=rounded(r[9]),
            agreement_index=round(float(r[10]), 4),
            unres=r[11],
            short=r[12],
        )
        for r in rows
    ]


def vote_cohesion(
    con: duckdb.DuckDBPyConnection,
    org_id: str,
    *,
    start: DateLike = None,
    end: DateLike = None,
    by_issue: bool = False,
    include_associates: bool = False,
    capacity: str | list[str] | tuple[str, ...] | None = None,
) -> VoteCohesion:
    """Cohesion of ``org_id`` per UNGA session (see the module docstring for the definitions)."""
    require_votes(con)
    first, last = period(start, end)
    capacities = _capacities(include_associates, capacity)
    params: list[Any] = [[org_id], capacities, first, last]
    overall = con.execute(
        f"""with x as ({_PER_ROLL_CALL}),
            s as (select session, count(*) as rc, avg(voters) as v, avg(agreement) as ag, avg(rice) as ri,
                         avg(agreement_index) as ai, min(date) as d0, max(date) as d1 from x group by session),
            m as (select session, count(distinct member) as members
                  from (select session, unnest(members) as member from x) group by session)
            select s.session, m.members, s.rc, s.v, s.ag, s.ri, s.ai, s.d0, s.d1
            from s join m using (session) order by s.session""",  # noqa: S608 - fixed SQL
        params,
    ).fetchall()
    sessions = [_row(r) for r in overall]
    issues: list[CohesionRow] = []
    if by_issue:
        rows = con.execute(
            f"""with x as ({_PER_ROLL_CALL})
                select x.session, i.issue, count(*), avg(voters), avg(agreement), avg(rice),
                       avg(agreement_index), min(date), max(date)
                from x join un_issues i using (rcid) group by all order by x.session, i.issue""",  # noqa: S608
            params,
        ).fetchall()
        issues = [
            CohesionRow(
                session=int(r[0]),
                first_date=r[7].isoformat(),
                last_date=r[8].isoformat(),
                roll_calls=int(r[2]),
                members=0,
                mean_voters=round(float(r[3]), 2),
                agreement=rounded(r[4]),
                rice=rounded(r[5]),
                agreement_index=rounded(r[6]),
                issue=str(r[1]),
            )
            for r in rows
        ]
    return VoteCohesion(
        org=org_id,
        start=first.isoformat(),
        end=last.isoformat(),
        capacities=capacities,
        sessions=sessions,
        by_issue=issues,
    )


def _row(r: tuple[Any, ...]) -> CohesionRow:
    return CohesionRow(
        session=int(r[0]),
        members=int(r[1]),
        roll_calls=int(r[2]),
        mean_voters=round(float(r[3]), 2),
        agreement=rounded(r[4]),
        rice=rounded(r[5]),
        agreement_index=rounded(r[6]),
        first_date=r[7].isoformat(),
        last_date=r[8].isoformat(),
    )


#: Events between two different states that were both active members on the event date.
INTRA_EVENTS_SQL = """
    select e.*
    from events e
    join membership_spells sa on sa.org = ? and sa.member = e.actor_country and sa.status = 'active'
         and sa.capacity != 'observer' and sa.start <= e.date and (sa."end" is null or e.date < sa."end")
    join membership_spells sr on sr.org = sa.org and sr.member = e.recipient_country and sr.status = 'active'
         and sr.capacity != 'observer' and sr.start <= e.date and (sr."end" is null or e.date < sr."end")
    where e.actor_country != e.recipient_country and not coalesce(e.negated, false)
      and not coalesce(e.future, false) and e.date between ? and ?
"""


def event_cohesion(
    con: duckdb.DuckDBPyConnection, org_id: str, *, start: DateLike = None, end: DateLike = None
) -> EventCohesion:
    """Share of cooperative intra-bloc events and their mean PLOVER score, per year."""
    if not table_exists(con, "events"):
        return EventCohesion(org=org_id, years=[])
    first, last = period(start, end)
    rows = con.execute(
        f"""select year(date), count(*),
                   count(*) filter (where quad in {COOPERATIVE_QUADS}),
                   count(*) filter (where quad in {CONFLICT_QUADS}),
                   avg(score)
            from ({INTRA_EVENTS_SQL}) group by 1 order by 1""",  # noqa: S608 - fixed SQL
        [org_id, first, last],
    ).fetchall()
    return EventCohesion(
        org=org_id,
        years=[
            EventCohesionRow(
                year=int(r[0]),
                events=int(r[1]),
                cooperative=int(r[2]),
                conflictual=int(r[3]),
                share_cooperative=rounded(r[2] / r[1]) if r[1] else None,
                mean_score=rounded(r[4]),
            )
            for r in rows
        ],
    )


@dataclass(frozen=True)
class SessionValue(Result):
    """One organization's cohesion in one session (a cell of the summary table)."""

    org: str
    session: int
    roll_calls: int
    agreement: float | None
    rice: float | None
    agreement_index: float | None


@dataclass(frozen=True)
class CohesionSummaryRow(Result):
    """One organization over the whole period: means over all its roll calls in it."""

    org: str
    roll_calls: int
    sessions: int
    agreement: float | None
    rice: float | None
    agreement_index: float | None


@dataclass(frozen=True)
class CohesionSummary(Result):
    """Several organizations at once: the period mean and each session's value, with the
    number of roll calls behind each; cells with fewer than ``min_roll_calls`` are blank."""

    orgs: list[str]
    start: str
    end: str
    capacities: list[str]
    min_roll_calls: int
    summary: list[CohesionSummaryRow]
    sessions: list[SessionValue]
    definition: str = (
        "per roll call as in `cohesion`; a session's value is the mean over its roll calls, the period mean the "
        "mean over all roll calls of the period; values over fewer than min_roll_calls roll calls are left blank"
    )


def _blank(value: Any, roll_calls: int, minimum: int) -> float | None:
    return rounded(value) if roll_calls >= minimum else None


def cohesion_summary(
    con: duckdb.DuckDBPyConnection,
    org_ids: list[str],
    *,
    start: DateLike = None,
    end: DateLike = None,
    capacity: str | list[str] | tuple[str, ...] | None = None,
    min_roll_calls: int = 10,
) -> CohesionSummary:
    """Cohesion of several organizations in one query: per session and over the period."""
    require_votes(con)
    first, last = period(start, end)
    capacities = _capacities(False, capacity)
    rows = con.execute(
        f"""with x as ({_PER_ROLL_CALL})
            select org, session, count(*), avg(agreement), avg(rice), avg(agreement_index),
                   count(distinct session), grouping(session)
            from x group by grouping sets ((org, session), (org)) order by org, session nulls first""",  # noqa: S608
        [list(org_ids), capacities, first, last],
    ).fetchall()
    summary: dict[str, CohesionSummaryRow] = {}
    sessions: list[SessionValue] = []
    for org, session, count, agreement, rice, index, n_sessions, is_total in rows:
        n = int(count)
        if is_total:
            summary[str(org)] = CohesionSummaryRow(
                org=str(org),
                roll_calls=n,
                sessions=int(n_sessions),
                agreement=_blank(agreement, n, min_roll_calls),
                rice=_blank(rice, n, min_roll_calls),
                agreement_index=_blank(index, n, min_roll_calls),
            )
        else:
            sessions.append(
                SessionValue(
                    org=str(org),
                    session=int(session),
                    roll_calls=n,
                    agreement=_blank(agreement, n, min_roll_calls),
                    rice=_blank(rice, n, min_roll_calls),
                    agreement_index=_blank(index, n, min_roll_calls),
                )
            )
    ordered = [
        summary.get(o)
        or CohesionSummaryRow(org=o, roll_calls=0, sessions=0, agreement=None, rice=None, agreement_index=None)
        for o in org_ids
    ]
    return CohesionSummary(
        orgs=list(org_ids),
        start=first.isoformat(),
        end=last.isoformat(),
        capacities=capacities,
        min_roll_calls=min_roll_calls,
        summary=ordered,
        sessions=sessions,
    )
