"""The Parquet exchange format of ``blocwatch ingest --engine ray``: one folder per table,
one file per shard (``articles/shard-00003.parquet``, …), and ``manifest.json``.

Every table has the columns ``shard`` (the shard number) and ``seq`` (the position in the
shard, in input order); the merge reads each shard's rows in that order. The schema is
documented in docs/architecture.md; DuckDB reads it directly::

    select event_type, count(*) from 'out/events/*.parquet' group by all
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from blocwatch.ingest.records import Article, Quarantined, storable
from blocwatch.ingest.store import SourceRow, quarantine_id

_POS = [pa.field("shard", pa.int32(), False), pa.field("seq", pa.int32(), False)]
_S = pa.string()

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            *_POS,
            pa.field("id", _S, False),
            pa.field("fingerprint", _S, False),
            pa.field("title", _S),
            pa.field("text", _S, False),
            pa.field("lang", _S, False),
            pa.field("published", pa.date32()),
            pa.field("published_source", _S, False),
            pa.field("url", _S),
            pa.field("outlet", _S),
            pa.field("reader", _S, False),
            pa.field("location", _S, False),
            pa.field("coded", pa.bool_(), False),
        ]
    ),
    "sources": pa.schema(
        [
            *_POS,
            pa.field("article_id", _S, False),
            pa.field("url", _S),
            pa.field("outlet", _S),
            pa.field("reader", _S, False),
            pa.field("location", _S, False),
        ]
    ),
    "quarantine": pa.schema(
        [
            *_POS,
            pa.field("id", _S, False),
            pa.field("location", _S, False),
            pa.field("reason_code", _S, False),
            pa.field("reason", _S, False),
            pa.field("reader", _S),
            pa.field("snippet", _S),
        ]
    ),
    "events": pa.schema(
        [
            *_POS,
            *(
                pa.field(name, kind)
                for name, kind in (
                    ("id", _S),
                    ("doc_id", _S),
                    ("sentence_index", pa.int32()),
                    ("sentence", _S),
                    ("event_type", _S),
                    ("mode", _S),
                    ("contexts", pa.list_(_S)),
                    ("actor_text", _S),
                    ("actor_country", _S),
                    ("actor_sector", _S),
                    ("actor_org", _S),
                    ("actor_id", _S),
                    ("recipient_text", _S),
                    ("recipient_country", _S),
                    ("recipient_sector", _S),
                    ("recipient_org", _S),
                    ("recipient_id", _S),
                    ("date", pa.date32()),
                    ("negated", pa.bool_()),
                    ("future", pa.bool_()),
                    ("quad", _S),
                    ("score", pa.float64()),
                    ("confidence", pa.float64()),
                    ("evidence_start", pa.int32()),
                    ("evidence_end", pa.int32()),
                    ("source", _S),
                    ("lang", _S),
                )
            ),
        ]
    ),
    "proposals": pa.schema(
        [
            *_POS,
            *(
                pa.field(name, kind)
                for name, kind in (
                    ("id", _S),
                    ("kind", _S),
                    ("org", _S),
                    ("member", _S),
                    ("change", _S),
                    ("date", pa.date32()),
                    ("payload", _S),
                    ("confidence", pa.float64()),
                    ("doc_id", _S),
                    ("sentence", _S),
                    ("evidence_start", pa.int32()),
                    ("evidence_end", pa.int32()),
                    ("source", _S),
                    ("status", _S),
                    ("date_precision", _S),
                    ("relation", _S),
                    ("graph_fact", _S),
                    ("key", _S),
                )
            ),
        ]
    ),
    "evidence": pa.schema(
        [
            *_POS,
            *(
                pa.field(name, kind)
                for name, kind in (
                    ("proposal_id", _S),
                    ("doc_id", _S),
                    ("sentence_index", pa.int32()),
                    ("sentence", _S),
                    ("evidence_start", pa.int32()),
                    ("evidence_end", pa.int32()),
                    ("article_date", pa.date32()),
                    ("date", pa.date32()),
                    ("date_precision", _S),
                    ("date_text", _S),
                    ("speaker", _S),
                    ("relation", _S),
                    ("graph_fact", _S),
                    ("confidence", pa.float64()),
                    ("source", _S),
                )
            ),
        ]
    ),
}
TABLES: tuple[str, ...] = tuple(SCHEMAS)


def _safe(text: str | None) -> str | None:
    return None if text is None else storable(text)


def article_row(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "fingerprint": article.fingerprint,
        "title": _safe(article.title),
        "text": article.text,
        "lang": article.lang,
        "published": article.published,
        "published_source": article.published_source,
        "url": _safe(article.url),
        "outlet": _safe(article.outlet),
        "reader": article.reader,
        "location": _safe(article.location),
    }


def article_of(row: dict[str, Any]) -> Article:
    return Article(**{name: row[name] for name in SCHEMAS["articles"].names if name not in ("shard", "seq", "coded")})


def source_row_dict(row: SourceRow) -> dict[str, Any]:
    return {
        "article_id": row.article_id,
        "url": _safe(row.url),
        "outlet": _safe(row.outlet),
        "reader": row.reader,
        "location": _safe(row.location),
    }


def quarantine_row(item: Quarantined) -> dict[str, Any]:
    return {
        "id": quarantine_id(storable(item.location), item.code.id),
        "location": _safe(item.location),
        "reason_code": item.code.id,
        "reason": _safe(item.reason),
        "reader": item.reader,
        "snippet": _safe(item.snippet),
    }


def shard_file(root: Path, table: str, shard: int) -> Path:
    return root / table / f"shard-{shard:05d}.parquet"


def write_shard(root: Path, shard: int, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Write one shard's tables; each file appears whole or not at all (written under a
    temporary name, then renamed), the articles file last: its presence means the shard is done."""
    for table in (*(t for t in TABLES if t != "articles"), "articles"):
        rows = [{"shard": shard, "seq": seq, **row} for seq, row in enumerate(tables.get(table, []))]
        target = shard_file(root, table, shard)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".parquet.partial")
        pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]), partial)
        partial.replace(target)


def read_shard(root: Path, shard: int) -> dict[str, list[dict[str, Any]]]:
    """One shard's rows by table, in input order."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        path = shard_file(root, table, shard)
        out[table] = pq.read_table(path).to_pylist() if path.exists() else []
        for row in out[table]:
            row.pop("shard", None)
            row.pop("seq", None)
    return out


# --- the manifest --------------------------------------------------------------------
MANIFEST = "manifest.json"


def read_manifest(root: Path) -> dict[str, Any]:
    path = root / MANIFEST
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def write_manifest(root: Path, manifest: dict[str, Any]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    manifest["updated"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    partial = root / (MANIFEST + ".partial")
    partial.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    partial.replace(root / MANIFEST)
