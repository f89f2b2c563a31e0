"""Small helpers shared by the measures: dates, table checks, serializable results."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

import duckdb

from blocwatch.dates import parse_date
from blocwatch.errors import E, UsageError

DateLike = str | dt.date | int | None

#: Vote values on a 0–1 scale: two votes agree by ``1 - |a - b|``, so identical votes
#: agree fully (1), a yes or no against an abstention half (0.5), yes against no not at all (0).
VOTE_VALUE_SQL = "case {col} when 'yes' then 1.0 when 'abstain' then 0.5 else 0.0 end"

COOPERATIVE_QUADS = ("VERBAL_COOPERATION", "MATERIAL_COOPERATION")
CONFLICT_QUADS = ("VERBAL_CONFLICT", "MATERIAL_CONFLICT")


def day(value: DateLike, *, default: dt.date, name: str = "date") -> dt.date:
    """A date parameter (any precision; the first day of its period), or ``default``."""
    if value is None or value == "":
        return default
    if is_today(value):
        return dt.date.today()
    return parse_date(value, where=name).value


def is_today(value: DateLike) -> bool:
    """Whether a date option says ``today`` (``--on today``, ``--to today``)."""
    return isinstance(value, str) and value.strip().lower() == "today"


def period(start: DateLike, end: DateLike) -> tuple[dt.date, dt.date]:
    """A closed period ``[start, end]``; a year or month ``end`` covers its whole period."""
    first = day(start, default=dt.date(1900, 1, 1), name="start")
    if end is None or end == "":
        last = dt.date(2999, 12, 31)
    elif is_today(end):
        last = dt.date.today()
    else:
        parsed = parse_date(end, where="end")
        if parsed.precision == "year":
            last = dt.date(parsed.value.year, 12, 31)
        elif parsed.precision == "month":
            nxt = dt.date(parsed.value.year + parsed.value.month // 12, parsed.value.month % 12 + 1, 1)
            last = nxt - dt.timedelta(days=1)
        else:
            last = parsed.value
    if last < first:
        raise UsageError(E.BW502, f"the period ends ({last}) before it starts ({first})")
    return first, last


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "select count(*) from information_schema.tables where table_name = ? and table_schema = 'main'", [name]
    ).fetchone()
    return bool(row and row[0])


def rounded(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(float(value), digits)


class Result:
    """Mixin for result dataclasses: ``to_dict()`` for JSON and ``rows()`` for CSV."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload, no-any-return]


def split_codes(values: str | list[str] | tuple[str, ...] | None) -> list[str]:
    """``"USA,CHN"`` or ``["USA", "CHN"]`` → ``["USA", "CHN"]`` (blank items dropped)."""
    if values is None:
        return []
    items = values.split(",") if isinstance(values, str) else [v for part in values for v in part.split(",")]
    return [v.strip() for v in items if v.strip()]
