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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from blocwatch.dates import parse_date
from blocwatch.errors import E, UsageError
from blocwatch.extract import tables
from blocwatch.extract.pipeline import Document, Extraction, Extractor
from blocwatch.extract.plover import EVENT_TYPES
from blocwatch.extract.records import Proposal
from blocwatch.extract.tables import EVENT_COLUMNS, EVIDENCE_COLUMNS, PROPOSAL_COLUMNS

if TYPE_CHECKING:
    from blocwatch.core import Blocwatch

log = logging.getLogger(__name__)

_EVENT_LIST = ", ".join(EVENT_COLUMNS)
_INSERT_EVENTS = (
    f"insert or replace into events ({_EVENT_LIST}, created_at) select {_EVENT_LIST}, created_at from _bw_events"  # noqa: S608
)
_NEW_PROPOSAL_COLUMNS = tuple(c for c in PROPOSAL_COLUMNS if c not in ("evidence_count", "sources_count"))
_INSERT_PROPOSALS = (
    f"insert into proposals ({', '.join(_NEW_PROPOSAL_COLUMNS)}, created_at) "  # noqa: S608
    f"select {', '.join(_NEW_PROPOSAL_COLUMNS)}, created_at from _bw_proposals "
    "where id not in (select id from proposals)"
)
_EVIDENCE_LIST = ", ".join(c for c in EVIDENCE_COLUMNS if c not in ("outlet", "url"))
_INSERT_EVIDENCE = (
    f"insert into proposal_evidence ({_EVIDENCE_LIST}, outlet, url, created_at) "  # noqa: S608
    f"select {', '.join('e.' + c for c in _EVIDENCE_LIST.split(', '))}, a.outlet, a.url, e.created_at "
    "from _bw_evidence e left join articles a on a.id = e.doc_id "
    "on conflict do nothing"
)
_PRECISION_RANK = "case date_precision when 'day' then 0 when 'month' then 1 when 'year' then 2 else 3 end"
#: Recomputes a proposal from its evidence: the most precise date (then the most recent
#: evidence) chooses date, relation and graph fact; confidence is the noisy-or of the
#: strongest evidence of each independent source (outlet, or article when the outlet is unknown).
_REFRESH = f"""
with ranked as (
    select *, row_number() over (
        partition by proposal_id order by {_PRECISION_RANK}, confidence desc, article_date desc nulls last, doc_id
    ) as rank
    from proposal_evidence where proposal_id in (select unnest($ids))
),
per_source as (
    select proposal_id, coalesce(outlet, doc_id) as origin, max(confidence) as confidence
    from proposal_evidence where proposal_id in (select unnest($ids)) group by all
),
totals as (
    select proposal_id, 1 - product(1 - confidence) as confidence, count(*) as sources
    from per_source group by proposal_id
),
counts as (
    select proposal_id, count(*) as evidence from proposal_evidence
    where proposal_id in (select unnest($ids)) group by proposal_id
)
update proposals set
    date = r.date, date_precision = r.date_precision, relation = r.relation, graph_fact = r.graph_fact,
    doc_id = r.doc_id, sentence = r.sentence, evidence_start = r.evidence_start, evidence_end = r.evidence_end,
    confidence = round(t.confidence, 3), sources_count = t.sources, evidence_count = c.evidence
from ranked r, totals t, counts c
where r.rank = 1 and r.proposal_id = proposals.id and t.proposal_id = proposals.id and c.proposal_id = proposals.id
"""  # noqa: S608 - fixed SQL


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
        """Write extraction results (events and proposals) in one transaction per call.

        A proposal is one change: the same change from several sentences or articles is
        one row of ``proposals`` with one ``proposal_evidence`` row per sentence. Storing
        the same article again adds no proposal and no evidence. With ``replace`` the
        article's events and its evidence of pending proposals are replaced; a pending
        proposal left without evidence goes; decided proposals keep theirs.
        """
        return write_rows(self.bw.con, extraction_rows(extractions), replace=replace)

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
        self,
        *,
        status: str | None = None,
        kind: str | None = None,
        org: str | None = None,
        relation: str | None = None,
        min_confidence: float | None = None,
        queue: bool = False,
        limit: int = tables.MAX_LIMIT,
    ) -> list[dict[str, Any]]:
        """Stored proposals with all their evidence, by relation and confidence
        (:func:`blocwatch.extract.tables.list_proposals`)."""
        org_id = self.bw.graph.resolve_org(org) if org else None
        _, rows = tables.list_proposals(
            self.bw.con,
            status=status,
            kind=kind,
            org=org_id,
            relation=relation,
            min_confidence=min_confidence,
            queue=queue,
            limit=limit,
        )
        return tables.with_evidence(self.bw.con, rows)

    def count(self) -> dict[str, int]:
        """Rows in the events, proposals and proposal_evidence tables."""
        return tables.count(self.bw.con)


@dataclass
class ExtractionRows:
    """Extraction results as table rows (without ``created_at``): what :meth:`Events.store`
    writes, and what the Ray engine's workers write to Parquet."""

    doc_ids: list[str] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    proposals: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)


def extraction_rows(extractions: Iterable[Extraction]) -> ExtractionRows:
    """The rows of ``events``, ``proposals`` and ``proposal_evidence`` for these results
    (a proposal stated by several documents is one row, with one evidence row per sentence)."""
    out = ExtractionRows()
    proposals: dict[str, Proposal] = {}
    for result in extractions:
        out.doc_ids.append(result.doc.id)
        out.events.extend(e.to_row() for e in result.events)
        for proposal in result.proposals:
            proposals.setdefault(proposal.id, proposal)
            for item in proposal.evidence:
                row = {c: getattr(item, c, None) for c in EVIDENCE_COLUMNS if c not in ("outlet", "url")}
                row.update(proposal_id=proposal.id, graph_fact=_json(item.graph_fact))
                out.evidence.append(row)
    out.proposals = [
        {
            **{k: v for k, v in p.to_row().items() if k in _NEW_PROPOSAL_COLUMNS},
            "payload": _json(p.payload),
            "graph_fact": _json(p.graph_fact),
        }
        for p in proposals.values()
    ]
    return out


def write_rows(con: duckdb.DuckDBPyConnection, rows: ExtractionRows, *, replace: bool = True) -> dict[str, int]:
    """Write extraction rows in one transaction (see :meth:`Events.store`)."""
    doc_ids = rows.doc_ids
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    con.execute("begin transaction")
    try:
        if replace and doc_ids:
            con.execute("delete from events where doc_id in (select unnest(?))", [doc_ids])
            touched = [
                r[0]
                for r in con.execute(
                    "select distinct proposal_id from proposal_evidence where doc_id in (select unnest(?))",
                    [doc_ids],
                ).fetchall()
            ]
            con.execute(
                """delete from proposal_evidence where doc_id in (select unnest(?))
                   and proposal_id in (select id from proposals where status = 'pending')""",
                [doc_ids],
            )
            con.execute(
                """delete from proposals where status = 'pending' and id in (select unnest(?))
                   and id not in (select proposal_id from proposal_evidence)""",
                [touched],
            )
            con.execute(
                "delete from proposals where status = 'pending' and doc_id in (select unnest(?)) "
                "and id not in (select proposal_id from proposal_evidence)",
                [doc_ids],
            )
        else:
            touched = []
        if rows.events:
            con.register("_bw_events", pa.Table.from_pylist([{**e, "created_at": now} for e in rows.events]))
            con.execute(_INSERT_EVENTS)
            con.unregister("_bw_events")
        if rows.proposals:
            con.register("_bw_proposals", pa.Table.from_pylist([{**p, "created_at": now} for p in rows.proposals]))
            con.execute(_INSERT_PROPOSALS)
            con.unregister("_bw_proposals")
            con.register("_bw_evidence", pa.Table.from_pylist([{**e, "created_at": now} for e in rows.evidence]))
            con.execute(_INSERT_EVIDENCE)
            con.unregister("_bw_evidence")
        ids = list(dict.fromkeys([*touched, *(p["id"] for p in rows.proposals)]))
        if ids:
            con.execute(_REFRESH, {"ids": ids})
        for proposal in rows.proposals:
            # the payload follows the evidence that now dates the proposal (the most precise)
            con.execute(
                """update proposals set payload = ? where id = ? and status = 'pending'
                   and date is not distinct from ? and date_precision = ?""",
                [proposal["payload"], proposal["id"], proposal["date"], proposal["date_precision"]],
            )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return {"documents": len(doc_ids), "events": len(rows.events), "proposals": len(rows.proposals)}


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
