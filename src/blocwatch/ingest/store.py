"""Batched, transactional writes of articles, sources and quarantine rows.

A batch is written in one transaction: all of it is stored or none of it. Every write is
``insert or ignore`` on content-derived keys, so writing the same batch twice changes
nothing — which is what makes a killed run safe to re-run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from blocwatch.ingest.records import Article, Quarantined, storable


@dataclass(frozen=True)
class SourceRow:
    """One place a story came from (``article_sources``)."""

    article_id: str
    url: str | None
    outlet: str | None
    reader: str
    location: str


def quarantine_id(location: str, code: str) -> str:
    """The key of a quarantine row: the same problem at the same place is recorded once."""
    return hashlib.sha256(f"{location}\0{code}".encode()).hexdigest()


def _chunks(values: Sequence[str], size: int = 5000) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def existing_ids(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> set[str]:
    """Which of ``ids`` are already stored."""
    found: set[str] = set()
    for chunk in _chunks(list(ids)):
        rows = con.execute("select id from articles where id in (select unnest(?::varchar[]))", [list(chunk)])
        found.update(row[0] for row in rows.fetchall())
    return found


def existing_sources(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> set[tuple[str, str]]:
    """``(article_id, location)`` pairs already recorded for ``ids``."""
    found: set[tuple[str, str]] = set()
    for chunk in _chunks(list(ids)):
        rows = con.execute(
            "select article_id, location from article_sources where article_id in (select unnest(?::varchar[]))",
            [list(chunk)],
        )
        found.update((row[0], row[1]) for row in rows.fetchall())
    return found


def original_by_fingerprint(con: duckdb.DuckDBPyConnection, fingerprints: Sequence[str]) -> dict[str, str]:
    """For each fingerprint already stored, the id of the first article that has it."""
    found: dict[str, str] = {}
    for chunk in _chunks(list(fingerprints)):
        rows = con.execute(
            "select fingerprint, min_by(id, ingested_at) from articles"
            " where duplicate_of is null and fingerprint in (select unnest(?::varchar[])) group by fingerprint",
            [list(chunk)],
        )
        found.update({row[0]: row[1] for row in rows.fetchall()})
    return found


def _safe(text: str | None) -> str | None:
    """Text that Arrow and DuckDB accept (no lone surrogates): see :func:`storable`."""
    return None if text is None else storable(text)


def write_batch(
    con: duckdb.DuckDBPyConnection,
    articles: Sequence[tuple[Article, str | None]],
    sources: Sequence[SourceRow],
    quarantined: Sequence[Quarantined],
    *,
    now: dt.datetime,
) -> None:
    """Write one batch in one transaction: ``articles`` as (article, duplicate_of) pairs."""
    article_table = pa.table(
        {
            "id": pa.array([a.id for a, _ in articles], pa.string()),
            "title": pa.array([_safe(a.title) for a, _ in articles], pa.string()),
            "text": pa.array([a.text for a, _ in articles], pa.string()),
            "lang": pa.array([a.lang for a, _ in articles], pa.string()),
            "published": pa.array([a.published for a, _ in articles], pa.date32()),
            "published_source": pa.array([a.published_source for a, _ in articles], pa.string()),
            "url": pa.array([_safe(a.url) for a, _ in articles], pa.string()),
            "outlet": pa.array([_safe(a.outlet) for a, _ in articles], pa.string()),
            "reader": pa.array([a.reader for a, _ in articles], pa.string()),
            "location": pa.array([_safe(a.location) for a, _ in articles], pa.string()),
            "duplicate_of": pa.array([dup for _, dup in articles], pa.string()),
            "fingerprint": pa.array([a.fingerprint for a, _ in articles], pa.string()),
        }
    )
    source_table = pa.table(
        {
            "article_id": pa.array([s.article_id for s in sources], pa.string()),
            "url": pa.array([_safe(s.url) for s in sources], pa.string()),
            "outlet": pa.array([_safe(s.outlet) for s in sources], pa.string()),
            "reader": pa.array([s.reader for s in sources], pa.string()),
            "location": pa.array([_safe(s.location) for s in sources], pa.string()),
        }
    )
    quarantine_table = pa.table(
        {
            "id": pa.array([quarantine_id(storable(q.location), q.code.id) for q in quarantined], pa.string()),
            "location": pa.array([_safe(q.location) for q in quarantined], pa.string()),
            "reason_code": pa.array([q.code.id for q in quarantined], pa.string()),
            "reason": pa.array([_safe(q.reason) for q in quarantined], pa.string()),
            "reader": pa.array([q.reader for q in quarantined], pa.string()),
            "snippet": pa.array([_safe(q.snippet) for q in quarantined], pa.string()),
        }
    )
    con.execute("begin transaction")
    try:
        con.register("_bw_new_articles", article_table)
        con.register("_bw_new_sources", source_table)
        con.register("_bw_new_quarantine", quarantine_table)
        con.execute(
            "insert or ignore into articles select id, title, text, lang, published, published_source, url, outlet,"
            " reader, location, duplicate_of, fingerprint, ? from _bw_new_articles",
            [now],
        )
        con.execute(
            "insert or ignore into article_sources select article_id, url, outlet, reader, location, ?"
            " from _bw_new_sources",
            [now],
        )
        con.execute(
            "insert or ignore into quarantine select id, location, reason_code, reason, reader, ?, snippet"
            " from _bw_new_quarantine",
            [now],
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        for name in ("_bw_new_articles", "_bw_new_sources", "_bw_new_quarantine"):
            con.unregister(name)
