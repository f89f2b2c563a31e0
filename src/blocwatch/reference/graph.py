"""Temporal queries over the reference knowledge graph.

>>> from blocwatch import open_blocwatch
>>> bw = open_blocwatch(":memory:")
>>> bw.graph.presidency("CELAC", on="2020-02-06").holder
'MEX'
>>> len([m for m in bw.graph.members("CELAC", on="2020-02-06") if m.status == "active"])
32
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

import duckdb

from blocwatch.capacity import parse_capacities
from blocwatch.dates import PartialDate, parse_date
from blocwatch.errors import E, UsageError
from blocwatch.reference.coverage import OrgCoverage, coverage_report, explained_gap, researched
from blocwatch.reference.names import normalize

DateLike = str | dt.date | int | None


def _on(date: DateLike) -> dt.date:
    """A query date; None or ``"today"`` mean today (the clock's date)."""
    if date is None or (isinstance(date, str) and date.strip().lower() == "today"):
        return dt.date.today()
    return parse_date(date).value


def _fmt(value: dt.date | None, precision: str | None) -> str | None:
    if value is None:
        return None
    return str(PartialDate(value, precision or "day"))  # type: ignore[arg-type]


class _Record:
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload, no-any-return]


@dataclass(frozen=True)
class Membership(_Record):
    """A member of an organization at a date."""

    state: str
    name: str
    capacity: str
    status: str
    since: str
    org: str = ""
    status_since: str = ""
    since_precision: str = ""
    status_since_precision: str = ""


@dataclass(frozen=True)
class Presidency(_Record):
    """A rotating / pro tempore presidency term, or what is known about a date without one.

    ``known`` is False when the date lies outside the researched period (``researched``
    gives it): ``holder`` None then means "not researched", never "no presidency".
    ``co_holders`` lists states holding the term jointly with ``holder``.
    """

    org: str
    holder: str | None
    start: str | None
    end: str | None
    holder_name: str | None = None
    sources: list[str] = field(default_factory=list)
    known: bool = True
    co_holders: list[str] = field(default_factory=list)
    researched: dict[str, str] | None = None
    note: str | None = None
    last_known: str | None = None
    origin: str = "reference"
    start_precision: str | None = None
    end_precision: str | None = None

    def describe(self, on: str) -> str:
        """The answer in words, as the CLI prints it."""
        if not self.known:
            if self.note:
                why = self.note
            elif self.researched is None:
                why = "presidencies not researched"
            elif on < self.researched["from"]:
                why = f"not researched before {self.researched['from']}"
            else:
                why = f"not researched after {self.researched['to']}"
            last = f"; last known holder {self.last_known}" if self.last_known else ""
            return f"{self.org} on {on}: unknown ({why}){last}"
        if self.holder is None:
            return f"{self.org} on {on}: no presidency holder" + (f" ({self.note})" if self.note else "")
        joint = f" jointly with {', '.join(self.co_holders)}" if self.co_holders else ""
        return (
            f"{self.org} on {on}: {self.holder_name} ({self.holder}){joint}, from {self.start} to {self.end or 'now'}"
        )

    def to_json(self) -> dict[str, Any]:
        """The ``presidency --json`` contract: ``org, holder, start, end`` plus what is known."""
        out: dict[str, Any] = {"org": self.org, "holder": self.holder, "start": self.start, "end": self.end}
        out.update(start_precision=self.start_precision, end_precision=self.end_precision)
        out.update(known=self.known, co_holders=self.co_holders, researched=self.researched)
        if self.note:
            out["note"] = self.note
        if self.last_known:
            out["last_known"] = self.last_known
        return out


@dataclass(frozen=True)
class StatusStep(_Record):
    """One dated step of a mechanism's status history (``party`` for one party's act)."""

    date: str
    status: str
    party: str | None
    note: str | None
    sources: list[str]


@dataclass(frozen=True)
class HistoryEntry(_Record):
    """A dated change: a membership event or a presidency handover."""

    date: str
    kind: str
    org: str
    member: str
    member_name: str
    event: str
    capacity: str | None
    note: str | None
    sources: list[str]
    precision: str = "day"


@dataclass(frozen=True)
class Pair(_Record):
    a: str
    b: str
    shared: list[str]
    jaccard: float


@dataclass(frozen=True)
class Overlap(_Record):
    """Members of several organizations at a date, their intersections and Jaccard indices."""

    on: str
    members: dict[str, list[str]]
    pairs: list[Pair]
    shared_by_all: list[str]


@dataclass(frozen=True)
class Meeting(_Record):
    date: str
    end: str | None
    place: str | None
    kind: str | None
    sources: list[str]
    precision: str = "day"


@dataclass(frozen=True)
class Mechanism(_Record):
    """A dialogue mechanism between an organization and an outside partner."""

    id: str
    name: str
    org: str
    partner: str
    partner_name: str
    status: str
    condition: str | None
    proposed: str | None
    established: str | None
    areas: list[str]
    meetings: list[Meeting]
    sources: list[str]
    kind: str = "dialogue"
    history: list[StatusStep] = field(default_factory=list)
    on: str | None = None
    status_on: str | None = None
    parties_on: dict[str, str] = field(default_factory=dict)
    proposed_precision: str | None = None
    established_precision: str | None = None


def status_on(history: list[StatusStep], day: str) -> tuple[str | None, dict[str, str]]:
    """The status of the whole mechanism on ``day`` and each party's latest own step by then.

    The status is that of the latest step without a party dated on or before ``day``
    (None before the first); a party's step (a ratification) does not change it.
    """
    status: str | None = None
    parties: dict[str, str] = {}
    for step in history:
        if step.date > day:
            break
        if step.party is None:
            status = step.status
        else:
            parties[step.party] = step.status
    return status, parties


@dataclass(frozen=True)
class OrgInfo(_Record):
    id: str
    name: str
    name_es: str | None
    name_pt: str | None
    acronyms: list[str]
    founded: str | None
    ended: str | None
    status: str
    region: str
    qid: str | None
    members_today: int


class Graph:
    """Queries on the reference graph of one store connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    # --- name resolution ----------------------------------------------------------
    def _resolve(self, text: str, kind: str, code: Any, label: str) -> str:
        norm = normalize(text)
        rows = self.con.execute("select distinct id from names where kind = ? and norm = ?", [kind, norm]).fetchall()
        ids = sorted({r[0] for r in rows})
        if len(ids) == 1:
            return str(ids[0])
        if len(ids) > 1:
            raise UsageError(code, f"{label} {text!r} is ambiguous", suggestions=ids)
        candidates = self.con.execute("select norm, id, name from names where kind = ?", [kind]).fetchall()
        by_norm: dict[str, tuple[str, str]] = {}
        for cand_norm, ident, name in candidates:
            by_norm.setdefault(cand_norm, (ident, name))
        close = difflib.get_close_matches(norm, list(by_norm), n=8, cutoff=0.6)
        hints: dict[str, str] = {}  # one suggestion per id, from its closest name
        for match in close:
            ident, name = by_norm[match]
            hints.setdefault(ident, f"{name} ({ident})" if normalize(name) != normalize(ident) else ident)
        raise UsageError(code, f"unknown {label} {text!r}", suggestions=list(hints.values())[:5])

    def resolve_org(self, text: str) -> str:
        """The canonical id of an organization from any known name or acronym (en/es/pt)."""
        return self._resolve(text, "org", E.BW001, "organization")

    def resolve_state(self, text: str) -> str:
        """The ISO3 code of a state or territory from a code or any known name (en/es/pt)."""
        return self._resolve(text, "country", E.BW002, "state")

    def resolve_member(self, text: str) -> str:
        """A state, or an organization that is itself a member (the EU in the G20)."""
        try:
            return self.resolve_state(text)
        except UsageError as state_error:
            try:
                return self.resolve_org(text)
            except UsageError:
                raise state_error from None

    def name_of(self, ident: str) -> str:
        row = self.con.execute(
            "select coalesce((select name_en from countries where iso3 = ?),"
            " (select name_en from organizations where id = ?), ?)",
            [ident, ident, ident],
        ).fetchone()
        return str(row[0]) if row else ident

    # --- memberships ----------------------------------------------------------------
    _SPELLS = """
        select s.org, s.member, coalesce(c.name_en, o.name_en, s.member) as name, s.capacity,
               s.status, s.since, s.since_precision, s.start, s.start_precision
        from membership_spells s
        left join countries c on c.iso3 = s.member
        left join organizations o on o.id = s.member
        where s.start <= ? and (s."end" is null or ? < s."end")
    """

    def _memberships(self, where: str, params: list[Any], on: dt.date) -> list[Membership]:
        rows = self.con.execute(
            self._SPELLS
            + where
            + " order by s.org, case s.capacity when 'member' then 0 when 'associate' then 1 else 2 end, name",
            [on, on, *params],
        ).fetchall()
        return [
            Membership(
                state=r[1],
                name=r[2],
                capacity=r[3],
                status=r[4],
                since=_fmt(r[5], r[6]) or "",
                org=r[0],
                status_since=_fmt(r[7], r[8]) or "",
                since_precision=r[6] or "day",
                status_since_precision=r[8] or "day",
            )
            for r in rows
        ]

    def members(
        self,
        org: str,
        *,
        on: DateLike = None,
        capacity: str | list[str] | tuple[str, ...] | None = None,
        active_only: bool = False,
    ) -> list[Membership]:
        """Members of ``org`` on a date (default today), with capacity and status.

        ``capacity``: one capacity, a comma list or ``"all"`` (default: every capacity).
        """
        org_id = self.resolve_org(org)
        out = self._memberships(" and s.org = ?", [org_id], _on(on))
        if capacity:
            chosen = parse_capacities(capacity)
            out = [m for m in out if m.capacity in chosen]
        if active_only:
            out = [m for m in out if m.status == "active"]
        return out

    def memberships(self, state: str, *, on: DateLike = None) -> list[Membership]:
        """Organizations a state belongs to on a date."""
        member = self.resolve_member(state)
        return self._memberships(" and s.member = ?", [member], _on(on))

    def history(self, entity: str) -> list[HistoryEntry]:
        """Every dated membership change and presidency term of an organization or a state."""
        try:
            org_id: str | None = self.resolve_org(entity)
            member: str | None = None
        except UsageError as org_error:
            try:
                member = self.resolve_member(entity)
            except UsageError:
                raise org_error from None
            org_id = None
        column, ident = ("org", org_id) if org_id else ("member", member)
        rows = self.con.execute(
            f"""select e.date, e.precision, e.org, e.member, coalesce(c.name_en, o.name_en, e.member),
                       e.event, e.capacity, e.note, e.sources
                from membership_events e
                left join countries c on c.iso3 = e.member
                left join organizations o on o.id = e.member
                where e.{column} = ? order by e.date, e.org, e.member""",  # noqa: S608 - column is fixed
            [ident],
        ).fetchall()
        out = [
            HistoryEntry(
                _fmt(r[0], r[1]) or "",
                "membership",
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                list(r[8] or []),
                r[1] or "day",
            )
            for r in rows
        ]
        pcol = "org" if org_id else "holder"
        prow = self.con.execute(
            f"""select p.start, p.start_precision, p.org, p.holder, coalesce(c.name_en, p.holder), p.note, p.sources,
                       p."end", p.end_precision
                from presidencies p left join countries c on c.iso3 = p.holder
                where p.{pcol} = ? order by p.start""",  # noqa: S608 - column is fixed
            [ident],
        ).fetchall()
        for r in prow:
            until = _fmt(r[7], r[8])
            note = f"until {until}" if until else "current"
            if r[5]:
                note += f"; {r[5]}"
            out.append(
                HistoryEntry(
                    _fmt(r[0], r[1]) or "",
                    "presidency",
                    r[2],
                    r[3],
                    r[4],
                    "presidency",
                    None,
                    note,
                    list(r[6] or []),
                    r[1] or "day",
                )
            )
        out.sort(key=lambda h: (h.date, h.kind, h.org, h.member))
        return out

    # --- presidencies ---------------------------------------------------------------
    def _terms(self, org_id: str, on: dt.date | None) -> list[Presidency]:
        where = ' and p.start <= ? and (p."end" is null or ? < p."end")' if on is not None else ""
        rows = self.con.execute(
            f"""select p.holder, c.name_en, p.start, p.start_precision, p."end", p.end_precision, p.sources,
                       p.co_holders, p.origin
                from presidencies p left join countries c on c.iso3 = p.holder
                where p.org = ?{where} order by p.start""",  # noqa: S608 - fixed SQL fragment
            [org_id, on, on] if on is not None else [org_id],
        ).fetchall()
        return [
            Presidency(
                org=org_id,
                holder=r[0],
                start=_fmt(r[2], r[3]),
                end=_fmt(r[4], r[5]),
                holder_name=r[1],
                sources=list(r[6] or []),
                co_holders=list(r[7] or []),
                origin=r[8] or "reference",
                start_precision=r[3] or "day",
                end_precision=(r[5] or "day") if r[4] is not None else None,
            )
            for r in rows
        ]

    def presidency(self, org: str, *, on: DateLike = None) -> Presidency:
        """Who held the rotating presidency of ``org`` on a date, or what is known of that date.

        ``holder`` is None both when nobody held it (``known`` True, inside the researched
        period or before the organization existed) and when the date was not researched
        (``known`` False). An open-ended reference term does not answer for dates after
        the researched period: it gives ``last_known`` instead.
        """
        org_id = self.resolve_org(org)
        day = _on(on)
        period = researched(self.con, org_id, "presidencies")
        where = period.to_dict() if period else None
        terms = self._terms(org_id, day)
        if terms:
            term = terms[-1]
            from_data = term.origin == "reference"
            if term.end is None and from_data and (period is None or day >= period.end):
                return Presidency(
                    org=org_id,
                    holder=None,
                    start=None,
                    end=None,
                    known=False,
                    researched=where,
                    last_known=f"{term.holder} from {term.start}",
                )
            return dataclasses.replace(term, researched=where)
        founded = self.con.execute("select founded from organizations where id = ?", [org_id]).fetchone()
        if founded and founded[0] is not None and day < founded[0]:
            return Presidency(
                org=org_id,
                holder=None,
                start=None,
                end=None,
                researched=where,
                note="before the organization was founded",
            )
        if period is not None and period.covers(day):
            gap = explained_gap(self.con, org_id, day)
            if gap is not None and gap[2]:  # a stretch whose holder was not established
                return Presidency(
                    org=org_id,
                    holder=None,
                    start=None,
                    end=None,
                    known=False,
                    researched=where,
                    note=gap[0],
                    sources=gap[1],
                )
            return Presidency(
                org=org_id,
                holder=None,
                start=None,
                end=None,
                researched=where,
                note=gap[0] if gap else "no holder recorded inside the researched period",
                sources=gap[1] if gap else [],
            )
        return Presidency(org=org_id, holder=None, start=None, end=None, known=False, researched=where)

    def presidencies(self, org: str) -> list[Presidency]:
        """Every presidency term of ``org`` in order."""
        return self._terms(self.resolve_org(org), None)

    # --- overlap --------------------------------------------------------------------
    def overlap(
        self,
        orgs: list[str],
        *,
        on: DateLike = None,
        active_only: bool = False,
        capacity: str | list[str] | tuple[str, ...] | None = None,
    ) -> Overlap:
        """Shared members and Jaccard index of each pair of organizations on a date.

        ``capacity`` chooses who counts (``"member"``, ``"member,associate"``, ``"all"``);
        without it full members and associates count, observers do not. ``active_only``
        drops suspended members too.
        """
        chosen = parse_capacities(capacity, default=("member", "associate"))
        if len(orgs) < 2:
            raise UsageError(E.BW001, "overlap needs at least two organizations")
        day = _on(on)
        ids = [self.resolve_org(o) for o in orgs]
        members: dict[str, list[str]] = {}
        for org_id in ids:
            rows = self.members(org_id, on=day, active_only=active_only)
            members[org_id] = sorted({m.state for m in rows if m.capacity in chosen})
        pairs = []
        for a, b in combinations(ids, 2):
            sa, sb = set(members[a]), set(members[b])
            union = sa | sb
            pairs.append(Pair(a, b, sorted(sa & sb), round(len(sa & sb) / len(union), 4) if union else 0.0))
        shared = set.intersection(*(set(v) for v in members.values()))
        return Overlap(on=day.isoformat(), members=members, pairs=pairs, shared_by_all=sorted(shared))

    # --- mechanisms -----------------------------------------------------------------
    def mechanisms(self, org: str | None = None, *, partner: str | None = None, on: DateLike = None) -> list[Mechanism]:
        """Dialogue mechanisms and agreements, optionally of one organization and/or partner.

        Each carries its dated status history; with ``on`` also ``status_on`` (the status
        on that date, None before its first step) and ``parties_on`` (each party's own
        latest step by then, e.g. its ratification).
        """
        where, params = [], []
        if org:
            where.append("m.org = ?")
            params.append(self.resolve_org(org))
        if partner:
            where.append("m.partner = ?")
            params.append(self.resolve_member(partner))
        clause = (" where " + " and ".join(where)) if where else ""
        rows = self.con.execute(
            f"""select m.id, m.name_en, m.org, m.partner, coalesce(c.name_en, o.name_en, m.partner),
                       m.status, m.condition, m.proposed, m.proposed_precision, m.established,
                       m.established_precision, m.areas, m.sources, m.kind
                from mechanisms m left join countries c on c.iso3 = m.partner
                left join organizations o on o.id = m.partner{clause} order by m.org, m.id""",  # noqa: S608
            params,
        ).fetchall()
        out = []
        for r in rows:
            meetings = self.con.execute(
                """select date, precision, "end", place, kind, sources from mechanism_meetings
                   where mechanism = ? order by date""",
                [r[0]],
            ).fetchall()
            history = [
                StatusStep(_fmt(h[0], h[1]) or "", h[2], h[3], h[4], list(h[5] or []))
                for h in self.con.execute(
                    """select date, precision, status, party, note, sources from mechanism_history
                       where mechanism = ? order by seq""",
                    [r[0]],
                ).fetchall()
            ]
            day = _on(on).isoformat() if on is not None else None
            current, parties = status_on(history, day) if day is not None else (None, {})
            if day is not None and not history:  # no history: the record's status from its dates
                started = _fmt(r[7], r[8]) or _fmt(r[9], r[10])
                current = r[5] if started is None or started <= day else None
            out.append(
                Mechanism(
                    id=r[0],
                    name=r[1],
                    org=r[2],
                    partner=r[3],
                    partner_name=r[4],
                    status=r[5],
                    condition=r[6],
                    proposed=_fmt(r[7], r[8]),
                    established=_fmt(r[9], r[10]),
                    areas=list(r[11] or []),
                    meetings=[
                        Meeting(_fmt(m[0], m[1]) or "", _fmt(m[2], "day"), m[3], m[4], list(m[5] or []), m[1] or "day")
                        for m in meetings
                    ],
                    sources=list(r[12] or []),
                    kind=r[13] or "dialogue",
                    history=history,
                    on=day,
                    status_on=current,
                    parties_on=parties,
                    proposed_precision=r[8] if r[7] is not None else None,
                    established_precision=r[10] if r[9] is not None else None,
                )
            )
        return out

    # --- coverage -------------------------------------------------------------------
    def coverage(self, org: str | None = None) -> list[OrgCoverage]:
        """What the graph knows of ``org`` (or of every organization): see :mod:`~.coverage`."""
        return coverage_report(self.con, self.resolve_org(org) if org else None)

    # --- organizations --------------------------------------------------------------
    def orgs(self, *, region: str | None = None) -> list[OrgInfo]:
        """Every organization with its names, dates, status and full members today (``members_today``:
        capacity member, suspended included; associates and observers are not counted)."""
        today = dt.date.today()
        rows = self.con.execute(
            """select o.id, o.name_en, o.name_es, o.name_pt, o.acronym_en, o.acronym_es, o.acronym_pt,
                      o.founded, o.founded_precision, o.ended, o.ended_precision, o.status, o.region, o.qid,
                      (select count(*) from membership_spells s where s.org = o.id and s.start <= ?
                         and (s."end" is null or ? < s."end") and s.capacity = 'member')
               from organizations o where (? is null or o.region = ?) order by o.region, o.id""",
            [today, today, region, region],
        ).fetchall()
        return [
            OrgInfo(
                id=r[0],
                name=r[1],
                name_es=r[2],
                name_pt=r[3],
                acronyms=sorted({a for a in r[4:7] if a}),
                founded=_fmt(r[7], r[8]),
                ended=_fmt(r[9], r[10]),
                status=r[11],
                region=r[12],
                qid=r[13],
                members_today=int(r[14]),
            )
            for r in rows
        ]

    def source(self, source_id: str) -> dict[str, Any] | None:
        """A citation by id."""
        row = self.con.execute(
            "select id, publisher, title, url, date, note from sources where id = ?", [source_id]
        ).fetchone()
        if row is None:
            return None
        return dict(zip(("id", "publisher", "title", "url", "date", "note"), row, strict=True))
