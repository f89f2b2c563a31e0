"""Read access to coded events and proposals for the CLI, the API and the dashboard.

The ``events`` and ``proposals`` tables belong to the extraction component; until it has
run (or where it is not installed) they may be absent, and every query here then returns
nothing rather than failing. Filters are always bound parameters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from blocwatch.analytics._common import DateLike, period, table_exists
from blocwatch.errors import E, UsageError

EVENT_COLUMNS = (
    "id",
    "doc_id",
    "sentence_index",
    "sentence",
    "event_type",
    "mode",
    "contexts",
    "actor_text",
    "actor_country",
    "actor_sector",
    "actor_org",
    "recipient_text",
    "recipient_country",
    "recipient_sector",
    "recipient_org",
    "date",
    "negated",
    "future",
    "quad",
    "score",
    "confidence",
    "evidence_start",
    "evidence_end",
    "source",
    "lang",
)
PROPOSAL_COLUMNS = (
    "id",
    "kind",
    "org",
    "member",
    "change",
    "date",
    "payload",
    "confidence",
    "doc_id",
    "sentence",
    "evidence_start",
    "evidence_end",
    "source",
    "status",
    "created_at",
)
PROPOSAL_STATUSES = ("pending", "accepted", "rejected")
MAX_LIMIT = 1000


@dataclass(frozen=True)
class EventFilter:
    """Filters of the events explorer; every field optional."""

    country: str | None = None
    org: str | None = None
    event_type: str | None = None
    quad: str | None = None
    start: DateLike = None
    end: DateLike = None
    text: str | None = None
    doc_id: str | None = None
    limit: int = 100
    offset: int = 0


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _article_join(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    if table_exists(con, "articles"):
        return ", a.url as article_url, a.title as article_title, a.outlet as article_outlet", (
            " left join articles a on a.id = t.doc_id"
        )
    return ", null as article_url, null as article_title, null as article_outlet", ""


def _check_limit(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise UsageError(E.BW502, f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if offset < 0:
        raise UsageError(E.BW502, f"offset must be 0 or more, got {offset}")


def list_events(con: duckdb.DuckDBPyConnection, filters: EventFilter) -> tuple[int, list[dict[str, Any]]]:
    """Events matching ``filters`` (newest first) and how many match in all."""
    _check_limit(filters.limit, filters.offset)
    if not table_exists(con, "events"):
        return 0, []
    first, last = period(filters.start, filters.end)
    where = ["t.date between ? and ?"]
    params: list[Any] = [first, last]
    if filters.country:
        where.append("(t.actor_country = ? or t.recipient_country = ?)")
        params += [filters.country, filters.country]
    if filters.org:
        where.append("(t.actor_org = ? or t.recipient_org = ?)")
        params += [filters.org, filters.org]
    if filters.event_type:
        where.append("t.event_type = ?")
        params.append(filters.event_type.upper())
    if filters.quad:
        where.append("t.quad = ?")
        params.append(filters.quad.upper())
    if filters.doc_id:
        where.append("t.doc_id = ?")
        params.append(filters.doc_id)
    if filters.text:
        where.append("contains(lower(t.sentence), lower(?))")
        params.append(filters.text)
    clause = " and ".join(where)
    total_row = con.execute(f"select count(*) from events t where {clause}", params).fetchone()  # noqa: S608
    extra, join = _article_join(con)
    columns = ", ".join(f"t.{c}" for c in EVENT_COLUMNS)
    rows = con.execute(
        f"select {columns}{extra} from events t{join} where {clause}"  # noqa: S608 - fixed columns, bound values
        " order by t.date desc nulls last, t.id limit ? offset ?",
        [*params, filters.limit, filters.offset],
    )
    names = [d[0] for d in rows.description or []]
    out = [{k: _jsonable(v) for k, v in zip(names, r, strict=True)} for r in rows.fetchall()]
    return int(total_row[0]) if total_row else 0, out


def get_event(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    """One event with its article's metadata and the evidence text (the sentence)."""
    if not table_exists(con, "events"):
        return None
    extra, join = _article_join(con)
    columns = ", ".join(f"t.{c}" for c in EVENT_COLUMNS)
    cursor = con.execute(f"select {columns}{extra} from events t{join} where t.id = ?", [event_id])  # noqa: S608
    row = cursor.fetchone()
    if row is None:
        return None
    names = [d[0] for d in cursor.description or []]
    return {k: _jsonable(v) for k, v in zip(names, row, strict=True)}


def evidence_context(
    con: duckdb.DuckDBPyConnection, doc_id: str, start: int, end: int, *, margin: int = 300
) -> tuple[str, str, str] | None:
    """The evidence span of an article with up to ``margin`` characters of text on each side."""
    if not table_exists(con, "articles"):
        return None
    row = con.execute("select text from articles where id = ?", [doc_id]).fetchone()
    if row is None or row[0] is None or not 0 <= start <= end <= len(row[0]):
        return None
    text = str(row[0])
    before = text[max(0, start - margin) : start]
    after = text[end : end + margin]
    return (
        ("…" + before if start > margin else before),
        text[start:end],
        (after + "…" if end + margin < len(text) else after),
    )


def list_proposals(
    con: duckdb.DuckDBPyConnection,
    *,
    status: str | None = None,
    kind: str | None = None,
    org: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """Proposals (newest first), optionally by status, kind and organization."""
    _check_limit(limit, offset)
    if status is not None and status not in PROPOSAL_STATUSES:
        raise UsageError(E.BW502, f"status must be one of {', '.join(PROPOSAL_STATUSES)}, got {status!r}")
    if not table_exists(con, "proposals"):
        return 0, []
    where = ["(? is null or t.status = ?)", "(? is null or t.kind = ?)", "(? is null or t.org = ?)"]
    params: list[Any] = [status, status, kind, kind, org, org]
    clause = " and ".join(where)
    total_row = con.execute(f"select count(*) from proposals t where {clause}", params).fetchone()  # noqa: S608
    extra, join = _article_join(con)
    columns = ", ".join(f"t.{c}" for c in PROPOSAL_COLUMNS)
    cursor = con.execute(
        f"select {columns}{extra} from proposals t{join} where {clause}"  # noqa: S608 - fixed columns
        " order by t.created_at desc nulls last, t.id limit ? offset ?",
        [*params, limit, offset],
    )
    names = [d[0] for d in cursor.description or []]
    out = [{k: _jsonable(v) for k, v in zip(names, r, strict=True)} for r in cursor.fetchall()]
    return int(total_row[0]) if total_row else 0, out


def get_proposal(con: duckdb.DuckDBPyConnection, proposal_id: str) -> dict[str, Any]:
    """One proposal with its article's metadata; :data:`E.BW503` if there is none."""
    if table_exists(con, "proposals"):
        extra, join = _article_join(con)
        columns = ", ".join(f"t.{c}" for c in PROPOSAL_COLUMNS)
        cursor = con.execute(f"select {columns}{extra} from proposals t{join} where t.id = ?", [proposal_id])  # noqa: S608
        row = cursor.fetchone()
        if row is not None:
            names = [d[0] for d in cursor.description or []]
            return {k: _jsonable(v) for k, v in zip(names, row, strict=True)}
    raise UsageError(E.BW503, f"no proposal with id {proposal_id!r}")
