"""The membership panel: state × organization × period, with capacity and status.

The most common input of comparative-regionalism papers, derived from the membership
event log (``membership_spells``) like every other membership answer.

**Convention.**

* Each period is observed on one day: ``by="year"`` on ``on_day`` (``MM-DD``, default
  ``07-01``) of each year; ``by="month"`` on the day of the month of ``on_day`` (default
  the 1st; clamped to the month's last day); ``by="day"`` on every day.
* ``capacity`` and ``status`` are those in force on that day: ``status`` is ``active`` or
  ``suspended`` when the state held one of the chosen capacities, else ``none`` (and
  ``capacity`` is empty).
* A partial date in the event log takes effect on the first day of its period ("2019"
  counts from 2019-01-01, "2019-04" from 2019-04-01). ``precision`` is the precision
  (``day``/``month``/``year``) of the date of the latest event on or before the
  observation day, the event that set the row's status; ``source_ids`` are that event's
  sources (``;``-separated in CSV). Both are empty when no event precedes the day.
* Rows: every state that held one of the chosen capacities in the organization at some
  time in the window, for every period in which the organization existed (from its
  founding to its end); periods outside the organization's lifetime are left out.

    >>> panel = bw.analytics.panel(region="LAC", start=2000, end=2024)  # doctest: +SKIP
    >>> panel.to_arrow().to_pandas()                                     # doctest: +SKIP
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import duckdb

from blocwatch.errors import E, UsageError

FORMATS = ("csv", "parquet", "dta")
BY = ("year", "month", "day")

_ON_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")

_PANEL_SQL = """
    with obs as (select unnest(?::date[]) as date),
    orgs as (select id, founded, ended from organizations where list_contains(?, id)),
    universe as (
        select distinct s.org, s.member from membership_spells s
        where list_contains(?, s.org) and list_contains(?, s.capacity)
          and s.start <= ? and (s."end" is null or s."end" > ?)
    ),
    grid as (
        select u.org, u.member, obs.date from universe u join orgs o on o.id = u.org cross join obs
        where (o.founded is null or o.founded <= obs.date) and (o.ended is null or obs.date < o.ended)
    ),
    held as (
        select g.org, g.member, g.date, s.capacity, s.status
        from grid g left join membership_spells s
          on s.org = g.org and s.member = g.member and s.start <= g.date
         and (s."end" is null or g.date < s."end") and list_contains(?, s.capacity)
    ),
    events_by_day as (
        select org, member, date,
               case when bool_or(precision = 'year') then 'year'
                    when bool_or(precision = 'month') then 'month' else 'day' end as precision,
               list_sort(list_distinct(flatten(list(coalesce(sources, []))))) as sources
        from membership_events where list_contains(?, org) group by org, member, date
    )
    select h.member, coalesce(c.name_en, o.name_en, h.member), h.org, h.date, h.capacity,
           coalesce(h.status, 'none'), e.sources, e.precision
    from held h
    asof left join events_by_day e on e.org = h.org and e.member = h.member and h.date >= e.date
    left join countries c on c.iso3 = h.member
    left join organizations o on o.id = h.member
    order by h.org, h.member, h.date
"""


def convention(by: str, on_day: tuple[int, int]) -> str:
    """The panel's convention in one paragraph (docs, file metadata, Stata labels)."""
    month, day = on_day
    if by == "year":
        when = f"status as of {month:02d}-{day:02d} of each year"
    elif by == "month":
        when = f"status as of day {day} of each month (the month's last day when shorter)"
    else:
        when = "status on each day"
    return (
        f"blocwatch membership panel: {when}; capacity and status are those in force on that day "
        "(status none when the state held none of the chosen capacities). A partial date in the event "
        "log takes effect on the first day of its period (2019 = 2019-01-01, 2019-04 = 2019-04-01); "
        "precision and source_ids belong to the latest membership event on or before the day. "
        "Periods outside an organization's lifetime are left out."
    )


@dataclass(frozen=True)
class Panel:
    """The rows of a membership panel, their columns and the metadata that explains them."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dicts(self) -> list[dict[str, Any]]:
        """One mapping per row (``source_ids`` as a list)."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_dict(self) -> dict[str, Any]:
        return {"metadata": self.metadata, "columns": self.columns, "rows": self.to_dicts()}

    def to_arrow(self) -> Any:
        """A :class:`pyarrow.Table` (``.to_pandas()`` makes a DataFrame), metadata in its schema."""
        import pyarrow as pa

        period = self.columns[3]
        fields = [
            pa.field("state", pa.string()),
            pa.field("state_name", pa.string()),
            pa.field("org", pa.string()),
            pa.field(period, pa.int32() if period == "year" else pa.date32()),
            pa.field("capacity", pa.string()),
            pa.field("status", pa.string()),
            pa.field("source_ids", pa.list_(pa.string())),
            pa.field("precision", pa.string()),
        ]
        schema = pa.schema(fields, metadata={"blocwatch": json.dumps(self.metadata, ensure_ascii=False)})
        data = {name: [row[i] for row in self.rows] for i, name in enumerate(self.columns)}
        return pa.table(data, schema=schema)

    def flat_rows(self) -> list[list[Any]]:
        """Rows for CSV and Stata: ``source_ids`` joined with ``;``, None as empty text."""
        out = []
        for row in self.rows:
            values = list(row)
            values[3] = values[3] if isinstance(values[3], int) else values[3].isoformat()
            values[6] = ";".join(values[6] or [])
            out.append(["" if v is None else v for v in values])
        return out

    def write_csv(self, handle: IO[str]) -> None:
        """The panel as CSV to an open text stream (no metadata sidecar)."""
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.flat_rows())

    def write(self, path: str | Path, fmt: str = "csv") -> list[Path]:
        """Write the panel as ``csv`` (plus a CSVW ``…-metadata.json`` beside it), ``parquet``
        (metadata in the schema) or ``dta`` (Stata 118, needs pandas); returns the files."""
        target = Path(path)
        if fmt == "csv":
            with target.open("w", encoding="utf-8", newline="") as handle:
                self.write_csv(handle)
            sidecar = target.with_name(target.name + "-metadata.json")
            sidecar.write_text(json.dumps(self.csvw(target.name), indent=2, ensure_ascii=False) + "\n", "utf-8")
            return [target, sidecar]
        if fmt == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(self.to_arrow(), target, compression="zstd")
            return [target]
        if fmt == "dta":
            self._write_stata(target)
            return [target]
        raise UsageError(E.BW521, f"unknown panel format {fmt!r}")

    def csvw(self, filename: str) -> dict[str, Any]:
        """CSV on the Web (W3C) metadata for the CSV file: columns, types and the convention."""
        period = self.columns[3]
        described = {
            "state": ("string", "ISO 3166-1 alpha-3 code (or the id of an organization that is a member)"),
            "state_name": ("string", "English short name"),
            "org": ("string", "blocwatch organization id"),
            period: ("integer" if period == "year" else "date", "the period observed (see the convention)"),
            "capacity": ("string", "member, associate or observer on the observation day; empty when none"),
            "status": ("string", "active, suspended or none on the observation day"),
            "source_ids": ("string", "';'-separated source ids (sources/*.yaml) of the latest event"),
            "precision": ("string", "day, month or year: precision of the latest event's date"),
        }
        return {
            "@context": "http://www.w3.org/ns/csvw",
            "url": filename,
            "dc:title": "blocwatch membership panel",
            "dc:description": self.metadata.get("convention"),
            "tableSchema": {
                "columns": [
                    {"name": c, "titles": c, "datatype": described[c][0], "dc:description": described[c][1]}
                    for c in self.columns
                ]
            },
            "blocwatch": self.metadata,
        }

    def _write_stata(self, target: Path) -> None:
        try:
            import pandas as pd
        except ImportError as exc:
            raise UsageError(E.BW522, "writing .dta needs pandas, which is not installed") from exc
        frame = pd.DataFrame(self.flat_rows(), columns=self.columns)
        period = self.columns[3]
        if period == "year":
            frame[period] = frame[period].astype("int32")
        labels = {
            "state": "ISO3 code",
            "state_name": "state name",
            "org": "organization id",
            period: str(self.metadata.get("observed", period))[:80],
            "capacity": "member/associate/observer on the day; empty = none",
            "status": "active/suspended/none on the day",
            "source_ids": "sources of the latest event (;-separated)",
            "precision": "precision of the latest event's date",
        }
        frame.to_stata(
            target,
            write_index=False,
            version=118,
            data_label="blocwatch membership panel; partial dates count from period start"[:80],
            variable_labels=labels,
        )


def parse_on_day(text: str | None) -> tuple[int, int]:
    """``"07-01"`` → ``(7, 1)``; 29 February is refused (it is not in every year)."""
    raw = (text or "07-01").strip()
    match = _ON_DAY.match(raw)
    if not match:
        raise UsageError(E.BW011, f"--on-day {raw!r} is not MM-DD", hint="write the day as MM-DD, e.g. 07-01")
    month, day = int(match.group(1)), int(match.group(2))
    try:
        dt.date(2001, month, day)
    except ValueError as exc:
        raise UsageError(E.BW011, f"--on-day {raw!r} is not a day of every year", hint="e.g. 07-01 or 12-31") from exc
    return month, day


def observation_days(start: int, end: int, *, by: str, on_day: tuple[int, int]) -> list[dt.date]:
    """The day each period is observed on (see the module docstring)."""
    if by not in BY:
        raise UsageError(E.BW011, f"--by {by!r} is not one of {', '.join(BY)}")
    if end < start:
        raise UsageError(E.BW502, f"the period ends ({end}) before it starts ({start})")
    month, day = on_day
    if by == "year":
        return [dt.date(y, month, day) for y in range(start, end + 1)]
    if by == "month":
        return [
            dt.date(y, m, min(day, calendar.monthrange(y, m)[1])) for y in range(start, end + 1) for m in range(1, 13)
        ]
    first, last = dt.date(start, 1, 1), dt.date(end, 12, 31)
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def membership_panel(
    con: duckdb.DuckDBPyConnection,
    org_ids: Sequence[str],
    *,
    start: int,
    end: int,
    by: str = "year",
    on_day: tuple[int, int] = (7, 1),
    capacities: Sequence[str] = ("member", "associate", "observer"),
) -> Panel:
    """The panel of ``org_ids`` from ``start`` to ``end`` (years, inclusive); one query."""
    if not org_ids:
        raise UsageError(E.BW523, "no organizations for the panel")
    days = observation_days(start, end, by=by, on_day=on_day)
    orgs, caps = list(org_ids), list(capacities)
    window_first, window_last = dt.date(start, 1, 1), dt.date(end, 12, 31)
    rows = con.execute(_PANEL_SQL, [days, orgs, orgs, caps, window_last, window_first, caps, orgs]).fetchall()
    period = "year" if by == "year" else "date"
    out = [
        (
            str(r[0]),
            str(r[1]),
            str(r[2]),
            r[3].year if by == "year" else r[3],
            r[4],
            str(r[5]),
            list(r[6]) if r[6] is not None else [],
            r[7],
        )
        for r in rows
    ]
    month, day = on_day
    observed = {
        "year": f"year, observed on {month:02d}-{day:02d}",
        "month": f"month, observed on day {day}",
        "day": "day",
    }[by]
    metadata = {
        "convention": convention(by, on_day),
        "by": by,
        "on_day": f"{month:02d}-{day:02d}",
        "observed": observed,
        "from": start,
        "to": end,
        "orgs": orgs,
        "capacities": caps,
        "rows": len(out),
    }
    columns = ["state", "state_name", "org", period, "capacity", "status", "source_ids", "precision"]
    return Panel(columns=columns, rows=out, metadata=metadata)
