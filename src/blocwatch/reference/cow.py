"""Importing the Correlates of War IGO v3 data and checking the graph against it.

COW's IGO-year file has one row per organization-year and one column per state
(0 none, 1 full, 2 associate, 3 observer, -9 missing, -1 not applicable). ``import_cow_igo``
stores it long (organization, year, ISO3, value) through the crosswalk in
``data/cow/igo_states.csv``; ``check_cow`` compares it with the membership spells of every
organization that names its COW abbreviation (``cow_abbr``).

    >>> report = check_cow(con)  # doctest: +SKIP
    >>> report.orgs[0].agreement  # doctest: +SKIP
    0.998
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import duckdb

from blocwatch.errors import E, StoreError, UsageError
from blocwatch.reference.loader import default_data_dir
from blocwatch.store.db import ComponentSchema, Migration

SCHEMA = ComponentSchema(
    component="cow",
    migrations=[
        Migration(
            1,
            """
            create table cow_igo (ioname varchar not null, year integer not null, iso3 varchar not null,
                                  value integer not null);
            create table cow_import (path varchar, imported_at timestamp, rows bigint, organizations integer);
            """,
        )
    ],
)

Rule = Literal["year-end", "any"]
CODE_LABEL = {0: "none", 1: "full", 2: "associate", 3: "observer"}


def crosswalk(data_dir: Path | None = None) -> dict[str, str]:
    """COW state column → ISO3 (historic states without an ISO code are left out)."""
    path = (data_dir or default_data_dir()) / "cow" / "igo_states.csv"
    with path.open(encoding="utf-8") as handle:
        return {row["column"]: row["iso3"] for row in csv.DictReader(handle) if row["iso3"]}


def import_cow_igo(con: duckdb.DuckDBPyConnection, path: str | Path, *, data_dir: Path | None = None) -> dict[str, int]:
    """Load the COW IGO v3 IGO-year CSV into ``cow_igo`` (replacing an earlier import)."""
    source = Path(path)
    if not source.is_file():
        raise UsageError(E.BW007, "no such file", where=str(source))
    try:
        with source.open(encoding="utf-8", errors="replace") as handle:
            header = next(csv.reader(handle))
    except (OSError, StopIteration) as exc:
        raise UsageError(E.BW120, f"cannot read the header: {exc}", where=str(source)) from exc
    mapping = crosswalk(data_dir)
    columns = [c for c in header if c in mapping]
    if "ioname" not in header or "year" not in header or len(columns) < 100:
        raise UsageError(
            E.BW120,
            f"not a COW IGO-year file: expected ioname, year and one column per state, found {len(columns)} state columns",
            where=f"{source}:1",
        )
    con.execute("begin transaction")
    try:
        con.execute("delete from cow_igo")
        select = ", ".join(f'"{c}"' for c in columns)
        con.execute(
            f"""insert into cow_igo
                select ioname, year::integer, cw.iso3, value::integer from (
                    unpivot (select ioname, year, {select}
                             from read_csv(?, header = true, all_varchar = true))
                    on {select} into name col value value)
                join (select unnest(?::varchar[]) as col, unnest(?::varchar[]) as iso3) cw using (col)
                where try_cast(value as integer) is not null""",  # noqa: S608 - columns come from the crosswalk
            [str(source), list(mapping), list(mapping.values())],
        )
        rows = con.execute("select count(*), count(distinct ioname) from cow_igo").fetchone()
        assert rows is not None
        con.execute(
            "insert into cow_import values (?, ?, ?, ?)",
            [str(source), dt.datetime.now(dt.UTC).replace(tzinfo=None), rows[0], rows[1]],
        )
        con.execute("commit")
    except duckdb.Error as exc:
        con.execute("rollback")
        raise UsageError(E.BW120, f"cannot import: {exc}", where=str(source)) from exc
    return {"rows": int(rows[0]), "organizations": int(rows[1])}


@dataclass(frozen=True)
class Disagreement:
    org: str
    member: str
    years: list[int]
    cow: str
    ours: str
    explanation: str | None

    @property
    def explained(self) -> bool:
        return self.explanation is not None


@dataclass(frozen=True)
class OrgAgreement:
    org: str
    cow_abbr: str
    years: list[int]
    cells: int
    agree: int
    member_cells: int
    member_agree: int

    @property
    def agreement(self) -> float:
        return self.agree / self.cells if self.cells else 1.0

    @property
    def member_agreement(self) -> float:
        return self.member_agree / self.member_cells if self.member_cells else 1.0


@dataclass
class CowReport:
    """Agreement of the graph with COW per organization, and every disagreement."""

    rule: str
    years: tuple[int, int]
    orgs: list[OrgAgreement] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)

    def ok(self, minimum: float = 0.97) -> bool:
        return all(o.agreement >= minimum for o in self.orgs) and all(d.explained for d in self.disagreements)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "years": list(self.years),
            "orgs": [
                {**asdict(o), "agreement": round(o.agreement, 4), "member_agreement": round(o.member_agreement, 4)}
                for o in self.orgs
            ],
            "disagreements": [{**asdict(d), "explained": d.explained} for d in self.disagreements],
        }


def _runs(years: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


def check_cow(
    con: duckdb.DuckDBPyConnection,
    *,
    first: int = 1991,
    last: int = 2014,
    rule: Rule = "year-end",
    org: str | None = None,
) -> CowReport:
    """Compare the graph with COW on state-year cells of every organization present in both.

    ``rule`` says when a state counts as in an organization in a year: on 31 December
    (``year-end``) or on any day of it (``any``, the highest capacity held).
    """
    imported = con.execute("select count(*) from cow_igo").fetchone()
    if not imported or not imported[0]:
        raise StoreError(E.BW121, "the COW IGO data has not been imported")
    if rule == "year-end":
        ours_sql = """(select min(case s.capacity when 'member' then 1 when 'associate' then 2 else 3 end)
                        from membership_spells s where s.org = c.org and s.member = c.iso3
                        and s.start <= make_date(c.year, 12, 31)
                        and (s."end" is null or make_date(c.year, 12, 31) < s."end"))"""
    else:
        ours_sql = """(select min(case s.capacity when 'member' then 1 when 'associate' then 2 else 3 end)
                        from membership_spells s where s.org = c.org and s.member = c.iso3
                        and s.start <= make_date(c.year, 12, 31)
                        and (s."end" is null or make_date(c.year, 1, 1) < s."end"))"""
    rows = con.execute(
        f"""with c as (
                select o.id as org, o.cow_abbr, w.year, w.iso3, w.value as cow
                from cow_igo w join organizations o on o.cow_abbr = w.ioname
                where w.year between ? and ? and w.value between 0 and 3 and (? is null or o.id = ?))
            select org, cow_abbr, year, iso3, cow, coalesce({ours_sql}, 0) as ours from c
            order by org, iso3, year""",  # noqa: S608 - fixed SQL fragments
        [first, last, org, org],
    ).fetchall()
    notes = con.execute("select org, member, year_from, year_to, cow, ours, explanation from cow_notes").fetchall()

    def explain(org_id: str, member: str, year: int, cow: int, ours: int) -> str | None:
        for n_org, n_member, y0, y1, n_cow, n_ours, text in notes:
            if (
                (n_org, n_member) == (org_id, member)
                and y0 <= year <= y1
                and (n_cow, n_ours)
                == (
                    CODE_LABEL[cow],
                    CODE_LABEL[ours],
                )
            ):
                return str(text)
        return None

    stats: dict[str, dict[str, Any]] = {}
    diffs: dict[tuple[str, str, int, int, str | None], list[int]] = {}
    for org_id, abbr, year, iso3, cow, ours in rows:
        entry = stats.setdefault(
            org_id, {"abbr": abbr, "years": set(), "cells": 0, "agree": 0, "mcells": 0, "magree": 0}
        )
        entry["years"].add(year)
        entry["cells"] += 1
        same = cow == ours
        entry["agree"] += same
        if cow or ours:
            entry["mcells"] += 1
            entry["magree"] += same
        if not same:
            key = (org_id, iso3, cow, ours, explain(org_id, iso3, year, cow, ours))
            diffs.setdefault(key, []).append(year)
    report = CowReport(rule=rule, years=(first, last))
    for org_id, entry in sorted(stats.items()):
        years = sorted(entry["years"])
        report.orgs.append(
            OrgAgreement(
                org_id,
                entry["abbr"],
                [years[0], years[-1]],
                entry["cells"],
                entry["agree"],
                entry["mcells"],
                entry["magree"],
            )
        )
    for (org_id, iso3, cow, ours, text), years in sorted(diffs.items()):
        for run in _runs(years):
            report.disagreements.append(Disagreement(org_id, iso3, run, CODE_LABEL[cow], CODE_LABEL[ours], text))
    return report
