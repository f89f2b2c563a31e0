"""Turning a proposal's payload into facts of the reference graph.

Each kind of proposal has one applier that writes the reference tables with
``origin = 'proposal:<id>'`` and cites the proposal's evidence as a source of id
``proposal:<id>`` (the article's outlet, URL and sentence). Appliers are idempotent: a
fact already in the graph (for instance because the data files now carry it) is not
written twice, so :func:`reapply_accepted` can replay every accepted fact after
``blocwatch build`` has rebuilt the tables.

Payloads (see docs/architecture.md):

* ``membership``: ``{"org", "member", "event", "date", "capacity"}``; the member's spells
  in the organization are derived again from its whole event log;
* ``presidency``: ``{"org", "holder", "start"}``; the open term before it ends that day.
  ``{"org", "holder", "on"}`` ("X holds the presidency"): cites the proposal on the term
  that already covers that date, or starts a term on that date;
* ``mechanism``: ``{"org", "partner", "status", "condition", "areas"}`` (optional ``id``,
  ``name``, ``date``; status ``established`` is stored as ``active``); creates the mechanism
  or updates status, condition and areas;
* ``meeting``: ``{"org", "partner", "date"}`` (optional ``mechanism``, ``place``,
  ``kind``);
* ``area``: ``{"org", "partner", "areas"}`` (or ``"area"``): adds areas to a mechanism.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import duckdb

from blocwatch.dates import PartialDate, parse_date
from blocwatch.errors import E, UsageError
from blocwatch.extract.tables import PROPOSAL_KINDS
from blocwatch.reference.membership import derive_spells
from blocwatch.reference.model import CAPACITIES, MECHANISM_STATUSES, MEMBERSHIP_EVENTS, MembershipEvent, Where

log = logging.getLogger(__name__)

KINDS = PROPOSAL_KINDS  # the one list, owned by blocwatch.extract.tables

#: SQL that appends the source ``$source`` to a ``sources`` list once, keeping the order.
_CITE = (
    "case when list_contains(coalesce(sources, []), $source) then sources "
    "else list_append(coalesce(sources, []), $source) end"
)


def _need(payload: dict[str, Any], key: str, proposal_id: str) -> Any:
    value = payload.get(key)
    if value is None or value == "":
        raise UsageError(E.BW505, f"the payload lacks {key!r}", where=f"proposal {proposal_id}")
    return value


def _date(payload: dict[str, Any], key: str, proposal_id: str) -> PartialDate:
    try:
        return parse_date(str(_need(payload, key, proposal_id)))
    except UsageError as exc:
        raise UsageError(
            E.BW505, f"bad {key!r} in the payload: {exc.message}", where=f"proposal {proposal_id}"
        ) from exc


def _exists(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> bool:
    return con.execute(sql, params).fetchone() is not None


def _check_org(con: duckdb.DuckDBPyConnection, org: str, proposal_id: str) -> None:
    if not _exists(con, "select 1 from organizations where id = ?", [org]):
        raise UsageError(E.BW505, f"unknown organization {org!r}", where=f"proposal {proposal_id}")


def _check_member(con: duckdb.DuckDBPyConnection, member: str, proposal_id: str) -> None:
    if not _exists(
        con, "select 1 from countries where iso3 = ? union all select 1 from organizations where id = ?", [member] * 2
    ):
        raise UsageError(E.BW505, f"unknown state or organization {member!r}", where=f"proposal {proposal_id}")


def write_source(con: duckdb.DuckDBPyConnection, proposal_id: str, evidence: dict[str, Any], note: str) -> str:
    """Cite the proposal's evidence as the source ``proposal:<id>`` and return that id."""
    source_id = f"proposal:{proposal_id}"
    con.execute("delete from sources where id = ?", [source_id])
    sentence = str(evidence.get("sentence") or "")
    con.execute(
        "insert into sources (id, publisher, title, url, date, note) values (?, ?, ?, ?, ?, ?)",
        [
            source_id,
            str(evidence.get("outlet") or "news article (blocwatch extraction)"),
            sentence[:500] or f"proposal {proposal_id}",
            evidence.get("url"),
            evidence.get("date"),
            note,
        ],
    )
    return source_id


def _membership(con: duckdb.DuckDBPyConnection, pid: str, payload: dict[str, Any], source: str) -> None:
    org, member = str(_need(payload, "org", pid)), str(_need(payload, "member", pid))
    event = str(_need(payload, "event", pid))
    when = _date(payload, "date", pid)
    capacity = payload.get("capacity") or None
    _check_org(con, org, pid)
    _check_member(con, member, pid)
    if event not in MEMBERSHIP_EVENTS:
        raise UsageError(E.BW505, f"unknown membership event {event!r}", where=f"proposal {pid}")
    if capacity is not None and capacity not in CAPACITIES:
        raise UsageError(E.BW505, f"unknown capacity {capacity!r}", where=f"proposal {pid}")
    if _exists(
        con,
        "select 1 from membership_events where org = ? and member = ? and event = ? and date = ?",
        [org, member, event, when.value],
    ):
        return
    con.execute(
        """insert into membership_events (org, member, event, date, precision, capacity, note, sources, origin)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [org, member, event, when.value, when.precision, capacity, None, [source], f"proposal:{pid}"],
    )
    rederive_spells(con, org, member)


def rederive_spells(con: duckdb.DuckDBPyConnection, org: str, member: str) -> None:
    """Derive one member's spells in one organization again from its event log."""
    rows = con.execute(
        """select event, date, precision, capacity, note, sources, coalesce(file, origin), coalesce(line, 0)
           from membership_events where org = ? and member = ? order by date""",
        [org, member],
    ).fetchall()
    events = [
        MembershipEvent(
            org=org,
            member=member,
            event=r[0],
            date=PartialDate(r[1], r[2]),
            capacity=r[3],
            note=r[4],
            sources=tuple(r[5] or ()),
            where=Where(str(r[6]), int(r[7])),
        )
        for r in rows
    ]
    spells, errors = derive_spells(events, {})
    if errors:
        raise UsageError(
            E.BW505, f"the membership history would become invalid: {errors[0].message}", where=str(errors[0].where)
        )
    ended = con.execute("select ended, ended_precision from organizations where id = ?", [org]).fetchone()
    con.execute("delete from membership_spells where org = ? and member = ?", [org, member])
    for spell in spells:
        end = spell.end
        if end is None and ended and ended[0] is not None:
            end = PartialDate(ended[0], ended[1] or "day")
        con.execute(
            "insert into membership_spells values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                spell.org,
                spell.member,
                spell.capacity,
                spell.status,
                spell.start.value,
                spell.start.precision,
                end.value if end else None,
                end.precision if end else None,
                spell.since.value,
                spell.since.precision,
            ],
        )


def _presidency(con: duckdb.DuckDBPyConnection, pid: str, payload: dict[str, Any], source: str) -> None:
    org, holder = str(_need(payload, "org", pid)), str(_need(payload, "holder", pid))
    _check_org(con, org, pid)
    _check_member(con, holder, pid)
    if not payload.get("start") and payload.get("on"):
        # "X holds the presidency" on a date: confirms the term covering that date, or starts one then
        on = _date(payload, "on", pid)
        row = con.execute(
            """select start from presidencies where org = ? and holder = ? and start <= ?
               and ("end" is null or ? < "end")""",
            [org, holder, on.value, on.value],
        ).fetchone()
        if row is not None:
            con.execute(
                f"update presidencies set sources = {_CITE} where org = $org and holder = $holder and start = $start",  # noqa: S608
                {"source": source, "org": org, "holder": holder, "start": row[0]},
            )
            return
        payload = {**payload, "start": payload["on"]}
    start = _date(payload, "start", pid)
    if _exists(
        con, "select 1 from presidencies where org = ? and holder = ? and start = ?", [org, holder, start.value]
    ):
        return
    if _exists(con, "select 1 from presidencies where org = ? and start > ?", [org, start.value]):
        raise UsageError(
            E.BW505,
            f"{org} has presidency terms starting after {start}; edit presidencies/*.csv instead",
            where=f"proposal {pid}",
        )
    con.execute(
        """update presidencies set "end" = ?, end_precision = ? where org = ? and "end" is null and start < ?""",
        [start.value, start.precision, org, start.value],
    )
    con.execute(
        """insert into presidencies (org, holder, start, start_precision, "end", end_precision, note, sources, origin)
           values (?, ?, ?, ?, null, null, ?, ?, ?)""",
        [org, holder, start.value, start.precision, None, [source], f"proposal:{pid}"],
    )


def _mechanism_id(con: duckdb.DuckDBPyConnection, payload: dict[str, Any], pid: str) -> str | None:
    if payload.get("mechanism"):
        return str(payload["mechanism"])
    org, partner = str(_need(payload, "org", pid)), str(_need(payload, "partner", pid))
    row = con.execute(
        "select id from mechanisms where org = ? and partner = ? order by id limit 1", [org, partner]
    ).fetchone()
    return str(row[0]) if row else None


def _areas(payload: dict[str, Any]) -> list[str]:
    raw = payload.get("areas") or payload.get("area") or []
    items = [raw] if isinstance(raw, str) else list(raw)
    return sorted({str(a) for a in items if a})


def _mechanism(con: duckdb.DuckDBPyConnection, pid: str, payload: dict[str, Any], source: str) -> None:
    org, partner = str(_need(payload, "org", pid)), str(_need(payload, "partner", pid))
    status = str(payload.get("status") or "proposed")
    status = {"established": "active"}.get(status, status)
    if status not in MECHANISM_STATUSES:
        raise UsageError(E.BW505, f"unknown mechanism status {status!r}", where=f"proposal {pid}")
    _check_org(con, org, pid)
    _check_member(con, partner, pid)
    existing = _mechanism_id(con, payload, pid)
    areas = _areas(payload)
    when = parse_date(str(payload["date"])) if payload.get("date") else None
    if existing is not None:
        con.execute(
            f"""update mechanisms set status = $status, condition = coalesce($condition, condition),
               areas = list_sort(list_distinct(list_concat(coalesce(areas, []), $areas::varchar[]))),
               sources = {_CITE} where id = $id""",  # noqa: S608 - fixed SQL
            {"status": status, "condition": payload.get("condition"), "areas": areas, "source": source, "id": existing},
        )
        return
    mechanism_id = str(payload.get("id") or f"{org}_{partner}").upper()
    name = str(payload.get("name") or f"{org}–{partner} dialogue")
    con.execute(
        """insert into mechanisms (id, name_en, org, partner, status, condition, proposed, proposed_precision,
               established, established_precision, areas, sources, origin)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            mechanism_id,
            name,
            org,
            partner,
            status,
            payload.get("condition"),
            when.value if when and status == "proposed" else None,
            when.precision if when and status == "proposed" else None,
            when.value if when and status == "active" else None,
            when.precision if when and status == "active" else None,
            areas,
            [source],
            f"proposal:{pid}",
        ],
    )


def _meeting(con: duckdb.DuckDBPyConnection, pid: str, payload: dict[str, Any], source: str) -> None:
    mechanism_id = _mechanism_id(con, payload, pid)
    if mechanism_id is None:
        raise UsageError(E.BW505, "no mechanism between this organization and partner", where=f"proposal {pid}")
    when = _date(payload, "date", pid)
    if _exists(con, "select 1 from mechanism_meetings where mechanism = ? and date = ?", [mechanism_id, when.value]):
        return
    con.execute(
        "insert into mechanism_meetings values (?, ?, ?, null, ?, ?, ?)",
        [mechanism_id, when.value, when.precision, payload.get("place"), payload.get("kind"), [source]],
    )


def _area(con: duckdb.DuckDBPyConnection, pid: str, payload: dict[str, Any], source: str) -> None:
    mechanism_id = _mechanism_id(con, payload, pid)
    if mechanism_id is None:
        raise UsageError(E.BW505, "no mechanism between this organization and partner", where=f"proposal {pid}")
    areas = _areas(payload)
    if not areas:
        raise UsageError(E.BW505, "the payload names no area", where=f"proposal {pid}")
    con.execute(
        f"""update mechanisms set areas = list_sort(list_distinct(list_concat(coalesce(areas, []), $areas::varchar[]))),
           sources = {_CITE} where id = $id""",  # noqa: S608 - fixed SQL
        {"areas": areas, "source": source, "id": mechanism_id},
    )


APPLIERS: dict[str, Callable[[duckdb.DuckDBPyConnection, str, dict[str, Any], str], None]] = {
    "membership": _membership,
    "presidency": _presidency,
    "mechanism": _mechanism,
    "meeting": _meeting,
    "area": _area,
}


def apply_fact(
    con: duckdb.DuckDBPyConnection,
    proposal_id: str,
    kind: str,
    payload: dict[str, Any],
    evidence: dict[str, Any],
    note: str,
) -> None:
    """Write one accepted fact into the reference tables (inside the caller's transaction)."""
    applier = APPLIERS.get(kind)
    if applier is None:
        raise UsageError(E.BW505, f"unknown proposal kind {kind!r} (expected one of {', '.join(KINDS)})")
    source = write_source(con, proposal_id, evidence, note)
    applier(con, proposal_id, payload, source)


def reapply_accepted(con: duckdb.DuckDBPyConnection) -> int:
    """Replay every accepted fact after a rebuild of the reference graph; return how many applied.

    A fact that no longer fits the rebuilt graph (its organization was removed, or the
    history now contradicts it) is skipped with a warning naming the proposal.
    """
    rows = con.execute(
        "select proposal_id, kind, payload, evidence, decided_by, decided_at from accepted_facts order by decided_at"
    ).fetchall()
    applied = 0
    for proposal_id, kind, payload, evidence, by, at in rows:
        try:
            apply_fact(con, proposal_id, kind, json.loads(payload), json.loads(evidence), f"accepted by {by} at {at}")
            applied += 1
        except UsageError as exc:
            log.warning("accepted proposal %s no longer applies: %s", proposal_id, exc)
    return applied
