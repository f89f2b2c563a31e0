"""Accepting and rejecting proposals, with an audit log.

    >>> review = Review(bw.con)                                   # doctest: +SKIP
    >>> review.accept("p1", by="ana")                             # doctest: +SKIP
    Decision(proposal_id='p1', action='accept', ...)

The interfaces decide *whether* someone may review (``BLOCWATCH_TOKEN``); this module
records *what* was decided and applies it. Each decision is one transaction: the
proposal's status, the fact (when accepted), and one ``audit_log`` row.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb

from blocwatch.errors import E, UsageError
from blocwatch.extract.tables import PROPOSAL_STATUSES, get_proposal
from blocwatch.review.apply import apply_fact

Clock = Callable[[], dt.datetime]
#: The audit-log action of each decided status (the statuses are those of :mod:`blocwatch.extract.tables`).
ACTIONS = {"accepted": "accept", "rejected": "reject"}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def token_matches(expected: str | None, given: str | None) -> bool:
    """Whether ``given`` is the configured review token (constant-time; no token configured → False)."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


@dataclass(frozen=True)
class Decision:
    proposal_id: str
    action: str
    decided_by: str
    decided_at: str
    kind: str
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "proposal_id": self.proposal_id,
            "action": self.action,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at,
            "kind": self.kind,
            "note": self.note,
        }


def _evidence(proposal: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc_id": proposal.get("doc_id"),
        "sentence": proposal.get("sentence"),
        "evidence_start": proposal.get("evidence_start"),
        "evidence_end": proposal.get("evidence_end"),
        "source": proposal.get("source"),
        "url": proposal.get("article_url"),
        "outlet": proposal.get("article_outlet"),
        "date": proposal.get("date"),
        "evidences": len(proposal.get("evidence") or []),
    }


class Review:
    """Decisions on proposals in one store. ``clock`` is the test seam for timestamps."""

    def __init__(self, con: duckdb.DuckDBPyConnection, *, clock: Clock = utcnow) -> None:
        self.con = con
        self.clock = clock

    def _pending(self, proposal_id: str) -> dict[str, Any]:
        proposal = get_proposal(self.con, proposal_id)
        if proposal.get("status") != PROPOSAL_STATUSES[0]:
            raise UsageError(E.BW504, f"proposal {proposal_id!r} is already {proposal.get('status')}")
        return proposal

    @staticmethod
    def _who(by: str) -> str:
        name = by.strip()
        if not name or len(name) > 100:
            raise UsageError(E.BW502, "give the reviewer's name (1–100 characters) with --by / decided_by")
        return name

    def accept(self, proposal_id: str, *, by: str, note: str | None = None) -> Decision:
        """Make the proposal a fact of the graph, citing its evidence; log the decision."""
        who = self._who(by)
        proposal = self._pending(proposal_id)
        payload = proposal.get("payload")
        data = json.loads(payload) if isinstance(payload, str) else dict(payload or {})
        evidence = _evidence(proposal)
        now = self.clock()
        self.con.execute("begin transaction")
        try:
            apply_fact(
                self.con,
                proposal_id,
                str(proposal["kind"]),
                data,
                evidence,
                f"accepted by {who} at {now:%Y-%m-%d %H:%M}",
            )
            self.con.execute(
                "insert into accepted_facts values (?, ?, ?, ?, ?, ?)",
                [proposal_id, proposal["kind"], json.dumps(data), who, now, json.dumps(evidence)],
            )
            replaced = proposal.get("graph_fact") if proposal.get("relation") in ("contradicts", "refines") else None
            self._finish(proposal_id, "accepted", who, now, note, relation=proposal.get("relation"), replaced=replaced)
            self.con.execute("commit")
        except Exception:
            self.con.execute("rollback")
            raise
        return Decision(proposal_id, "accept", who, now.isoformat(), str(proposal["kind"]), note)

    def reject(self, proposal_id: str, *, by: str, note: str | None = None) -> Decision:
        """Mark the proposal rejected; log the decision."""
        who = self._who(by)
        proposal = self._pending(proposal_id)
        now = self.clock()
        self.con.execute("begin transaction")
        try:
            self._finish(proposal_id, "rejected", who, now, note)
            self.con.execute("commit")
        except Exception:
            self.con.execute("rollback")
            raise
        return Decision(proposal_id, "reject", who, now.isoformat(), str(proposal["kind"]), note)

    def _finish(
        self,
        proposal_id: str,
        status: str,
        who: str,
        now: dt.datetime,
        note: str | None,
        *,
        relation: str | None = None,
        replaced: dict[str, Any] | None = None,
    ) -> None:
        """Set the status and log the decision; accepting a ``contradicts`` or ``refines``
        proposal logs the graph's fact it replaced (``detail.replaced``)."""
        self.con.execute("update proposals set status = ? where id = ?", [status, proposal_id])
        detail: dict[str, Any] = {"note": note}
        if relation is not None:
            detail["relation"] = relation
        if replaced is not None:
            detail["replaced"] = replaced
        self.con.execute(
            "insert into audit_log (decided_at, actor, action, proposal_id, detail) values (?, ?, ?, ?, ?)",
            [now, who, ACTIONS[status], proposal_id, json.dumps(detail)],
        )

    def audit(self, *, limit: int = 100) -> list[dict[str, Any]]:
        """The latest decisions, newest first."""
        rows = self.con.execute(
            "select id, decided_at, actor, action, proposal_id, detail from audit_log order by id desc limit ?", [limit]
        ).fetchall()
        return [
            {
                "id": int(r[0]),
                "decided_at": r[1].isoformat(),
                "actor": r[2],
                "action": r[3],
                "proposal_id": r[4],
                "detail": json.loads(r[5]) if r[5] else None,
            }
            for r in rows
        ]
