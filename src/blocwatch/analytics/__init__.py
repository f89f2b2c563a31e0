"""Measures of unity, overlap, alignment and multipolarity (the ``analytics`` subsystem).

Reach them through the facade's ``analytics`` property; names of organizations and
states are resolved like everywhere else (any known name or code in en/es/pt)::

    >>> bw = open_blocwatch(":memory:")                                  # doctest: +SKIP
    >>> bw.analytics.import_unvotes("../shared/data/kb")                 # doctest: +SKIP
    >>> bw.analytics.cohesion("CELAC", start=2011, end=2019).sessions[0]  # doctest: +SKIP
    CohesionRow(session=66, ...)

Each measure lives in its own module, with its definition in the module docstring:
:mod:`~blocwatch.analytics.cohesion`, :mod:`~blocwatch.analytics.alignment`,
:mod:`~blocwatch.analytics.overlap`, :mod:`~blocwatch.analytics.blocs`,
:mod:`~blocwatch.analytics.multipolarity`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from blocwatch.analytics import alignment as _alignment
from blocwatch.analytics import blocs as _blocs
from blocwatch.analytics import cohesion as _cohesion
from blocwatch.analytics import multipolarity as _multipolarity
from blocwatch.analytics import overlap as _overlap
from blocwatch.analytics import panel as _panel
from blocwatch.analytics import timeline as _timeline
from blocwatch.analytics._common import DateLike, period, split_codes, table_exists
from blocwatch.analytics.alignment import DEFAULT_POWERS, Alignment, AlignmentSummary
from blocwatch.analytics.blocs import Blocs
from blocwatch.analytics.cohesion import CohesionSummary, EventCohesion, RollCallCohesion, VoteCohesion
from blocwatch.analytics.multipolarity import Multipolarity
from blocwatch.analytics.overlap import ChurnRow, OverlapMatrix
from blocwatch.analytics.panel import Panel
from blocwatch.analytics.timeline import OverlapPoint
from blocwatch.analytics.unvotes import ImportReport, import_unvotes, loaded_votes
from blocwatch.capacity import CAPACITIES, parse_capacities
from blocwatch.errors import E, UsageError
from blocwatch.extract import tables as _events
from blocwatch.extract.tables import EventFilter
from blocwatch.reference.graph import Graph

if TYPE_CHECKING:  # review imports analytics.events: import it lazily to avoid a cycle
    from blocwatch.review import Review

__all__ = [
    "DEFAULT_POWERS",
    "Alignment",
    "AlignmentSummary",
    "Analytics",
    "Blocs",
    "ChurnRow",
    "CohesionSummary",
    "EventCohesion",
    "EventFilter",
    "ImportReport",
    "Multipolarity",
    "OverlapMatrix",
    "OverlapPoint",
    "Panel",
    "RollCallCohesion",
    "VoteCohesion",
]


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("blocwatch")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


class Analytics:
    """The measures over one store (the reference graph, UN votes, coded events)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, graph: Graph) -> None:
        self.con = con
        self.graph = graph

    # --- data ---------------------------------------------------------------------
    def import_unvotes(self, directory: str | Path) -> ImportReport:
        """Load UN General Assembly votes from an ``unvotes`` folder (replaces earlier imports)."""
        return import_unvotes(self.con, directory)

    def status(self) -> dict[str, Any]:
        """What the measures can draw on: counts of roll calls, votes, events and proposals, and
        under ``unvotes`` where the votes came from (bundled or the user's), their version,
        licence and coverage (sessions and dates); ``unvotes`` is None before any votes."""

        def count(table: str) -> int:
            if not table_exists(self.con, table):
                return 0
            row = self.con.execute(f"select count(*) from {table}").fetchone()  # noqa: S608 - fixed names
            return int(row[0]) if row else 0

        out: dict[str, Any] = {
            t: count(t) for t in ("un_roll_calls", "un_votes", "events", "proposals", "accepted_facts")
        }
        out["unvotes"] = loaded_votes(self.con) if out["un_roll_calls"] else None
        return out

    def default_powers(self) -> list[str]:
        """:data:`DEFAULT_POWERS` that the reference graph knows (all of them with the bundled data)."""
        known = {str(r[0]) for r in self.con.execute("select iso3 from countries").fetchall()}
        return [p for p in DEFAULT_POWERS if p in known]

    def _powers(self, powers: str | list[str] | None) -> list[str]:
        codes = split_codes(powers) or self.default_powers()
        out = []
        for code in codes:
            try:
                out.append(self.graph.resolve_state(code))
            except UsageError as state_error:  # an organization as a power (EU)?
                try:
                    out.append(self.graph.resolve_org(code))
                except UsageError:
                    raise state_error from None
        return out

    # --- measures -----------------------------------------------------------------
    def cohesion(
        self,
        org: str,
        *,
        start: DateLike = None,
        end: DateLike = None,
        by_issue: bool = False,
        include_associates: bool = False,
        capacity: str | list[str] | None = None,
    ) -> VoteCohesion:
        """UN vote cohesion of ``org`` per session (membership as of each roll call's date).

        ``capacity`` chooses the voters (default full members; ``include_associates`` adds
        associates).
        """
        return _cohesion.vote_cohesion(
            self.con,
            self.graph.resolve_org(org),
            start=start,
            end=end,
            by_issue=by_issue,
            include_associates=include_associates,
            capacity=capacity,
        )

    def cohesion_summary(
        self,
        orgs: str | list[str],
        *,
        start: DateLike = None,
        end: DateLike = None,
        capacity: str | list[str] | None = None,
        min_roll_calls: int = 10,
    ) -> CohesionSummary:
        """Cohesion of several organizations in one table: period means, per-session values and
        the roll calls behind each (one query); thinner cells than ``min_roll_calls`` are blank."""
        ids = list(dict.fromkeys(self.graph.resolve_org(o) for o in split_codes(orgs)))
        return _cohesion.cohesion_summary(
            self.con, ids, start=start, end=end, capacity=capacity, min_roll_calls=min_roll_calls
        )

    def roll_calls(
        self,
        org: str,
        *,
        session: int | None = None,
        start: DateLike = None,
        end: DateLike = None,
        include_associates: bool = False,
        limit: int | None = None,
        capacity: str | list[str] | None = None,
    ) -> list[RollCallCohesion]:
        """The roll calls behind :meth:`cohesion`: the members' votes and indices per roll call."""
        return _cohesion.roll_calls(
            self.con,
            self.graph.resolve_org(org),
            session=session,
            start=start,
            end=end,
            include_associates=include_associates,
            limit=limit,
            capacity=capacity,
        )

    def event_cohesion(self, org: str, *, start: DateLike = None, end: DateLike = None) -> EventCohesion:
        """Share of cooperative events between members, and their mean PLOVER score, per year."""
        return _cohesion.event_cohesion(self.con, self.graph.resolve_org(org), start=start, end=end)

    def alignment(
        self,
        state: str,
        powers: str | list[str] | None = None,
        *,
        start: DateLike = None,
        end: DateLike = None,
        votes: bool = True,
    ) -> Alignment:
        """UN vote agreement per session and event balance per year of ``state`` with each power."""
        return _alignment.alignment(
            self.con, self.graph.resolve_state(state), self._powers(powers), start=start, end=end, votes=votes
        )

    def alignment_summary(
        self,
        states: str | list[str],
        powers: str | list[str] | None = None,
        *,
        start: DateLike = None,
        end: DateLike = None,
        capacity: str | list[str] | None = None,
        min_roll_calls: int = 10,
    ) -> AlignmentSummary:
        """Alignment of many states at once (one query): ``states`` is an organization (its
        members in ``capacity`` at any time in the period, default full members) or a comma
        list of states; one row per state and power with the period mean and session values."""
        return _alignment.alignment_summary(
            self.con,
            self._states(states, start=start, end=end, capacity=capacity),
            self._powers(powers),
            start=start,
            end=end,
            min_roll_calls=min_roll_calls,
        )

    def _states(
        self, states: str | list[str], *, start: DateLike, end: DateLike, capacity: str | list[str] | None
    ) -> list[str]:
        codes = split_codes(states)
        if len(codes) == 1:
            try:
                org_id = self.graph.resolve_org(codes[0])
            except UsageError:
                org_id = None
            if org_id is not None:
                first, last = period(start, end)
                rows = self.con.execute(
                    """select distinct s.member from membership_spells s join countries c on c.iso3 = s.member
                       where s.org = ? and list_contains(?, s.capacity) and s.start <= ?
                         and (s."end" is null or s."end" > ?) order by 1""",
                    [org_id, list(parse_capacities(capacity)), last, first],
                ).fetchall()
                return [str(r[0]) for r in rows]
        return list(dict.fromkeys(self.graph.resolve_state(c) for c in codes))

    def alignment_roll_calls(self, state: str, power: str, *, session: int, limit: int = 500) -> list[dict[str, Any]]:
        """The roll calls behind one session's agreement figure."""
        return _alignment.vote_pairs(
            self.con, self.graph.resolve_state(state), self._powers(power)[0], session=session, limit=limit
        )

    def overlap_matrix(
        self,
        orgs: str | list[str],
        *,
        on: DateLike = None,
        active_only: bool = False,
        capacity: str | list[str] | None = None,
    ) -> OverlapMatrix:
        """Jaccard matrix and shared members of several organizations on a date."""
        return _overlap.overlap_matrix(self.graph, split_codes(orgs), on=on, active_only=active_only, capacity=capacity)

    def churn(self, org: str, *, start: int | None = None, end: int | None = None) -> list[ChurnRow]:
        """Entries, exits and suspensions per year, and churn relative to the members on 1 January."""
        return _overlap.churn(self.con, self.graph.resolve_org(org), start=start, end=end)

    def blocs(
        self,
        universe: str,
        compare: str | list[str],
        *,
        start: DateLike = None,
        end: DateLike = None,
        min_shared: int = 10,
        resolution: float = 1.0,
    ) -> Blocs:
        """Louvain communities in the UN vote-agreement network against de jure memberships."""
        return _blocs.blocs(
            self.con,
            self.graph.resolve_org(universe),
            [self.graph.resolve_org(o) for o in split_codes(compare)],
            start=start,
            end=end,
            min_shared=min_shared,
            resolution=resolution,
        )

    def multipolarity(
        self, org: str, *, powers: str | list[str] | None = None, start: DateLike = None, end: DateLike = None
    ) -> Multipolarity:
        """Per year, the shares of the region's external events by outside power, and their HHI."""
        chosen = [self.graph.resolve_state(p) for p in split_codes(powers)] if powers else None
        return _multipolarity.multipolarity(self.con, self.graph.resolve_org(org), powers=chosen, start=start, end=end)

    def spells(self, *, org: str | None = None, member: str | None = None) -> list[dict[str, Any]]:
        """Membership spells of an organization or a state (for timelines)."""
        org_id = self.graph.resolve_org(org) if org else None
        member_id = self.graph.resolve_member(member) if member else None
        return _timeline.spells(self.con, org=org_id, member=member_id)

    def overlap_series(
        self,
        a: str,
        b: str,
        *,
        start: int,
        end: int,
        month: int = 6,
        day: int = 1,
        capacity: str | list[str] | None = None,
    ) -> list[OverlapPoint]:
        """Overlap of two organizations on the same day of each year from ``start`` to ``end``."""
        return _timeline.overlap_series(
            self.graph,
            self.graph.resolve_org(a),
            self.graph.resolve_org(b),
            start=start,
            end=end,
            month=month,
            day=day,
            capacity=capacity,
        )

    def panel(
        self,
        *,
        region: str | None = None,
        orgs: str | list[str] | None = None,
        start: int,
        end: int,
        by: str = "year",
        on_day: str | None = None,
        capacity: str | list[str] | None = None,
    ) -> Panel:
        """The membership panel (state × organization × period) of a region or a list of
        organizations; see :mod:`~blocwatch.analytics.panel` for the convention."""
        if bool(region) == bool(orgs):
            raise UsageError(E.BW523, "give either a region or organizations, not both or neither")
        if region:
            ids = [
                str(r[0])
                for r in self.con.execute(
                    "select id from organizations where upper(region) = upper(?) order by id", [region]
                ).fetchall()
            ]
            if not ids:
                regions = [
                    str(r[0])
                    for r in self.con.execute("select distinct region from organizations order by 1").fetchall()
                ]
                raise UsageError(E.BW523, f"no organizations in region {region!r}", suggestions=regions)
        else:
            ids = list(dict.fromkeys(self.graph.resolve_org(o) for o in split_codes(orgs)))
        result = _panel.membership_panel(
            self.con,
            ids,
            start=int(start),
            end=int(end),
            by=by,
            on_day=_panel.parse_on_day(on_day),
            capacities=parse_capacities(capacity, default=CAPACITIES),
        )
        result.metadata["region"] = region.upper() if region else None
        result.metadata["blocwatch"] = _package_version()
        row = self.con.execute("select data_hash from build_info order by built_at desc limit 1").fetchone()
        result.metadata["reference_data_hash"] = str(row[0]) if row else None
        return result

    # --- events and proposals -------------------------------------------------------
    def events(self, filters: EventFilter | None = None) -> tuple[int, list[dict[str, Any]]]:
        """Coded events matching the filters (names resolved), newest first, and the total."""
        chosen = filters or EventFilter()
        country = self.graph.resolve_state(chosen.country) if chosen.country else None
        org = self.graph.resolve_org(chosen.org) if chosen.org else None
        resolved = dataclasses.replace(chosen, country=country, org=org)
        return _events.list_events(self.con, resolved)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with its article's URL, title and outlet; None if there is no such event."""
        return _events.get_event(self.con, event_id)

    def evidence_context(self, doc_id: str, start: int, end: int) -> tuple[str, str, str] | None:
        """The evidence span in its article, with the text around it (before, span, after)."""
        return _events.evidence_context(self.con, doc_id, start, end)

    def proposals(
        self,
        *,
        status: str | None = None,
        kind: str | None = None,
        org: str | None = None,
        relation: str | None = None,
        min_confidence: float | None = None,
        queue: bool = False,
        limit: int = 100,
        offset: int = 0,
        evidence: bool = False,
    ) -> tuple[int, list[dict[str, Any]]]:
        """Proposals by relation and confidence (see :func:`blocwatch.extract.tables.list_proposals`)."""
        org_id = self.graph.resolve_org(org) if org else None
        total, rows = _events.list_proposals(
            self.con,
            status=status,
            kind=kind,
            org=org_id,
            relation=relation,
            min_confidence=min_confidence,
            queue=queue,
            limit=limit,
            offset=offset,
        )
        return total, (_events.with_evidence(self.con, rows) if evidence else rows)

    def proposal(self, proposal_id: str) -> dict[str, Any]:
        return _events.get_proposal(self.con, proposal_id)

    @property
    def review(self) -> Review:
        """Accept or reject proposals (the interfaces check the token first)."""
        from blocwatch.review import Review

        return Review(self.con)
