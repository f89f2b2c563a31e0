"""The JSON HTTP API (``/api/v1``): the same queries as the CLI, each a thin call into the library.

Tabular endpoints take ``format=csv`` and then return the rows behind the figure as CSV.
Write endpoints (accepting/rejecting proposals) need the review token.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from blocwatch.analytics import (
    Alignment,
    Analytics,
    Blocs,
    ChurnRow,
    EventCohesion,
    EventFilter,
    Multipolarity,
    OverlapMatrix,
    OverlapPoint,
    RollCallCohesion,
    VoteCohesion,
)
from blocwatch.errors import E, UsageError
from blocwatch.extract.tables import MAX_LIMIT, PROPOSAL_KINDS, PROPOSAL_STATUSES, RELATIONS
from blocwatch.reference.graph import HistoryEntry, Mechanism, Membership, OrgInfo, Presidency
from blocwatch.review import Decision
from blocwatch.web.assets import world_geojson
from blocwatch.web.deps import CSV_RESPONSE, Format, analytics, csv_response, require_token, writing_analytics


class ErrorDetail(BaseModel):
    code: str
    message: str
    where: str | None = None
    hint: str | None = None
    suggestions: str | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


class Page(BaseModel):
    """A page of rows and how many match in all."""

    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class DecisionIn(BaseModel):
    decided_by: str = Field(min_length=1, max_length=100, description="the reviewer's name")
    note: str | None = Field(default=None, max_length=2000)


class DecisionOut(BaseModel):
    proposal_id: str
    action: str
    decided_by: str
    decided_at: str
    kind: str
    note: str | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "invalid parameter, or a Host name not in web_allowed_hosts"},
    404: {"model": ErrorBody, "description": "unknown organization, state or proposal"},
    422: {"model": ErrorBody, "description": "parameters of the wrong type or form"},
    409: {"model": ErrorBody, "description": "data missing or in conflict (UN votes not imported, already decided)"},
}

router = APIRouter(prefix="/api/v1", responses=ERRORS)

Store = Annotated[Analytics, Depends(analytics)]
WriteStore = Annotated[Analytics, Depends(writing_analytics)]
OnDate = Annotated[str | None, Query(description="date YYYY, YYYY-MM or YYYY-MM-DD (default: today)", max_length=10)]
Start = Annotated[str | None, Query(description="first date (YYYY, YYYY-MM, YYYY-MM-DD)", max_length=10)]
End = Annotated[str | None, Query(description="last date, inclusive", max_length=10)]
Name = Annotated[str, Path(min_length=1, max_length=100, description="any known name or code (en/es/pt)")]
Codes = Annotated[str | None, Query(max_length=500, description="comma-separated codes or names")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Capacity = Annotated[
    str, Query(pattern="^[a-z,]{1,40}$", description="member, associate, observer (comma-separated) or all")
]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def _maybe_csv(fmt: str, rows: list[Any], filename: str, payload: Any) -> Any:
    return csv_response(rows, filename) if fmt == "csv" else payload


# --- status and reference graph ------------------------------------------------------
@router.get("/status", summary="What the store holds, and the UN votes' version, licence and coverage")
def status(store: Store) -> dict[str, Any]:
    return store.status()


@router.get("/orgs", response_model=list[OrgInfo], responses=CSV_RESPONSE, summary="Organizations")
def orgs(store: Store, fmt: Format = "json", region: Annotated[str | None, Query(max_length=40)] = None) -> Any:
    rows = store.graph.orgs(region=region)
    return _maybe_csv(fmt, rows, "orgs", rows)


@router.get("/orgs/{org}/members", response_model=list[Membership], responses=CSV_RESPONSE, summary="Members on a date")
def members(
    store: Store,
    org: Name,
    fmt: Format = "json",
    on: OnDate = None,
    capacity: Annotated[
        str | None, Query(pattern="^[a-z,]{1,40}$", description="capacities (comma list) or all")
    ] = None,
    active: bool = False,
) -> Any:
    rows = store.graph.members(org, on=on, capacity=capacity, active_only=active)
    return _maybe_csv(fmt, rows, f"members-{org}", rows)


@router.get("/orgs/{org}/spells", responses=CSV_RESPONSE, summary="Membership spells (members over time)")
def org_spells(store: Store, org: Name, fmt: Format = "json") -> Any:
    rows = store.spells(org=org)
    return _maybe_csv(fmt, rows, f"spells-{org}", rows)


@router.get("/orgs/{org}/presidency", response_model=Presidency, summary="Presidency on a date")
def presidency(store: Store, org: Name, on: OnDate = None) -> Any:
    return store.graph.presidency(org, on=on)


@router.get(
    "/orgs/{org}/presidencies", response_model=list[Presidency], responses=CSV_RESPONSE, summary="All presidency terms"
)
def presidencies(store: Store, org: Name, fmt: Format = "json") -> Any:
    rows = store.graph.presidencies(org)
    return _maybe_csv(fmt, rows, f"presidencies-{org}", rows)


@router.get("/history/{entity}", response_model=list[HistoryEntry], responses=CSV_RESPONSE, summary="Dated changes")
def history(store: Store, entity: Name, fmt: Format = "json") -> Any:
    rows = store.graph.history(entity)
    return _maybe_csv(fmt, rows, f"history-{entity}", rows)


@router.get("/mechanisms", response_model=list[Mechanism], summary="Dialogue mechanisms with partners")
def mechanisms(
    store: Store,
    org: Annotated[str | None, Query(max_length=100)] = None,
    partner: Annotated[str | None, Query(max_length=100)] = None,
) -> Any:
    return store.graph.mechanisms(org, partner=partner)


@router.get(
    "/states/{state}/memberships", response_model=list[Membership], responses=CSV_RESPONSE, summary="Memberships"
)
def memberships(store: Store, state: Name, fmt: Format = "json", on: OnDate = None) -> Any:
    rows = store.graph.memberships(state, on=on)
    return _maybe_csv(fmt, rows, f"memberships-{state}", rows)


@router.get("/states/{state}/spells", responses=CSV_RESPONSE, summary="Membership spells of a state")
def state_spells(store: Store, state: Name, fmt: Format = "json") -> Any:
    rows = store.spells(member=state)
    return _maybe_csv(fmt, rows, f"spells-{state}", rows)


# --- measures ------------------------------------------------------------------------
@router.get("/overlap", response_model=OverlapMatrix, responses=CSV_RESPONSE, summary="Overlap matrix (Jaccard)")
def overlap(
    store: Store,
    orgs: Annotated[str, Query(min_length=1, max_length=500, description="comma-separated, at least two")],
    fmt: Format = "json",
    on: OnDate = None,
    active: bool = False,
    capacity: Capacity = "member",
) -> Any:
    result = store.overlap_matrix(orgs, on=on, active_only=active, capacity=capacity)
    rows = [
        {"a": a, "b": b, "jaccard": result.jaccard[i][j], "shared": result.shared[i][j]}
        for i, a in enumerate(result.orgs)
        for j, b in enumerate(result.orgs)
    ]
    return _maybe_csv(fmt, rows, "overlap", result)


@router.get(
    "/overlap/series", response_model=list[OverlapPoint], responses=CSV_RESPONSE, summary="Overlap of two orgs by year"
)
def overlap_series(
    store: Store,
    a: Annotated[str, Query(min_length=1, max_length=100)],
    b: Annotated[str, Query(min_length=1, max_length=100)],
    start: Annotated[int, Query(ge=1800, le=2200)],
    end: Annotated[int, Query(ge=1800, le=2200)],
    fmt: Format = "json",
    month: Annotated[int, Query(ge=1, le=12)] = 6,
    day: Annotated[int, Query(ge=1, le=31)] = 1,
    capacity: Capacity = "member",
) -> Any:
    rows = store.overlap_series(a, b, start=start, end=end, month=month, day=day, capacity=capacity)
    return _maybe_csv(fmt, rows, f"overlap-{a}-{b}", rows)


@router.get("/churn/{org}", response_model=list[ChurnRow], responses=CSV_RESPONSE, summary="Membership churn per year")
def churn(
    store: Store,
    org: Name,
    fmt: Format = "json",
    start: Annotated[int | None, Query(ge=1800, le=2200)] = None,
    end: Annotated[int | None, Query(ge=1800, le=2200)] = None,
) -> Any:
    rows = store.churn(org, start=start, end=end)
    return _maybe_csv(fmt, rows, f"churn-{org}", rows)


@router.get("/cohesion/{org}", response_model=VoteCohesion, responses=CSV_RESPONSE, summary="UN vote cohesion")
def cohesion(
    store: Store,
    org: Name,
    fmt: Format = "json",
    start: Start = None,
    end: End = None,
    by_issue: bool = False,
    associates: bool = False,
    capacity: Annotated[str | None, Query(pattern="^[a-z,]{1,40}$", description="voters' capacities")] = None,
) -> Any:
    result = store.cohesion(
        org, start=start, end=end, by_issue=by_issue, include_associates=associates, capacity=capacity
    )
    return _maybe_csv(fmt, [*result.sessions, *result.by_issue], f"cohesion-{org}", result)


@router.get(
    "/cohesion/{org}/roll-calls",
    response_model=list[RollCallCohesion],
    responses=CSV_RESPONSE,
    summary="The roll calls behind a cohesion figure",
)
def cohesion_roll_calls(
    store: Store,
    org: Name,
    fmt: Format = "json",
    session: Annotated[int | None, Query(ge=1, le=500)] = None,
    start: Start = None,
    end: End = None,
    associates: bool = False,
    limit: Limit = MAX_LIMIT,
) -> Any:
    rows = store.roll_calls(org, session=session, start=start, end=end, include_associates=associates, limit=limit)
    return _maybe_csv(fmt, rows, f"roll-calls-{org}", rows)


@router.get(
    "/cohesion/{org}/events", response_model=EventCohesion, responses=CSV_RESPONSE, summary="Cohesion from events"
)
def cohesion_events(store: Store, org: Name, fmt: Format = "json", start: Start = None, end: End = None) -> Any:
    result = store.event_cohesion(org, start=start, end=end)
    return _maybe_csv(fmt, result.years, f"event-cohesion-{org}", result)


@router.get("/alignment/{state}", response_model=Alignment, responses=CSV_RESPONSE, summary="Alignment with powers")
def alignment(
    store: Store, state: Name, fmt: Format = "json", powers: Codes = None, start: Start = None, end: End = None
) -> Any:
    result = store.alignment(state, powers, start=start, end=end)
    return _maybe_csv(fmt, [*result.votes, *result.events], f"alignment-{state}", result)


@router.get(
    "/alignment/{state}/roll-calls", responses=CSV_RESPONSE, summary="The roll calls behind an agreement figure"
)
def alignment_roll_calls(
    store: Store,
    state: Name,
    power: Annotated[str, Query(min_length=1, max_length=100)],
    session: Annotated[int, Query(ge=1, le=500)],
    fmt: Format = "json",
    limit: Limit = 500,
) -> Any:
    rows = store.alignment_roll_calls(state, power, session=session, limit=limit)
    return _maybe_csv(fmt, rows, f"alignment-{state}-{power}-{session}", rows)


@router.get("/blocs", response_model=Blocs, responses=CSV_RESPONSE, summary="De facto blocs vs de jure")
def blocs(
    store: Store,
    universe: Annotated[str, Query(min_length=1, max_length=100)],
    compare: Annotated[str, Query(min_length=1, max_length=500)],
    fmt: Format = "json",
    start: Start = None,
    end: End = None,
    min_shared: Annotated[int, Query(ge=1, le=10_000)] = 10,
) -> Any:
    result = store.blocs(universe, compare, start=start, end=end, min_shared=min_shared)
    community = {s: c.id for c in result.communities for s in c.members}
    rows = [{"state": s, "community": community.get(s), "de_jure": result.de_jure.get(s)} for s in result.states]
    return _maybe_csv(fmt, rows, f"blocs-{universe}", result)


@router.get("/multipolarity/{org}", response_model=Multipolarity, responses=CSV_RESPONSE, summary="Outside engagement")
def multipolarity(
    store: Store, org: Name, fmt: Format = "json", powers: Codes = None, start: Start = None, end: End = None
) -> Any:
    result = store.multipolarity(org, powers=powers, start=start, end=end)
    rows = [
        {"year": y.year, "partner": p.partner, "events": p.events, "share": p.share, "hhi": y.hhi}
        for y in result.years
        for p in y.partners
    ]
    return _maybe_csv(fmt, rows, f"multipolarity-{org}", result)


# --- issue 12: the membership panel --------------------------------------------------
#: Periods one panel request may cover (a daily panel of ten years; 300 years by year).
PANEL_MAX_PERIODS = 3660


@router.get("/panel", responses=CSV_RESPONSE, summary="Membership panel: state × organization × period")
def panel(
    store: Store,
    start: Annotated[int, Query(ge=1800, le=2200, description="first year")],
    end: Annotated[int, Query(ge=1800, le=2200, description="last year, inclusive")],
    fmt: Format = "json",
    region: Annotated[str | None, Query(max_length=40)] = None,
    orgs: Codes = None,
    by: Annotated[str, Query(pattern="^(year|month|day)$")] = "year",
    on_day: Annotated[str, Query(pattern=r"^\d{1,2}-\d{1,2}$", description="MM-DD observed")] = "07-01",
    capacity: Annotated[str, Query(max_length=40)] = "member,associate,observer",
) -> Any:
    periods = (end - start + 1) * {"year": 1, "month": 12, "day": 366}[by]
    if periods > PANEL_MAX_PERIODS:
        raise UsageError(
            E.BW502,
            f"{periods} periods asked for; the API gives at most {PANEL_MAX_PERIODS} per request",
            hint="ask for fewer years, or use `blocwatch export panel` for a daily panel over many years",
        )
    result = store.panel(region=region, orgs=orgs, start=start, end=end, by=by, on_day=on_day, capacity=capacity)
    if fmt == "csv":
        return csv_response(result.to_dicts(), f"panel-{region or orgs}-{start}-{end}")
    return result.to_dict()


# --- events and proposals ------------------------------------------------------------
@router.get("/events", response_model=Page, responses=CSV_RESPONSE, summary="Coded events (filters)")
def events(
    store: Store,
    fmt: Format = "json",
    country: Annotated[str | None, Query(max_length=100)] = None,
    org: Annotated[str | None, Query(max_length=100)] = None,
    event_type: Annotated[str | None, Query(max_length=40)] = None,
    quad: Annotated[str | None, Query(max_length=40)] = None,
    start: Start = None,
    end: End = None,
    q: Annotated[str | None, Query(max_length=200, description="text in the evidence sentence")] = None,
    doc_id: Annotated[str | None, Query(max_length=128)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Any:
    filters = EventFilter(
        country=country,
        org=org,
        event_type=event_type,
        quad=quad,
        start=start,
        end=end,
        text=q,
        doc_id=doc_id,
        limit=limit,
        offset=offset,
    )
    total, rows = store.events(filters)
    return _maybe_csv(fmt, rows, "events", Page(total=total, limit=limit, offset=offset, items=rows))


@router.get("/events/{event_id}", summary="One event with its evidence", responses={404: {"model": ErrorBody}})
def event(store: Store, event_id: Annotated[str, Path(min_length=1, max_length=128)]) -> dict[str, Any]:
    row = store.event(event_id)
    if row is None:
        raise UsageError(E.BW006, f"no event with id {event_id!r}")
    return row


@router.get("/proposals", response_model=Page, responses=CSV_RESPONSE, summary="Proposed facts")
def proposals(
    store: Store,
    fmt: Format = "json",
    status: Annotated[str | None, Query(pattern=f"^({'|'.join(PROPOSAL_STATUSES)})$")] = None,
    kind: Annotated[str | None, Query(pattern=f"^({'|'.join(PROPOSAL_KINDS)})$")] = None,
    org: Annotated[str | None, Query(max_length=100)] = None,
    relation: Annotated[str | None, Query(pattern=f"^({'|'.join(RELATIONS)})$")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    queue: bool = False,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Any:
    """Proposals by relation (contradicts, refines, new, confirms) and confidence, each with its evidence."""
    total, rows = store.proposals(
        status=status,
        kind=kind,
        org=org,
        relation=relation,
        min_confidence=min_confidence,
        queue=queue,
        limit=limit,
        offset=offset,
        evidence=fmt != "csv",
    )
    return _maybe_csv(fmt, rows, "proposals", Page(total=total, limit=limit, offset=offset, items=rows))


@router.get("/proposals/{proposal_id}", summary="One proposal with its evidence")
def proposal(store: Store, proposal_id: Annotated[str, Path(min_length=1, max_length=128)]) -> dict[str, Any]:
    return store.proposal(proposal_id)


_WRITE: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "missing or wrong token"},
    403: {"model": ErrorBody, "description": "server is read-only"},
    429: {"model": ErrorBody, "description": "too many failed token attempts (see Retry-After)"},
}


@router.post(
    "/proposals/{proposal_id}/accept",
    response_model=DecisionOut,
    dependencies=[Depends(require_token)],
    responses=_WRITE,
    summary="Accept a proposal (needs the token)",
)
def accept(
    store: WriteStore,
    proposal_id: Annotated[str, Path(min_length=1, max_length=128)],
    body: Annotated[DecisionIn, Body()],
) -> Any:
    decision: Decision = store.review.accept(proposal_id, by=body.decided_by, note=body.note)
    return decision.to_dict()


@router.post(
    "/proposals/{proposal_id}/reject",
    response_model=DecisionOut,
    dependencies=[Depends(require_token)],
    responses=_WRITE,
    summary="Reject a proposal (needs the token)",
)
def reject(
    store: WriteStore,
    proposal_id: Annotated[str, Path(min_length=1, max_length=128)],
    body: Annotated[DecisionIn, Body()],
) -> Any:
    decision: Decision = store.review.reject(proposal_id, by=body.decided_by, note=body.note)
    return decision.to_dict()


@router.get("/audit", summary="Latest review decisions")
def audit(store: Store, limit: Limit = 100) -> list[dict[str, Any]]:
    return store.review.audit(limit=limit)


@router.get("/geo/countries", summary="Country outlines (GeoJSON, id = ISO3) for the dashboard's maps")
def geo() -> Response:
    return Response(
        json.dumps(world_geojson(), separators=(",", ":")),
        media_type="application/json",
        headers={"Cache-Control": "public, max-age=86400"},
    )
