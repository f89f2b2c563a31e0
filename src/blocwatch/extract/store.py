"""The extraction facade on a store: ``bw.events``.

>>> bw.events.extract_articles(["3f2a…"])  # doctest: +SKIP
{'documents': 1, 'events': 5, 'proposals': 3}
>>> bw.events.query(actor="RUS", event_type="AGREE", since="2020")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from blocwatch.dates import parse_date
from blocwatch.errors import E, UsageError
from blocwatch.extract.pipeline import Document, Extraction, Extractor
from blocwatch.extract.plover import EVENT_TYPES
from blocwatch.extract.records import Event, Proposal

if TYPE_CHECKING:
    from blocwatch.core import Blocwatch

log = logging.getLogger(__name__)

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
)

_EVENT_LIST = ", ".join(EVENT_COLUMNS)
_PROPOSAL_LIST = ", ".join(PROPOSAL_COLUMNS)
_INSERT_EVENTS = (
    f"insert or replace into events ({_EVENT_LIST}, created_at) select {_EVENT_LIST}, created_at from _bw_events"  # noqa: S608
)
_INSERT_PROPOSALS = (
    f"insert into proposals ({_PROPOSAL_LIST}, created_at) select {_PROPOSAL_LIST}, created_at from _bw_proposals"  # noqa: S608
)


class Events:
    """Coding stored articles, and querying the events and proposals tables."""

    def __init__(self, bw: Blocwatch) -> None:
        self.bw = bw
        self._extractor: Extractor | None = None

    @property
    def extractor(self) -> Extractor:
        """The extractor for this store (models loaded on first use)."""
        if self._extractor is None:
            self.bw.ensure_built()
            self._extractor = Extractor.for_store(self.bw.con, settings=self.bw.settings)
        return self._extractor

    # --- writing ----------------------------------------------------------------------
    def extract_articles(self, article_ids: Sequence[str] | None = None) -> dict[str, int]:
        """Code stored articles (all of them when ``article_ids`` is None) into the tables.

        Re-coding an article replaces its events and its pending proposals; proposals
        already accepted or rejected are kept.
        """
        sql = "select id, text, published, lang, title from articles where duplicate_of is null"
        params: list[Any] = []
        if article_ids is not None:
            if not article_ids:
                return {"documents": 0, "events": 0, "proposals": 0}
            sql += " and id in (select unnest(?))"
            params.append(list(article_ids))
        rows = self.bw.con.execute(sql, params).fetchall()
        docs = [Document(id=r[0], text=r[1] or "", date=r[2], lang=r[3], title=r[4]) for r in rows]
        return self.store(self.extractor.extract_many(docs), replace=True)

    def store(self, extractions: Iterable[Extraction], *, replace: bool = True) -> dict[str, int]:
        """Write extraction results (events and proposals) in one transaction per call."""
        events: list[Event] = []
        proposals: list[Proposal] = []
        doc_ids: list[str] = []
        for result in extractions:
            doc_ids.append(result.doc.id)
            events.extend(result.events)
            proposals.extend(result.proposals)
        con = self.bw.con
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        con.execute("begin transaction")
        try:
            if replace and doc_ids:
                con.execute("delete from events where doc_id in (select unnest(?))", [doc_ids])
                con.execute(
                    "delete from proposals where status = 'pending' and doc_id in (select unnest(?))", [doc_ids]
                )
            if events:
                rows = [{**e.to_row(), "created_at": now} for e in events]
                table = pa.Table.from_pylist(rows)
                con.register("_bw_events", table)
                con.execute(_INSERT_EVENTS)
                con.unregister("_bw_events")
            if proposals:
                kept = {
                    r[0]
                    for r in con.execute(
                        "select id from proposals where id in (select unnest(?))", [[p.id for p in proposals]]
                    ).fetchall()
                }
                rows = [
                    {**p.to_row(), "payload": json.dumps(p.payload, ensure_ascii=False), "created_at": now}
                    for p in proposals
                    if p.id not in kept
                ]
                if rows:
                    con.register("_bw_proposals", pa.Table.from_pylist(rows))
                    con.execute(_INSERT_PROPOSALS)
                    con.unregister("_bw_proposals")
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        return {"documents": len(doc_ids), "events": len(events), "proposals": len(proposals)}

    # --- reading ----------------------------------------------------------------------
    def query(
        self,
        *,
        actor: str | None = None,
        recipient: str | None = None,
        event_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        doc_id: str | None = None,
        min_confidence: float | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored events, filtered. ``actor``/``recipient`` match a country, org, person or actor id."""
        where, params = self._filters(actor, recipient, event_type, since, until, doc_id, min_confidence)
        sql = (
            f"select {', '.join(EVENT_COLUMNS)} from events{where} order by date nulls last, doc_id, sentence_index, id"  # noqa: S608
        )
        if limit:
            sql += f" limit {int(limit)}"
        cursor = self.bw.con.execute(sql, params)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    def _filters(
        self,
        actor: str | None,
        recipient: str | None,
        event_type: str | None,
        since: str | None,
        until: str | None,
        doc_id: str | None,
        min_confidence: float | None,
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for side, value in (("actor", actor), ("recipient", recipient)):
            if value:
                ident = self._entity(value)
                clauses.append(f"(? in ({side}_country, {side}_org, {side}_id) or {side}_id like ? || '%')")
                params.extend([ident, ident])
        if event_type:
            upper = event_type.upper()
            if upper not in EVENT_TYPES:
                raise UsageError(E.BW405, f"unknown event type {event_type!r}", suggestions=list(EVENT_TYPES))
            clauses.append("event_type = ?")
            params.append(upper)
        if since:
            clauses.append("date >= ?")
            params.append(parse_date(since).value)
        if until:
            clauses.append("date <= ?")
            params.append(parse_date(until).value)
        if doc_id:
            clauses.append("doc_id = ?")
            params.append(doc_id)
        if min_confidence is not None:
            clauses.append("confidence >= ?")
            params.append(min_confidence)
        return ((" where " + " and ".join(clauses)) if clauses else ""), params

    def _entity(self, text: str) -> str:
        if text.isupper() and 3 <= len(text) <= 8:
            return text
        try:
            return self.bw.graph.resolve_member(text)
        except UsageError:
            return text

    def proposals(
        self, *, status: str | None = None, kind: str | None = None, org: str | None = None
    ) -> list[dict[str, Any]]:
        """Stored proposals with their evidence, newest first."""
        clauses, params = [], []
        for column, value in (("status", status), ("kind", kind)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        if org:
            clauses.append("org = ?")
            params.append(self.bw.graph.resolve_org(org))
        where = (" where " + " and ".join(clauses)) if clauses else ""
        cursor = self.bw.con.execute(
            f"select {', '.join(PROPOSAL_COLUMNS)}, created_at from proposals{where} "  # noqa: S608
            "order by created_at desc, doc_id, evidence_start",
            params,
        )
        columns = [d[0] for d in cursor.description]
        out = []
        for row in cursor.fetchall():
            record = dict(zip(columns, row, strict=True))
            record["payload"] = (
                json.loads(record["payload"]) if isinstance(record["payload"], str) else record["payload"]
            )
            out.append(record)
        return out

    def count(self) -> dict[str, int]:
        """Rows in the events and proposals tables."""
        events = self.bw.con.execute("select count(*) from events").fetchone()
        proposals = self.bw.con.execute("select count(*) from proposals").fetchone()
        return {"events": int(events[0]) if events else 0, "proposals": int(proposals[0]) if proposals else 0}
