"""Exporting stored events: JSON lines (the interchange form), CSV, Parquet and CAMEO.

CAMEO output uses the bundled crosswalk ``data/cameo2plover.tsv`` (generated from
openeventdata/PLOVER's CAMEO2PLOVER-2021.txt, CC BY-SA 4.0) read backwards: each PLOVER
type and mode gets the most general CAMEO code that maps to it.

    >>> export_events(bw, "events.csv", fmt="csv")  # doctest: +SKIP
    412
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from blocwatch.errors import E, UsageError
from blocwatch.safecsv import safe_cell

if TYPE_CHECKING:
    from blocwatch.core import Blocwatch

FORMATS = ("jsonl", "csv", "parquet", "cameo")
_QUAD_CLASS = {"VERBAL_COOPERATION": 1, "MATERIAL_COOPERATION": 2, "VERBAL_CONFLICT": 3, "MATERIAL_CONFLICT": 4}
CAMEO_COLUMNS = (
    "event_id",
    "date",
    "source_code",
    "target_code",
    "cameo_code",
    "root_code",
    "quad_class",
    "plover_type",
    "plover_mode",
    "plover_score",
    "doc_id",
    "source_text",
    "target_text",
)


@functools.lru_cache(maxsize=1)
def crosswalk() -> list[tuple[str, str, str, str]]:
    """Rows of the CAMEO → PLOVER table: (cameo, plover type, mode, contexts)."""
    text = resources.files("blocwatch.extract").joinpath("data", "cameo2plover.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line.startswith(("#", "cameo\t")) or not line.strip():
            continue
        parts = line.split("\t")
        rows.append((parts[0], parts[1], parts[2] if len(parts) > 2 else "", parts[3] if len(parts) > 3 else ""))
    return rows


def cameo_to_plover(code: str) -> str | None:
    """The PLOVER type of a CAMEO code (longest listed prefix), or None (01x/02x are not events in PLOVER)."""
    table = {row[0]: row[1] for row in crosswalk()}
    digits = "".join(ch for ch in code if ch.isdigit())
    for length in range(len(digits), 1, -1):
        if digits[:length] in table:
            return table[digits[:length]]
    return None


def plover_to_cameo(event_type: str, mode: str | None = None) -> str:
    """The most general CAMEO code for a PLOVER type (and mode when the table has it)."""
    rows = crosswalk()
    if mode:
        for code, plover, row_mode, _ in sorted(rows, key=lambda r: (len(r[0]), r[0])):
            if plover == event_type and row_mode == mode:
                return code
    for code, plover, _, _ in sorted(rows, key=lambda r: (len(r[0]), r[0])):
        if plover == event_type:
            return code
    return ""


def to_interchange(row: dict[str, Any]) -> dict[str, Any]:
    """A row of the events table in the JSON interchange form."""

    def actor(side: str) -> dict[str, Any]:
        return {k: row.get(f"{side}_{k}") for k in ("text", "country", "sector", "org", "id")}

    date = row.get("date")
    return {
        "record": "event",
        "id": row["id"],
        "event_type": row["event_type"],
        "mode": row.get("mode"),
        "contexts": list(row.get("contexts") or []),
        "actor": actor("actor"),
        "recipient": actor("recipient"),
        "date": date.isoformat() if date is not None else None,
        "negated": row["negated"],
        "future": row["future"],
        "quad": row["quad"],
        "score": row["score"],
        "confidence": row["confidence"],
        "doc_id": row["doc_id"],
        "sentence_index": row["sentence_index"],
        "sentence": row["sentence"],
        "evidence": {"start": row["evidence_start"], "end": row["evidence_end"]},
        "source": row["source"],
        "lang": row.get("lang"),
    }


def cameo_rows(rows: Sequence[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        code = plover_to_cameo(row["event_type"], row.get("mode"))
        date = row.get("date")
        yield {
            "event_id": row["id"],
            "date": date.strftime("%Y%m%d") if date is not None else "",
            "source_code": _cameo_actor(row, "actor"),
            "target_code": _cameo_actor(row, "recipient"),
            "cameo_code": code,
            "root_code": code[:2],
            "quad_class": _QUAD_CLASS.get(row["quad"], ""),
            "plover_type": row["event_type"],
            "plover_mode": row.get("mode") or "",
            "plover_score": row["score"],
            "doc_id": row["doc_id"],
            "source_text": row.get("actor_text") or "",
            "target_text": row.get("recipient_text") or "",
        }


def _cameo_actor(row: dict[str, Any], side: str) -> str:
    country = row.get(f"{side}_country") or ""
    sector = row.get(f"{side}_sector") or ""
    if country or sector:
        return country + sector
    return row.get(f"{side}_org") or row.get(f"{side}_id") or ""


def write_events(rows: Sequence[dict[str, Any]], out: TextIO | Path, *, fmt: str) -> int:
    """Write event rows in a format to a text stream (jsonl, csv, cameo) or a path (all)."""
    if fmt not in FORMATS:
        raise UsageError(E.BW402, f"unknown export format {fmt!r}")
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise UsageError(E.BW402, "parquet needs an output file", hint="pass --output FILE.parquet")
        table = pa.Table.from_pylist([dict(r) for r in rows]) if rows else pa.table({})
        pq.write_table(table, out)
        return len(rows)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as handle:
            return write_events(rows, handle, fmt=fmt)
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(to_interchange(row), ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        if rows:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            for row in rows:
                writer.writerow({k: safe_cell(";".join(v) if isinstance(v, list) else v) for k, v in row.items()})
    else:
        writer = csv.DictWriter(out, fieldnames=list(CAMEO_COLUMNS), delimiter="\t")
        writer.writeheader()
        for cameo in cameo_rows(rows):
            writer.writerow({k: safe_cell(v) for k, v in cameo.items()})
    return len(rows)


def export_events(bw: Blocwatch, path: str | Path | None, *, fmt: str, **filters: Any) -> tuple[int, str | None]:
    """Export stored events; returns (rows, text) where text is the output when ``path`` is None."""
    rows = bw.events.query(**filters)
    if path is None:
        buffer = io.StringIO()
        count = write_events(rows, buffer, fmt=fmt)
        return count, buffer.getvalue()
    return write_events(rows, Path(path), fmt=fmt), None
