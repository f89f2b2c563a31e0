"""Building the reference graph tables of the store from the data files.

>>> from blocwatch.store import open_store
>>> con = open_store(":memory:")
>>> counts = build_graph(con)
>>> counts["organizations"] > 30
True
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from blocwatch.dates import PartialDate
from blocwatch.errors import DataValidationError
from blocwatch.reference.loader import data_hash, default_data_dir, load_reference
from blocwatch.reference.membership import derive_spells
from blocwatch.reference.model import ReferenceData
from blocwatch.reference.names import normalize
from blocwatch.reference.schema import REFERENCE_TABLES
from blocwatch.reference.validate import validate

log = logging.getLogger(__name__)


def package_version() -> str:
    try:
        return version("blocwatch")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def _d(date: PartialDate | None) -> dt.date | None:
    return date.value if date else None


def _p(date: PartialDate | None) -> str | None:
    return date.precision if date else None


def load_and_validate(data_dir: Path | None = None) -> ReferenceData:
    """Read and validate the data files; raise :class:`DataValidationError` listing every error."""
    data, errors = load_reference(data_dir)
    errors.extend(validate(data))
    orgs = {o.id: o for o in data.organizations}
    _, spell_errors = derive_spells(data.memberships, orgs)
    errors.extend(spell_errors)
    if errors:
        raise DataValidationError(errors)
    return data


def _rows(data: ReferenceData) -> dict[str, list[dict[str, Any]]]:
    orgs = {o.id: o for o in data.organizations}
    spells, _ = derive_spells(data.memberships, orgs)
    names: list[dict[str, Any]] = []

    def name(kind: str, ident: str, text: str | None, lang: str | None) -> None:
        if text:
            norm = normalize(text)
            if norm:
                names.append({"norm": norm, "kind": kind, "id": ident, "lang": lang, "name": text})

    for c in data.countries:
        name("country", c.iso3, c.iso3, None)
        name("country", c.iso3, c.iso2, None)
        for lang, text in c.names.items():
            name("country", c.iso3, text, lang)
        for alias in c.aliases:
            name("country", c.iso3, alias, None)
    for o in data.organizations:
        name("org", o.id, o.id, None)
        name("org", o.id, o.id.replace("_", " "), None)
        for lang, text in o.names.items():
            name("org", o.id, text, lang)
        for lang, text in o.acronyms.items():
            name("org", o.id, text, lang)
        for alias in o.aliases:
            name("org", o.id, alias, None)
    for p in data.persons:
        name("person", p.id, p.name, None)
        for alias in p.aliases:
            name("person", p.id, alias, None)
    unique_names = list({(n["norm"], n["kind"], n["id"]): n for n in names}.values())

    return {
        "sources": [
            {
                "id": s.id,
                "publisher": s.publisher,
                "title": s.title,
                "url": s.url,
                "date": s.date,
                "note": s.note,
                "file": s.where.file,
                "line": s.where.line,
            }
            for s in data.sources
        ],
        "countries": [
            {
                "iso3": c.iso3,
                "iso2": c.iso2,
                "numeric": c.numeric,
                "cow_code": c.cow_code,
                "cow_abbr": c.cow_abbr,
                "qid": c.qid,
                "un_status": c.un_status,
                "region": c.region,
                **{f"name_{k}": v for k, v in c.names.items()},
                **{f"demonym_{k}": v for k, v in c.demonyms.items()},
                **{f"capital_{k}": v for k, v in c.capitals.items()},
                "aliases": list(c.aliases),
                "sources": list(c.sources),
            }
            for c in data.countries
        ],
        "organizations": [
            {
                "id": o.id,
                "name_en": o.names.get("en"),
                "name_es": o.names.get("es"),
                "name_pt": o.names.get("pt"),
                "acronym_en": o.acronyms.get("en"),
                "acronym_es": o.acronyms.get("es"),
                "acronym_pt": o.acronyms.get("pt"),
                "aliases": list(o.aliases),
                "founded": _d(o.founded),
                "founded_precision": _p(o.founded),
                "ended": _d(o.ended),
                "ended_precision": _p(o.ended),
                "status": o.status,
                "region": o.region,
                "qid": o.qid,
                "cow_abbr": o.cow_abbr,
                "sources": list(o.sources),
                "file": o.where.file,
                "line": o.where.line,
            }
            for o in data.organizations
        ],
        "membership_events": [
            {
                "org": e.org,
                "member": e.member,
                "event": e.event,
                "date": e.date.value,
                "precision": e.date.precision,
                "capacity": e.capacity,
                "note": e.note,
                "sources": list(e.sources),
                "origin": "reference",
                "file": e.where.file,
                "line": e.where.line,
            }
            for e in data.memberships
        ],
        "membership_spells": [
            {
                "org": s.org,
                "member": s.member,
                "capacity": s.capacity,
                "status": s.status,
                "start": s.start.value,
                "start_precision": s.start.precision,
                "end": _d(s.end),
                "end_precision": _p(s.end),
                "since": s.since.value,
                "since_precision": s.since.precision,
            }
            for s in spells
        ],
        "presidencies": [
            {
                "org": t.org,
                "holder": t.holder,
                "start": t.start.value,
                "start_precision": t.start.precision,
                "end": _d(t.end),
                "end_precision": _p(t.end),
                "note": t.note,
                "sources": list(t.sources),
                "origin": "reference",
                "file": t.where.file,
                "line": t.where.line,
                "co_holders": list(t.co_holders),
            }
            for t in data.presidencies
        ],
        "areas": [
            {
                "id": a.id,
                **{f"label_{lang}": a.labels.get(lang) for lang in ("en", "es", "pt")},
                **{f"keywords_{lang}": list(a.keywords.get(lang, ())) for lang in ("en", "es", "pt")},
            }
            for a in data.areas
        ],
        "mechanisms": [
            {
                "id": m.id,
                "name_en": m.names.get("en"),
                "name_es": m.names.get("es"),
                "name_pt": m.names.get("pt"),
                "org": m.org,
                "partner": m.partner,
                "status": m.status,
                "condition": m.condition,
                "proposed": _d(m.proposed),
                "proposed_precision": _p(m.proposed),
                "established": _d(m.established),
                "established_precision": _p(m.established),
                "areas": list(m.areas),
                "kind": m.kind,
                "sources": list(m.sources),
                "origin": "reference",
                "file": m.where.file,
                "line": m.where.line,
            }
            for m in data.mechanisms
        ],
        "mechanism_meetings": [
            {
                "mechanism": m.id,
                "date": mt.date.value,
                "precision": mt.date.precision,
                "end": _d(mt.end),
                "place": mt.place,
                "kind": mt.kind,
                "sources": list(mt.sources),
            }
            for m in data.mechanisms
            for mt in m.meetings
        ],
        "persons": [
            {
                "id": p.id,
                "name": p.name,
                "aliases": list(p.aliases),
                "state": p.state,
                "role": p.role,
                "start": p.start.value,
                "start_precision": p.start.precision,
                "end": _d(p.end),
                "end_precision": _p(p.end),
                "sources": list(p.sources),
                "file": p.where.file,
                "line": p.where.line,
                "co_holders": list(p.co_holders),
            }
            for p in data.persons
        ],
        "cow_notes": [
            {
                "org": n.org,
                "member": n.member,
                "year_from": n.year_from,
                "year_to": n.year_to,
                "cow": n.cow,
                "ours": n.ours,
                "explanation": n.explanation,
                "sources": list(n.sources),
            }
            for n in data.cow_notes
        ],
        "names": unique_names,
        "coverage": [
            {
                "org": o.id,
                "kind": c.kind,
                "start": c.start.value,
                "start_precision": c.start.precision,
                "end": c.end.value,
                "end_precision": c.end.precision,
                "checked": c.checked.value,
                "note": c.note,
                "file": c.where.file,
                "line": c.where.line,
            }
            for o in data.organizations
            for c in o.coverage
        ],
        "coverage_gaps": [
            {
                "org": o.id,
                "kind": c.kind,
                "start": g.start.value,
                "start_precision": g.start.precision,
                "end": _d(g.end),
                "end_precision": _p(g.end),
                "explanation": g.explanation,
                "sources": list(g.sources),
                "unknown": g.unknown,
                "file": g.where.file,
                "line": g.where.line,
            }
            for o in data.organizations
            for c in o.coverage
            for g in c.gaps
        ],
        "mechanism_history": [
            {
                "mechanism": m.id,
                "seq": seq,
                "date": h.date.value,
                "precision": h.date.precision,
                "status": h.status,
                "party": h.party,
                "note": h.note,
                "sources": list(h.sources),
                "file": h.where.file,
                "line": h.where.line,
            }
            for m in data.mechanisms
            for seq, h in enumerate(m.history)
        ],
    }


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = [r[0] for r in con.execute(f"describe {table}").fetchall()]
    arrow = pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows])
    con.register("_bw_rows", arrow)
    try:
        quoted = ", ".join(f'"{c}"' for c in columns)
        con.execute(f"insert into {table} ({quoted}) select {quoted} from _bw_rows")  # noqa: S608
    finally:
        con.unregister("_bw_rows")


def build_graph(con: duckdb.DuckDBPyConnection, data_dir: Path | None = None) -> dict[str, int]:
    """Validate the data files and (re)write every reference table in one transaction."""
    root = data_dir or default_data_dir()
    data = load_and_validate(root)
    rows = _rows(data)
    counts = {table: len(table_rows) for table, table_rows in rows.items()}
    con.execute("begin transaction")
    try:
        for table in REFERENCE_TABLES:
            con.execute(f"delete from {table}")  # noqa: S608 - fixed table names
        for table, table_rows in rows.items():
            _insert(con, table, table_rows)
        con.execute(
            "insert into build_info values (?, ?, ?, ?)",
            [data_hash(root), dt.datetime.now(dt.UTC).replace(tzinfo=None), package_version(), json.dumps(counts)],
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    log.info("built reference graph: %s", counts)
    return counts


def is_current(con: duckdb.DuckDBPyConnection, data_dir: Path | None = None) -> bool:
    """Whether the store holds the graph built from the current data files."""
    row = con.execute("select data_hash from build_info order by built_at desc limit 1").fetchone()
    return row is not None and row[0] == data_hash(data_dir or default_data_dir())
