"""Dates with precision: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

A partial date stands for the first day of its period; its precision is kept so a
reader knows how far to trust it.

    >>> parse_date("2019-04")
    PartialDate(value=datetime.date(2019, 4, 1), precision='month')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from blocwatch.errors import E, UsageError

Precision = Literal["year", "month", "day"]

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date and its precision (``year``, ``month`` or ``day``)."""

    value: dt.date
    precision: Precision

    def __str__(self) -> str:
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


def parse_date(text: str | dt.date | int, *, where: str | None = None) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or a :class:`datetime.date`)."""
    if isinstance(text, dt.datetime):
        return PartialDate(text.date(), "day")
    if isinstance(text, dt.date):
        return PartialDate(text, "day")
    raw = str(text).strip()
    match = _DATE_RE.match(raw)
    if not match:
        raise UsageError(E.BW003, f"malformed date {raw!r}", where=where)
    year, month, day = match.groups()
    try:
        if day is not None:
            return PartialDate(dt.date(int(year), int(month), int(day)), "day")
        if month is not None:
            return PartialDate(dt.date(int(year), int(month), 1), "month")
        return PartialDate(dt.date(int(year), 1, 1), "year")
    except ValueError as exc:
        raise UsageError(E.BW003, f"impossible date {raw!r}: {exc}", where=where) from exc


def to_date(text: str | dt.date | int, *, where: str | None = None) -> dt.date:
    """The first day that a date of any precision stands for."""
    return parse_date(text, where=where).value
