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


#: Several states with several powers in one query. Named parameters: states, powers
#: (ISO3 codes and organization ids), start, end. Per (state, power): each session, and
#: (``grouping(session) = 1``) the whole period.
_BATCH_SQL = f"""
    with mine as (
        select v.iso3 as state, r.rcid, r.session, r.date, {_VALUE} as x
        from un_votes v join un_roll_calls r on r.rcid = v.rcid
        where list_contains($states, v.iso3) and r.date between $start and $end
    ),
    pv as (
        select r.rcid, v.iso3 as power, v.iso3 as voter, {_VALUE} as p
        from un_votes v join un_roll_calls r on r.rcid = v.rcid
        where list_contains($powers, v.iso3) and r.date between $start and $end
        union all
        select r.rcid, s.org as power, v.iso3 as voter, {_VALUE} as p
        from un_votes v join un_roll_calls r on r.rcid = v.rcid
        join membership_spells s on s.member = v.iso3 and list_contains($powers, s.org) and s.capacity = 'member'
             and s.status = 'active' and s.start <= r.date and (s."end" is null or r.date < s."end")
        where r.date between $start and $end
    ),
    per_rc as (
        select m.state, pv.power, m.rcid, any_value(m.session) as session, any_value(m.date) as date,
               avg(1 - abs(m.x - pv.p)) as agreement
        from mine m join pv on pv.rcid = m.rcid and not (pv.voter = m.state and pv.power != pv.voter)
        group by m.state, pv.power, m.rcid
    )
    select state, power, session, count(*), avg(agreement), min(date), max(date), count(distinct session),
           grouping(session)
    from per_rc group by grouping sets ((state, power, session), (state, power))
    order by state, power, session nulls first
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
    state: str = ""


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


@dataclass(frozen=True)
class AlignmentSummaryRow(Result):
    """One state with one power over the whole period: mean over all roll calls both voted on."""

    state: str
    power: str
    roll_calls: int
    sessions: int
    agreement: float | None


@dataclass(frozen=True)
class AlignmentSummary(Result):
    """Several states with several powers in one table: the period mean and each session's
    value, with the roll calls behind each; cells under ``min_roll_calls`` are blank."""

    states: list[str]
    powers: list[str]
    start: str
    end: str
    min_roll_calls: int
    summary: list[AlignmentSummaryRow]
    sessions: list[AlignmentRow]
    definition: str = (
        "vote agreement as in `alignment`; a session's value is the mean over its roll calls, the period mean "
        "the mean over all roll calls of the period; values over fewer than min_roll_calls roll calls are blank"
    )


def _batch(
    con: duckdb.DuckDBPyConnection, states: list[str], powers: list[str], start: DateLike, end: DateLike
) -> tuple[Any, Any, list[tuple[Any, ...]]]:
    require_votes(con)
    first, last = period(start, end)
    rows = con.execute(_BATCH_SQL, {"states": states, "powers": powers, "start": first, "end": last}).fetchall()
    return first, last, rows


def vote_alignment(
    con: duckdb.DuckDBPyConnection, state: str, power: str, *, start: DateLike = None, end: DateLike = None
) -> list[AlignmentRow]:
    """Agreement of ``state`` with one ``power`` (a state or an organization) per session."""
    _, _, rows = _batch(con, [state], [power], start, end)
    return [
        AlignmentRow(
            power=power,
            session=int(r[2]),
            roll_calls=int(r[3]),
            agreement=rounded(r[4]),
            first_date=r[5].isoformat(),
            last_date=r[6].isoformat(),
            state=state,
        )
        for r in rows
        if not r[8]
    ]


def alignment_summary(
    con: duckdb.DuckDBPyConnection,
    states: list[str],
    powers: list[str],
    *,
    start: DateLike = None,
    end: DateLike = None,
    min_roll_calls: int = 10,
) -> AlignmentSummary:
    """Vote agreement of every state in ``states`` with every power, in one query."""
    first, last, rows = _batch(con, states, powers, start, end)
    summary: dict[tuple[str, str], AlignmentSummaryRow] = {}
    sessions: list[AlignmentRow] = []
    for state, power, session, count, agreement, d0, d1, n_sessions, is_total in rows:
        n = int(count)
        value = rounded(agreement) if n >= min_roll_calls else None
        if is_total:
            summary[(state, power)] = AlignmentSummaryRow(state, power, n, int(n_sessions), value)
        else:
            sessions.append(
                AlignmentRow(
                    power=power,
                    session=int(session),
                    first_date=d0.isoformat(),
                    last_date=d1.isoformat(),
                    roll_calls=n,
                    agreement=value,
                    state=state,
                )
            )
    ordered = [summary.get((s, p)) or AlignmentSummaryRow(s, p, 0, 0, None) for s in states for p in powers]
    return AlignmentSummary(
        states=list(states),
        powers=list(powers),
        start=first.isoformat(),
        end=last.isoformat(),
        min_roll_calls=min_roll_calls,
        summary=ordered,
        sessions=sessions,
    )


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
