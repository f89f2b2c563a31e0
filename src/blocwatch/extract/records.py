"""Coded events and graph proposals, and their interchange form (JSON lines).

The JSON form follows PRODUCT.md's interchange section (close to POLECAT/PLOVER):
``event_type``, ``mode``, ``contexts``, ``actor``/``recipient`` (``text``, ``country``,
``sector``, ``org``, ``id``), ``date``, ``negated``, ``future``, ``quad``, ``score``,
``confidence``, ``doc_id``, ``sentence``, ``evidence`` offsets and ``source``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from blocwatch.extract.actors import Actor


def stable_id(*parts: object) -> str:
    """A short stable hash of the parts (hex, 20 characters)."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:20]


@dataclass
class Event:
    """One coded PLOVER event with its evidence."""

    doc_id: str
    sentence_index: int
    event_index: int
    sentence: str
    event_type: str
    mode: str | None
    contexts: list[str]
    actor: Actor
    recipient: Actor | None
    date: dt.date | None
    negated: bool
    future: bool
    quad: str
    score: float
    confidence: float
    evidence_start: int
    evidence_end: int
    source: str
    lang: str
    trigger: str = ""

    @property
    def id(self) -> str:
        return stable_id(self.doc_id, self.sentence_index, self.event_index)

    def to_dict(self) -> dict[str, Any]:
        """The interchange form (one JSON object)."""
        return {
            "record": "event",
            "id": self.id,
            "event_type": self.event_type,
            "mode": self.mode,
            "contexts": self.contexts,
            "actor": self.actor.to_dict(),
            "recipient": self.recipient.to_dict() if self.recipient else _empty_actor(),
            "date": self.date.isoformat() if self.date else None,
            "negated": self.negated,
            "future": self.future,
            "quad": self.quad,
            "score": self.score,
            "confidence": round(self.confidence, 3),
            "doc_id": self.doc_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "evidence": {"start": self.evidence_start, "end": self.evidence_end, "trigger": self.trigger},
            "source": self.source,
            "lang": self.lang,
        }

    def to_row(self) -> dict[str, Any]:
        """The row of the ``events`` table."""
        recipient = self.recipient or Actor(text="", start=0, end=0)
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "event_type": self.event_type,
            "mode": self.mode,
            "contexts": self.contexts,
            "actor_text": self.actor.text,
            "actor_country": self.actor.country,
            "actor_sector": self.actor.sector,
            "actor_org": self.actor.org,
            "actor_id": self.actor.id,
            "recipient_text": recipient.text or None,
            "recipient_country": recipient.country,
            "recipient_sector": recipient.sector,
            "recipient_org": recipient.org,
            "recipient_id": recipient.id,
            "date": self.date,
            "negated": self.negated,
            "future": self.future,
            "quad": self.quad,
            "score": self.score,
            "confidence": round(self.confidence, 3),
            "evidence_start": self.evidence_start,
            "evidence_end": self.evidence_end,
            "source": self.source,
            "lang": self.lang,
        }


def _empty_actor() -> dict[str, Any]:
    return {"text": None, "country": None, "sector": None, "org": None, "person": None, "id": None}


@dataclass
class Evidence:
    """One sentence that states a proposal: where it is, what date it gives, who said it."""

    doc_id: str
    sentence: str
    evidence_start: int
    evidence_end: int
    confidence: float
    source: str
    sentence_index: int | None = None
    article_date: dt.date | None = None
    date: dt.date | None = None
    date_precision: str = "unknown"
    date_text: str | None = None
    speaker: str | None = None
    relation: str = "new"
    graph_fact: dict[str, Any] | None = None
    outlet: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "start": self.evidence_start,
            "end": self.evidence_end,
            "article_date": self.article_date.isoformat() if self.article_date else None,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "date_text": self.date_text,
            "speaker": self.speaker,
            "confidence": round(self.confidence, 3),
            "source": self.source,
            "outlet": self.outlet,
            "url": self.url,
        }


@dataclass
class Proposal:
    """A proposed change of the knowledge graph, with its evidence; never applied here.

    Its ``id`` is a hash of its content (:attr:`key`), not of the sentence, so the same
    change read in several sentences or articles is one proposal with several evidences.
    """

    kind: str  # membership | presidency | mechanism | meeting | area
    org: str | None
    member: str | None
    change: str
    date: dt.date | None
    payload: dict[str, Any]
    confidence: float
    doc_id: str
    sentence: str
    evidence_start: int
    evidence_end: int
    source: str
    status: str = "pending"
    date_precision: str = "unknown"
    relation: str = "new"
    graph_fact: dict[str, Any] | None = None
    evidence: list[Evidence] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """What makes two proposals the same change: kind, organization, member, change,
        the other party (presidency holder, mechanism partner) and the year (or "undated")."""
        other = self.payload.get("holder") or self.payload.get("partner") or self.payload.get("mechanism") or ""
        year = str(self.date.year) if self.date else "undated"
        return "|".join(str(x or "") for x in (self.kind, self.org, self.member, self.change, other, year))

    @property
    def id(self) -> str:
        return stable_id("proposal", self.key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "record": "proposal",
            "id": self.id,
            "kind": self.kind,
            "org": self.org,
            "member": self.member,
            "change": self.change,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "relation": self.relation,
            "graph_fact": self.graph_fact,
            "payload": self.payload,
            "confidence": round(self.confidence, 3),
            "doc_id": self.doc_id,
            "sentence": self.sentence,
            "evidence": {"start": self.evidence_start, "end": self.evidence_end},
            "evidences": [e.to_dict() for e in self.evidence],
            "source": self.source,
            "status": self.status,
        }

    def to_row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "org": self.org,
            "member": self.member,
            "change": self.change,
            "date": self.date,
            "payload": self.payload,
            "confidence": round(self.confidence, 3),
            "doc_id": self.doc_id,
            "sentence": self.sentence,
            "evidence_start": self.evidence_start,
            "evidence_end": self.evidence_end,
            "source": self.source,
            "status": self.status,
            "date_precision": self.date_precision,
            "relation": self.relation,
            "graph_fact": self.graph_fact,
            "key": self.key,
        }
