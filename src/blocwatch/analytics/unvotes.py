"""Import of UN General Assembly roll-call votes in the layout of the ``unvotes`` R package.

The public original is Erik Voeten's "United Nations General Assembly Voting Data"
(Harvard Dataverse), as packaged by the ``unvotes`` R package (github.com/dgrtwo/unvotes).
A folder holds three CSV files:

* ``unvotes_votes.csv``: ``rcid,country,country_code,vote`` (ISO 3166 alpha-2; vote is
  ``yes``/``no``/``abstain``; absences are not rows);
* ``unvotes_roll_calls.csv``: ``rcid,session,importantvote,date,unres,amend,para,short,descr``;
* ``unvotes_issues.csv``: ``rcid,short_name,issue``.

ISO alpha-2 codes become ISO alpha-3 through the ``countries`` table, then through
pycountry's current and historic codes (``YU`` → ``YUG``, ``DD`` → ``DDR``). Where the
source's code is empty, the country name is looked up (``Namibia`` → ``NAM``, whose ``NA``
was lost as a missing value), and two predecessor states take their successor's code as
in the Correlates of War numbering Voeten uses: the Federal Republic of Germany → ``DEU``
(COW 255) and the Yemen Arab Republic → ``YEM`` (COW 678). What remains unmapped
(Zanzibar, two votes in 1964) is kept with ``iso3`` NULL and counted in the report.

    >>> report = import_unvotes(con, "../shared/data/kb")  # doctest: +SKIP
    >>> report.counts["un_votes"]  # doctest: +SKIP
    870109
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pycountry

from blocwatch.errors import DataError, E, UsageError
from blocwatch.reference.names import normalize

log = logging.getLogger(__name__)

FILES = {
    "votes": ("unvotes_votes.csv", ("rcid", "country", "country_code", "vote")),
    "roll_calls": ("unvotes_roll_calls.csv", ("rcid", "session", "date")),
    "issues": ("unvotes_issues.csv", ("rcid", "short_name", "issue")),
}
#: The copy bundled in the package (``scripts/build_unvotes.py``): the same files as
#: compressed Parquet, and ``MANIFEST.json`` with licence (CC0), provenance and coverage.
BUNDLED = Path(__file__).resolve().parent / "data" / "unvotes"
VOTES = ("yes", "no", "abstain")
#: Predecessor states whose votes continue under the successor's COW code (see above).
PREDECESSORS = {"Federal Republic of Germany": "DEU", "Yemen Arab Republic": "YEM"}


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote: rows per table and codes that could not be mapped to ISO3."""

    directory: str
    counts: dict[str, int]
    unmapped: dict[str, int] = field(default_factory=dict)
    first_date: str | None = None
    last_date: str | None = None
    kind: str = "user"
    version: str | None = None


#: Every CSV is read as text first and cast explicitly, so a stray value fails loudly.
_READ_CSV = "read_csv(?, header = true, all_varchar = true)"
_READ_PARQUET = "read_parquet(?)"


def _file(folder: Path, name: str) -> tuple[Path, str] | None:
    """The CSV file ``name`` in ``folder``, or its Parquet twin (the bundled layout)."""
    csv = folder / name
    if csv.is_file():
        return csv, _READ_CSV
    parquet = csv.with_suffix(".parquet")
    if parquet.is_file():
        return parquet, _READ_PARQUET
    return None


def _check(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, tuple[Path, str]]:
    if not folder.is_dir():
        raise UsageError(E.BW500, "not a folder", where=str(folder))
    paths: dict[str, tuple[Path, str]] = {}
    for key, (name, required) in FILES.items():
        found = _file(folder, name)
        if found is None:
            raise UsageError(E.BW500, f"missing {name}", where=str(folder))
        path, reader = found
        columns = [r[0] for r in con.execute(f"describe select * from {reader}", [str(path)]).fetchall()]  # noqa: S608
        missing = [c for c in required if c not in columns]
        if missing:
            raise UsageError(E.BW500, f"{name} lacks the column(s) {', '.join(missing)}", where=str(path))
        paths[key] = (path, reader)
    return paths


def _iso_map(con: duckdb.DuckDBPyConnection, codes: list[str]) -> dict[str, str]:
    known = dict(con.execute("select iso2, iso3 from countries where iso2 is not null").fetchall())
    out: dict[str, str] = {}
    for code in codes:
        if code in known:
            out[code] = str(known[code])
            continue
        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            country = pycountry.historic_countries.get(alpha_2=code)
        if country is not None:
            out[code] = str(country.alpha_3)
    return out


def _name_map(con: duckdb.DuckDBPyConnection, names: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in names:
        if name in PREDECESSORS:
            out[name] = PREDECESSORS[name]
            continue
        row = con.execute(
            "select min(id) from names where kind = 'country' and norm = ? having count(distinct id) = 1",
            [normalize(name)],
        ).fetchone()
        if row and row[0]:
            out[name] = str(row[0])
            continue
        try:
            out[name] = str(pycountry.countries.lookup(name).alpha_3)
        except LookupError:
            continue
    return out


def bundled_manifest() -> dict[str, Any]:
    """Licence, provenance, version and coverage of the bundled votes (``MANIFEST.json``)."""
    path = BUNDLED / "MANIFEST.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(E.BW520, f"cannot read the bundled UN votes' manifest: {exc}", where=str(path)) from exc
    if not isinstance(data, dict) or "version" not in data:
        raise DataError(E.BW520, "the bundled UN votes' manifest has no version", where=str(path))
    return data


def loaded_votes(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The latest import recorded in this store: kind (bundled/user), version, folder; None if none."""
    row = con.execute(
        "select directory, imported_at, provenance from un_import order by imported_at desc limit 1"
    ).fetchone()
    if row is None:
        return None
    provenance = json.loads(row[2]) if row[2] else {}
    return {"directory": row[0], "imported_at": row[1].isoformat(), **provenance}


def ensure_bundled_votes(con: duckdb.DuckDBPyConnection) -> ImportReport | None:
    """Load the bundled votes unless the store holds them already or a user's own import.

    A store whose votes came from an older bundled copy gets the current one; a user's
    ``import unvotes DIR`` is never replaced.
    """
    current = loaded_votes(con)
    has_rows = bool(con.execute("select count(*) from un_roll_calls").fetchone()[0])  # type: ignore[index]
    if current is not None and has_rows:
        if current.get("kind") != "bundled":
            return None
        if current.get("version") == bundled_manifest().get("version"):
            return None
    return import_unvotes(con, BUNDLED, bundled=True)


def import_unvotes(con: duckdb.DuckDBPyConnection, directory: str | Path, *, bundled: bool = False) -> ImportReport:
    """Replace the ``un_*`` tables with the contents of an ``unvotes`` folder (one transaction).

    The folder holds the three CSV files (or their Parquet twins, as in the bundled copy).
    ``bundled=True`` records the import as the package's copy, with its manifest.
    """
    folder = Path(directory).expanduser()
    manifest = bundled_manifest() if bundled else None
    if bundled and not folder.is_dir():
        raise DataError(E.BW520, "the bundled UN votes are missing", where=str(folder))
    checked = _check(con, folder)
    paths = {k: v[0] for k, v in checked.items()}
    readers = {k: v[1] for k, v in checked.items()}
    bad_votes = con.execute(
        f"select vote, count(*) from {readers['votes']} where vote not in ('yes', 'no', 'abstain')"  # noqa: S608
        " group by vote",
        [str(paths["votes"])],
    ).fetchall()
    if bad_votes:
        raise UsageError(
            E.BW500,
            f"unknown vote values {sorted(str(v[0]) for v in bad_votes)} (expected yes, no, abstain)",
            where=str(paths["votes"]),
        )
    codes = [
        str(r[0])
        for r in con.execute(
            f"select distinct country_code from {readers['votes']} where country_code is not null",  # noqa: S608
            [str(paths["votes"])],
        ).fetchall()
    ]
    mapping = _iso_map(con, codes)
    nameless = [
        str(r[0])
        for r in con.execute(
            f"select distinct country from {readers['votes']} where country_code is null",  # noqa: S608
            [str(paths["votes"])],
        ).fetchall()
    ]
    by_name = _name_map(con, nameless)
    con.execute("begin transaction")
    try:
        for table in ("un_votes", "un_roll_calls", "un_issues", "un_import"):
            con.execute(f"delete from {table}")  # noqa: S608 - fixed names
        con.execute("create or replace temp table _bw_iso (iso2 varchar, iso3 varchar)")
        if mapping:
            con.executemany("insert into _bw_iso values (?, ?)", sorted(mapping.items()))
        con.execute(
            f"""insert into un_roll_calls
                select cast(rcid as integer), cast(session as integer), cast(date as date),
                       try_cast(importantvote as double) > 0, unres, try_cast(amend as double) > 0,
                       try_cast(para as double) > 0, short, descr
                from {readers["roll_calls"]} order by cast(rcid as integer)""",  # noqa: S608
            [str(paths["roll_calls"])],
        )
        con.execute(
            f"""insert into un_votes
                select cast(v.rcid as integer), m.iso3, v.country_code, v.country, v.vote
                from {readers["votes"]} v left join _bw_iso m on m.iso2 = v.country_code
                order by cast(v.rcid as integer)""",  # noqa: S608
            [str(paths["votes"])],
        )
        for name, iso3 in sorted(by_name.items()):
            con.execute("update un_votes set iso3 = ? where iso2 is null and country = ?", [iso3, name])
        con.execute(
            f"""insert into un_issues select distinct cast(rcid as integer), short_name, issue
                from {readers["issues"]}""",  # noqa: S608
            [str(paths["issues"])],
        )
        orphans = con.execute("select count(*) from un_votes v anti join un_roll_calls r on r.rcid = v.rcid").fetchone()
        if orphans and orphans[0]:
            raise UsageError(
                E.BW500,
                f"{orphans[0]} vote(s) refer to roll calls missing from unvotes_roll_calls.csv",
                where=str(paths["votes"]),
            )
        unmapped = dict(
            con.execute(
                "select coalesce(iso2, country) || ' (' || country || ')', count(*) from un_votes"
                " where iso3 is null group by all order by 1"
            ).fetchall()
        )
        counts = {
            table: int(con.execute(f"select count(*) from {table}").fetchone()[0])  # type: ignore[index]  # noqa: S608
            for table in ("un_roll_calls", "un_votes", "un_issues")
        }
        span = con.execute("select min(date), max(date), min(session), max(session) from un_roll_calls").fetchone()
        provenance = _provenance(manifest, span)
        con.execute(
            "insert into un_import (directory, imported_at, counts, unmapped, provenance) values (?, ?, ?, ?, ?)",
            [
                str(folder),
                dt.datetime.now(dt.UTC).replace(tzinfo=None),
                json.dumps(counts),
                json.dumps(unmapped),
                json.dumps(provenance),
            ],
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    finally:
        con.execute("drop table if exists _bw_iso")
    log.info("imported UN votes from %s: %s", folder, counts)
    first, last = (span or (None, None))[:2]
    return ImportReport(
        directory=str(folder),
        counts=counts,
        unmapped={str(k): int(v) for k, v in unmapped.items()},
        first_date=first.isoformat() if first else None,
        last_date=last.isoformat() if last else None,
        kind=provenance["kind"],
        version=provenance.get("version"),
    )


def _provenance(manifest: dict[str, Any] | None, span: tuple[Any, ...] | None) -> dict[str, Any]:
    first, last, low, high = span or (None, None, None, None)
    coverage = {
        "sessions": [low, high] if low is not None else None,
        "dates": [first.isoformat(), last.isoformat()] if first is not None else None,
    }
    if manifest is None:
        return {"kind": "user", "version": None, "licence": "as given by the user's copy", **coverage}
    keep = ("version", "dataset", "licence", "licence_url", "citation", "upstream", "packaged_by")
    return {"kind": "bundled", **{k: manifest.get(k) for k in keep}, **coverage}


def require_votes(con: duckdb.DuckDBPyConnection) -> None:
    """Raise :data:`E.BW501` when no UN votes have been imported into this store."""
    row = con.execute("select count(*) from un_roll_calls").fetchone()
    if not row or not row[0]:
        raise UsageError(E.BW501, "no UN General Assembly votes in this database")
