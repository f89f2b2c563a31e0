"""The one owner of the ``events``, ``proposals`` and ``proposal_evidence`` tables.

Their column lists, the proposal kinds, statuses and relations are defined here once and
used by the extraction store (writes), the CLI, the web app, review and analytics
(reads). Until extraction has run the tables may be absent, and every query here then
returns nothing rather than failing. Filters are always bound parameters.

    >>> total, rows = list_proposals(con, relation="new", min_confidence=0.7)  # doctest: +SKIP
    >>> get_proposal(con, rows[0]["id"])["evidence"]  # doctest: +SKIP
    [{'doc_id': …, 'sentence': …, 'start': …, 'end': …, 'outlet': …, 'date': …}, …]

The review queue is the pending proposals whose relation is not ``confirms``; it is
ordered by relation (contradicts, refines, new) and then by confidence.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import duckdb

from blocwatch.errors import E, UsageError

DateLike = str | dt.date | int | None

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
    "actor_id",
    "recipient_text",
    "recipient_country",
    "recipient_sector",
    "recipient_org",
    "recipient_id",
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
    "date_precision",
    "relation",
    "graph_fact",
    "evidence_count",
    "sources_count",
    "key",
)
EVIDENCE_COLUMNS = (
    "proposal_id",
    "doc_id",
    "sentence_index",
    "sentence",
    "evidence_start",
    "evidence_end",
    "outlet",
    "url",
    "article_date",
    "date",
    "date_precision",
    "date_text",
    "speaker",
    "relation",
    "graph_fact",
    "confidence",
    "source",
)
PROPOSAL_KINDS = ("membership", "presidency", "mechanism", "meeting", "area")
PROPOSAL_STATUSES = ("pending", "accepted", "rejected")
#: Relations to the graph, in review order (what needs a decision most comes first).
RELATIONS = ("contradicts", "refines", "new", "confirms")
MAX_LIMIT = 1000
_JSON_COLUMNS = ("payload", "graph_fact")


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "select count(*) from information_schema.tables where table_name = ? and table_schema = 'main'", [name]
    ).fetchone()
    return bool(row and row[0])


def period(start: DateLike, end: DateLike) -> tuple[dt.date, dt.date]:
    """A closed period (see :func:`blocwatch.analytics._common.period`)."""
    from blocwatch.analytics._common import period as _period

    return _period(start, end)


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


def _record(names: list[str], row: tuple[Any, ...]) -> dict[str, Any]:
    out = {k: _jsonable(v) for k, v in zip(names, row, strict=True)}
    for key in _JSON_COLUMNS:
        if isinstance(out.get(key), str):
            out[key] = json.loads(out[key])
    return out


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


def _check_choice(value: str | None, choices: tuple[str, ...], name: str) -> None:
    if value is not None and value not in choices:
        code = E.BW451 if name == "relation" else E.BW452
        raise UsageError(code, f"{name} must be one of {', '.join(choices)}, got {value!r}", suggestions=list(choices))


def list_proposals(
    con: duckdb.DuckDBPyConnection,
    *,
    status: str | None = None,
    kind: str | None = None,
    org: str | None = None,
    relation: str | None = None,
    min_confidence: float | None = None,
    queue: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """Proposals by relation (contradicts, refines, new, confirms) and confidence, and how many match.

    ``queue`` keeps the review queue only: pending and not ``confirms``.
    """
    _check_limit(limit, offset)
    _check_choice(status, PROPOSAL_STATUSES, "status")
    _check_choice(kind, PROPOSAL_KINDS, "kind")
    _check_choice(relation, RELATIONS, "relation")
    if min_confidence is not None and not 0 <= min_confidence <= 1:
        raise UsageError(E.BW452, f"min-confidence must be between 0 and 1, got {min_confidence}")
    if not table_exists(con, "proposals"):
        return 0, []
    where = [
        "(? is null or t.status = ?)",
        "(? is null or t.kind = ?)",
        "(? is null or t.org = ?)",
        "(? is null or t.relation = ?)",
        "(? is null or t.confidence >= ?)",
    ]
    params: list[Any] = [status, status, kind, kind, org, org, relation, relation, min_confidence, min_confidence]
    if queue:
        where.append("t.status = 'pending' and t.relation <> 'confirms'")
    clause = " and ".join(where)
    total_row = con.execute(f"select count(*) from proposals t where {clause}", params).fetchone()  # noqa: S608
    extra, join = _article_join(con)
    columns = ", ".join(f"t.{c}" for c in PROPOSAL_COLUMNS)
    order = " ".join(f"when '{r}' then {i}" for i, r in enumerate(RELATIONS))
    cursor = con.execute(
        f"select {columns}, t.created_at{extra} from proposals t{join} where {clause}"  # noqa: S608 - fixed columns
        f" order by case t.relation {order} else 9 end, t.confidence desc, t.date desc nulls last, t.id"
        " limit ? offset ?",
        [*params, limit, offset],
    )
    names = [d[0] for d in cursor.description or []]
    out = [_record(names, r) for r in cursor.fetchall()]
    return int(total_row[0]) if total_row else 0, out


def proposal_evidence(con: duckdb.DuckDBPyConnection, proposal_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The evidence of each proposal (oldest article first)."""
    if not proposal_ids or not table_exists(con, "proposal_evidence"):
        return {}
    cursor = con.execute(
        f"select {', '.join(EVIDENCE_COLUMNS)} from proposal_evidence "  # noqa: S608 - fixed columns
        "where proposal_id in (select unnest(?)) order by article_date nulls last, doc_id, evidence_start",
        [proposal_ids],
    )
    names = [d[0] for d in cursor.description or []]
    out: dict[str, list[dict[str, Any]]] = {}
    for row in cursor.fetchall():
        record = _record(names, row)
        out.setdefault(str(record.pop("proposal_id")), []).append(record)
    return out


def with_evidence(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows, each with its ``evidence`` list."""
    evidence = proposal_evidence(con, [str(r["id"]) for r in rows])
    return [{**r, "evidence": evidence.get(str(r["id"]), [])} for r in rows]


def get_proposal(con: duckdb.DuckDBPyConnection, proposal_id: str) -> dict[str, Any]:
    """One proposal with its article's metadata and all its evidence; :data:`E.BW503` if there is none."""
    if table_exists(con, "proposals"):
        extra, join = _article_join(con)
        columns = ", ".join(f"t.{c}" for c in PROPOSAL_COLUMNS)
        cursor = con.execute(
            f"select {columns}, t.created_at{extra} from proposals t{join} where t.id = ?",  # noqa: S608
            [proposal_id],
        )
        row = cursor.fetchone()
        if row is not None:
            names = [d[0] for d in cursor.description or []]
            return with_evidence(con, [_record(names, row)])[0]
    raise UsageError(E.BW503, f"no proposal with id {proposal_id!r}")


def count(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows in the events and proposals tables (0 when absent)."""
    out = {}
    for table in ("events", "proposals", "proposal_evidence"):
        row = con.execute(f"select count(*) from {table}").fetchone() if table_exists(con, table) else (0,)  # noqa: S608
        out[table] = int(row[0]) if row else 0
    return out
