"""Alignment of a state with outside powers: UN vote agreement per session, balance of events.

**Votes.** For each roll call on which both voted, the agreement of two states is
``1 - |a - b|`` with yes = 1, abstain = 0.5, no = 0 (so yes/abstain agree 0.5). A
session's figure is the mean over those roll calls. A *power* is a state (``USA``) or an
organization (``EU``): for an organization, the agreement on a roll call is the mean
agreement with each of its full members active on that date who voted.

**Events.** Per year, the events between the state and the power in either direction
(the power as a country, or as the event's ``actor_org``/``recipient_org``), negated and
future events left out: how many are cooperative or conflictual, the balance
``(cooperative - conflictual) / events`` and the mean PLOVER score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from blocwatch.analytics._common import (
    CONFLICT_QUADS,
    COOPERATIVE_QUADS,
    VOTE_VALUE_SQL,
    DateLike,
    Result,
    period,
    rounded,
    table_exists,
)
from blocwatch.analytics.unvotes import require_votes

DEFAULT_POWERS = ("USA", "CHN", "RUS")

_VALUE = VOTE_VALUE_SQL.format(col="vote")

#: Named parameters: state, start, end, power (a state's ISO3 or an organization's id).
_AGREEMENT_SQL = f"""
    with mine as (
        select r.rcid, r.session, r.date, {_VALUE} as x
        from un_votes v join un_roll_calls r on r.rcid = v.rcid
        where v.iso3 = $state and r.date between $start and $end
    ),
    theirs as (
        select m.rcid, {_VALUE} as p, v.iso3
        from mine m join un_votes v on v.rcid = m.rcid
        where v.iso3 = $power
        union all
        select m.rcid, {_VALUE} as p, v.iso3
        from mine m join un_votes v on v.rcid = m.rcid
        join membership_spells s on s.org = $power and s.member = v.iso3 and s.capacity = 'member'
             and s.status = 'active' and s.start <= m.date and (s."end" is null or m.date < s."end")
        where v.iso3 != $state
    ),
    per_rc as (
        select m.rcid, any_value(m.session) as session, any_value(m.date) as date,
               avg(1 - abs(m.x - t.p)) as agreement, count(*) as partners
        from mine m join theirs t on t.rcid = m.rcid group by m.rcid
    )
"""  # noqa: S608 - fixed SQL


_SESSIONS_SQL = f"""{_AGREEMENT_SQL}
    select session, count(*), avg(agreement), min(date), max(date) from per_rc group by session order by session
"""  # noqa: S608 - fixed SQL

_PAIRS_SQL = f"""{_AGREEMENT_SQL}
    select p.rcid, p.date, r.unres, r.short, p.agreement, p.partners,
           (select vote from un_votes v where v.rcid = p.rcid and v.iso3 = $state)
    from per_rc p join un_roll_calls r on r.rcid = p.rcid
    where p.session = $session order by p.date, p.rcid limit $limit
"""  # noqa: S608 - fixed SQL


@dataclass(frozen=True)
class AlignmentRow(Result):
    power: str
    session: int
    first_date: str
    last_date: str
    roll_calls: int
    agreement: float | None


@dataclass(frozen=True)
class EventBalanceRow(Result):
    power: str
    year: int
    events: int
    cooperative: int
    conflictual: int
    balance: float | None
    mean_score: float | None


@dataclass(frozen=True)
class Alignment(Result):
    """Vote agreement per session and event balance per year of ``state`` with each power."""

    state: str
    powers: list[str]
    votes: list[AlignmentRow]
    events: list[EventBalanceRow] = field(default_factory=list)
    definition: str = (
        "vote agreement per roll call both voted on: 1-|a-b| with yes=1, abstain=0.5, no=0 (an organization: "
        "mean over its active full members); per session: mean over roll calls. Events: both directions, "
        "negated/future left out; balance=(cooperative-conflictual)/events"
    )


def vote_alignment(
    con: duckdb.DuckDBPyConnection, state: str, power: str, *, start: DateLike = None, end: DateLike = None
) -> list[AlignmentRow]:
    """Agreement of ``state`` with one ``power`` (a state or an organization) per session."""
    require_votes(con)
    first, last = period(start, end)
    rows = con.execute(
        _SESSIONS_SQL,
        {"state": state, "start": first, "end": last, "power": power},
    ).fetchall()
    return [
        AlignmentRow(
            power=power,
            session=int(r[0]),
            roll_calls=int(r[1]),
            agreement=rounded(r[2]),
            first_date=r[3].isoformat(),
            last_date=r[4].isoformat(),
        )
        for r in rows
    ]


def vote_pairs(
    con: duckdb.DuckDBPyConnection, state: str, power: str, *, session: int, limit: int = 500
) -> list[dict[str, Any]]:
    """The roll calls behind one session's agreement figure: both votes and the agreement."""
    require_votes(con)
    rows = con.execute(
        _PAIRS_SQL,
        {
            "state": state,
            "start": "1900-01-01",
            "end": "2999-12-31",
            "power": power,
            "session": session,
            "limit": limit,
        },
    ).fetchall()
    return [
        {
            "rcid": int(r[0]),
            "date": r[1].isoformat(),
            "unres": r[2],
            "short": r[3],
            "agreement": round(float(r[4]), 4),
            "partners_voting": int(r[5]),
            "vote": r[6],
        }
        for r in rows
    ]


def event_balance(
    con: duckdb.DuckDBPyConnection, state: str, power: str, *, start: DateLike = None, end: DateLike = None
) -> list[EventBalanceRow]:
    """Cooperative and conflictual events between ``state`` and ``power`` per year."""
    if not table_exists(con, "events"):
        return []
    first, last = period(start, end)
    rows = con.execute(
        f"""select year(date), count(*),
                   count(*) filter (where quad in {COOPERATIVE_QUADS}),
                   count(*) filter (where quad in {CONFLICT_QUADS}), avg(score)
            from events
            where not coalesce(negated, false) and not coalesce(future, false) and date between ? and ?
              and ((actor_country = ? and (recipient_country = ? or recipient_org = ?))
                or (recipient_country = ? and (actor_country = ? or actor_org = ?)))
            group by 1 order by 1""",  # noqa: S608 - fixed SQL
        [first, last, state, power, power, state, power, power],
    ).fetchall()
    return [
        EventBalanceRow(
            power=power,
            year=int(r[0]),
            events=int(r[1]),
            cooperative=int(r[2]),
            conflictual=int(r[3]),
            balance=rounded((r[2] - r[3]) / r[1]) if r[1] else None,
            mean_score=rounded(r[4]),
        )
        for r in rows
    ]


def alignment(
    con: duckdb.DuckDBPyConnection,
    state: str,
    powers: list[str],
    *,
    start: DateLike = None,
    end: DateLike = None,
    votes: bool = True,
) -> Alignment:
    """Vote agreement and event balance of ``state`` with each of ``powers``."""
    vote_rows: list[AlignmentRow] = []
    event_rows: list[EventBalanceRow] = []
    for power in powers:
        if votes:
            vote_rows.extend(vote_alignment(con, state, power, start=start, end=end))
        event_rows.extend(event_balance(con, state, power, start=start, end=end))
    return Alignment(state=state, powers=list(powers), votes=vote_rows, events=event_rows)
