"""What the graph knows and what it does not: researched periods, gaps, precision, sources.

Each organization declares, per kind of fact (memberships, observers, presidencies,
mechanisms), the period that was researched and when it was last checked. From that and
the rows themselves this module reports, per organization:

- the researched periods;
- the *gaps*: date ranges inside the researched presidency period with no holder, each
  marked explained (declared in the organization's ``coverage.presidencies.gaps``, with a
  source) or not;
- the share of dates (membership events, presidency starts and ends) at day, month and
  year precision;
- the share of rows (membership events and presidency terms) with two or more
  *independent* sources — sources from different publishers — and the rows with fewer.

>>> from blocwatch import open_blocwatch
>>> report = coverage_report(open_blocwatch(":memory:").con, "PACIFIC_ALLIANCE")[0]
>>> [g for g in report.gaps if not g.explained]
[]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb

from blocwatch.dates import PartialDate


def fmt(value: dt.date | None, precision: str | None) -> str | None:
    """A stored date and precision as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    if value is None:
        return None
    return str(PartialDate(value, precision or "day"))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Period:
    """The period researched for one kind of fact, and when it was last checked."""

    kind: str
    start: str
    end: str
    checked: str
    note: str | None


@dataclass(frozen=True)
class Gap:
    """Days inside the researched presidency period with no recorded holder."""

    start: str
    end: str
    explained: bool
    explanation: str | None = None
    sources: list[str] = field(default_factory=list)
    #: The holder over this stretch was not established (declared ``unknown: true``).
    unknown: bool = False


@dataclass(frozen=True)
class WeakRow:
    """A row with fewer than two independent sources."""

    kind: str
    what: str
    date: str
    sources: list[str]
    where: str


@dataclass(frozen=True)
class OrgCoverage:
    """The coverage report of one organization (see the module docstring)."""

    org: str
    name: str
    region: str
    periods: list[Period]
    gaps: list[Gap]
    precision: dict[str, float]
    dates: int
    rows: int
    two_sources: int
    two_source_share: float | None
    single_source: list[WeakRow]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Researched:
    """The researched period of one kind of fact of one organization."""

    start: dt.date
    start_precision: str
    end: dt.date
    end_precision: str
    checked: dt.date

    @property
    def end_text(self) -> str:
        return fmt(self.end, self.end_precision) or ""

    @property
    def start_text(self) -> str:
        return fmt(self.start, self.start_precision) or ""

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` was researched: ``from`` ≤ day < ``to`` (``to`` is exclusive, like a term's end)."""
        return self.start <= day < self.end

    def to_dict(self) -> dict[str, str]:
        return {"from": self.start_text, "to": self.end_text, "checked": self.checked.isoformat()}


def researched(con: duckdb.DuckDBPyConnection, org: str, kind: str) -> Researched | None:
    """The researched period of ``kind`` for ``org``, or None when it was never researched."""
    row = con.execute(
        'select start, start_precision, "end", end_precision, checked from coverage where org = ? and kind = ?',
        [org, kind],
    ).fetchone()
    return Researched(row[0], row[1], row[2], row[3], row[4]) if row else None


def explained_gap(con: duckdb.DuckDBPyConnection, org: str, day: dt.date) -> tuple[str, list[str], bool] | None:
    """The declared explanation, sources and ``unknown`` flag of a presidency gap containing ``day``."""
    row = con.execute(
        """select explanation, sources, coalesce(unknown, false) from coverage_gaps where org = ? and kind = 'presidencies'
           and start <= ? and ("end" is null or ? < "end") order by start desc limit 1""",
        [org, day, day],
    ).fetchone()
    return (str(row[0]), list(row[1] or []), bool(row[2])) if row else None


def _gaps(con: duckdb.DuckDBPyConnection, org: str, period: Researched) -> list[Gap]:
    terms = con.execute(
        'select start, "end" from presidencies where org = ? order by start, "end" nulls last', [org]
    ).fetchall()
    declared = con.execute(
        """select start, "end", explanation, sources, coalesce(unknown, false) from coverage_gaps
           where org = ? and kind = 'presidencies' order by start""",
        [org],
    ).fetchall()
    last = period.end - dt.timedelta(days=1)  # the last researched day
    holes: list[tuple[dt.date, dt.date]] = []
    cursor = period.start  # first day not yet known to be held
    for start, end in terms:
        if start > cursor:
            holes.append((cursor, min(start, last + dt.timedelta(days=1)) - dt.timedelta(days=1)))
        reach = last + dt.timedelta(days=1) if end is None else end
        cursor = max(cursor, reach)
        if cursor > last:
            break
    if cursor <= last:
        holes.append((cursor, last))
    out = []
    for start, end in holes:
        if end < start or start > last:
            continue
        why = next(
            (d for d in declared if d[0] <= start and (d[1] is None or end < d[1])),
            None,
        )
        out.append(
            Gap(
                start=start.isoformat(),
                end=end.isoformat(),
                explained=why is not None,
                explanation=str(why[2]) if why else None,
                sources=list(why[3] or []) if why else [],
                unknown=bool(why[4]) if why else False,
            )
        )
    return out


def _independent(sources: list[str], publishers: dict[str, str]) -> int:
    return len({publishers.get(s, s).strip().lower() for s in sources})


def coverage_report(con: duckdb.DuckDBPyConnection, org: str | None = None) -> list[OrgCoverage]:
    """The coverage report of one organization (by canonical id) or of every organization."""
    orgs = con.execute(
        "select id, name_en, region from organizations where (? is null or id = ?) order by region, id", [org, org]
    ).fetchall()
    publishers = {str(r[0]): str(r[1]) for r in con.execute("select id, publisher from sources").fetchall()}
    out = []
    for org_id, name, region in orgs:
        periods = [
            Period(r[0], fmt(r[1], r[2]) or "", fmt(r[3], r[4]) or "", r[5].isoformat(), r[6])
            for r in con.execute(
                """select kind, start, start_precision, "end", end_precision, checked, note from coverage
                   where org = ? order by case kind when 'memberships' then 0 when 'observers' then 1
                   when 'presidencies' then 2 else 3 end""",
                [org_id],
            ).fetchall()
        ]
        pres_period = researched(con, org_id, "presidencies")
        gaps = _gaps(con, org_id, pres_period) if pres_period else []
        rows: list[tuple[str, str, dt.date, str, list[str], str]] = []
        precisions: list[str] = []
        for member, event, date, precision, sources, file, line in con.execute(
            """select member, event, date, precision, sources, file, line from membership_events
               where org = ? and origin = 'reference' order by date""",
            [org_id],
        ).fetchall():
            rows.append(("membership", f"{member} {event}", date, precision, list(sources or []), f"{file}:{line}"))
            precisions.append(precision)
        for holder, start, sp, end, ep, sources, file, line in con.execute(
            """select holder, start, start_precision, "end", end_precision, sources, file, line from presidencies
               where org = ? and origin = 'reference' order by start""",
            [org_id],
        ).fetchall():
            rows.append(("presidency", f"{holder} presidency", start, sp, list(sources or []), f"{file}:{line}"))
            precisions.append(sp)
            if end is not None:
                precisions.append(ep)
        strong = [r for r in rows if _independent(r[4], publishers) >= 2]
        weak = [
            WeakRow(kind, what, fmt(date, precision) or "", sources, where)
            for kind, what, date, precision, sources, where in rows
            if _independent(sources, publishers) < 2
        ]
        total = len(precisions)
        out.append(
            OrgCoverage(
                org=org_id,
                name=name,
                region=region,
                periods=periods,
                gaps=gaps,
                precision={
                    p: round(precisions.count(p) / total, 4) if total else 0.0 for p in ("day", "month", "year")
                },
                dates=total,
                rows=len(rows),
                two_sources=len(strong),
                two_source_share=round(len(strong) / len(rows), 4) if rows else None,
                single_source=weak,
            )
        )
    return out
