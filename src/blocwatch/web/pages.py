"""The dashboard's pages: server-rendered Jinja2 (autoescaped) over the same library calls as
the API; charts are drawn in the browser by ``static/app.js`` from the API's JSON."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from blocwatch.analytics import Analytics, EventFilter
from blocwatch.capacity import count_phrase
from blocwatch.errors import BlocwatchError
from blocwatch.extract.tables import PROPOSAL_STATUSES, RELATIONS
from blocwatch.web.assets import templates_dir
from blocwatch.web.deps import STATUS, analytics

_env = Environment(
    loader=FileSystemLoader(str(templates_dir())),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
templates = Jinja2Templates(env=_env)
router = APIRouter(include_in_schema=False)
Store = Annotated[Analytics, Depends(analytics)]
Text = Annotated[str | None, Query(max_length=200)]


def _url(path: str, **params: Any) -> str:
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(clean) if clean else "")


def _render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("writable", bool(request.app.state.token))
    context["url"] = _url
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def error_page(request: Request, exc: BlocwatchError) -> Response:
    return _render(request, "error.html", status_code=STATUS.get(exc.code.id, 400), error=exc.to_dict())


@router.get("/", response_class=HTMLResponse)
def index(request: Request, store: Store) -> HTMLResponse:
    countries = store.con.execute(
        "select iso3, name_en from countries where region in ('LAC', 'AMERICAS') order by name_en"
    ).fetchall()
    return _render(request, "index.html", orgs=store.graph.orgs(), countries=countries, status=store.status())


@router.get("/org/{org}", response_class=HTMLResponse)
def org_page(request: Request, store: Store, org: str, on: Text = None) -> HTMLResponse:
    org_id = store.graph.resolve_org(org)
    day = on or dt.date.today().isoformat()
    members = store.graph.members(org_id, on=day)
    info = next((o for o in store.graph.orgs() if o.id == org_id), None)
    _, events = store.events(EventFilter(org=org_id, limit=20))
    return _render(
        request,
        "org.html",
        org=info,
        org_id=org_id,
        on=day,
        members=members,
        active=sum(1 for m in members if m.status == "active"),
        capacity_counts=count_phrase(m.capacity for m in members),
        presidency=store.graph.presidency(org_id, on=day),
        mechanisms=store.graph.mechanisms(org_id, on=day),
        coverage=store.graph.coverage(org_id)[0],
        events=events,
        has_votes=store.status()["un_votes"] > 0,
    )


@router.get("/country/{state}", response_class=HTMLResponse)
def country_page(request: Request, store: Store, state: str, on: Text = None, powers: Text = None) -> HTMLResponse:
    iso3 = store.graph.resolve_state(state)
    day = on or dt.date.today().isoformat()
    _, events = store.events(EventFilter(country=iso3, limit=20))
    return _render(
        request,
        "country.html",
        iso3=iso3,
        name=store.graph.name_of(iso3),
        on=day,
        memberships=store.graph.memberships(iso3, on=day),
        powers=powers or ",".join(store.default_powers()),
        events=events,
        has_votes=store.status()["un_votes"] > 0,
    )


def _org_or_none(store: Analytics, text: str) -> str | None:
    try:
        return store.graph.resolve_org(text.strip()) if text.strip() else None
    except BlocwatchError:
        return None


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    store: Store,
    orgs: Annotated[str, Query(max_length=500)] = "UNASUR,PROSUR,CELAC,MERCOSUR,CAN,ALBA",
    on: Text = None,
    a: Annotated[str, Query(max_length=100)] = "UNASUR",
    b: Annotated[str, Query(max_length=100)] = "PROSUR",
    start: Annotated[int, Query(ge=1800, le=2200)] = 2018,
    end: Annotated[int, Query(ge=1800, le=2200)] = 2023,
    capacity: Annotated[str, Query(pattern="^[a-z,]{1,40}$")] = "member",
) -> HTMLResponse:
    day = on or dt.date.today().isoformat()
    usable = [ident for ident in (_org_or_none(store, x) for x in orgs.split(",")) if ident]
    usable = list(dict.fromkeys(usable))
    matrix = store.overlap_matrix(usable, on=day, capacity=capacity) if len(usable) >= 2 else None
    a_id, b_id = _org_or_none(store, a), _org_or_none(store, b)
    series = (
        store.overlap_series(a_id, b_id, start=start, end=end, capacity=capacity)
        if a_id and b_id and start <= end
        else []
    )
    a, b = a_id or a, b_id or b
    return _render(
        request,
        "compare.html",
        orgs=",".join(usable),
        on=day,
        matrix=matrix,
        a=a,
        b=b,
        start=start,
        end=end,
        series=series,
        capacity=capacity,
    )


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    store: Store,
    country: Text = None,
    org: Text = None,
    event_type: Text = None,
    quad: Text = None,
    start: Annotated[str | None, Query(max_length=10)] = None,
    end: Annotated[str | None, Query(max_length=10)] = None,
    q: Text = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    filters = EventFilter(
        country=country or None,
        org=org or None,
        event_type=event_type or None,
        quad=quad or None,
        start=start or None,
        end=end or None,
        text=q or None,
        limit=50,
        offset=offset,
    )
    total, rows = store.events(filters)
    params = {
        "country": country,
        "org": org,
        "event_type": event_type,
        "quad": quad,
        "start": start,
        "end": end,
        "q": q,
    }
    return _render(request, "events.html", total=total, events=rows, params=params, offset=offset, limit=50)


@router.get("/event/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, store: Store, event_id: str) -> HTMLResponse:
    row = store.event(event_id)
    if row is None:
        return _render(
            request, "error.html", status_code=404, error={"code": "BW006", "message": "no such event", "hint": ""}
        )
    context = None
    if isinstance(row.get("evidence_start"), int) and isinstance(row.get("evidence_end"), int):
        context = store.evidence_context(str(row["doc_id"]), row["evidence_start"], row["evidence_end"])
    return _render(request, "event.html", event=row, context=context)


@router.get("/proposals", response_class=HTMLResponse)
def proposals_page(
    request: Request,
    store: Store,
    status: Annotated[str | None, Query(pattern=f"^({'|'.join(PROPOSAL_STATUSES)})?$")] = "pending",
    relation: Annotated[str | None, Query(pattern=f"^({'|'.join(RELATIONS)})?$")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    total, rows = store.proposals(
        status=status or None, relation=relation or None, limit=50, offset=offset, evidence=True
    )
    return _render(
        request,
        "proposals.html",
        total=total,
        proposals=rows,
        status=status or "",
        relation=relation or "",
        statuses=PROPOSAL_STATUSES,
        relations=RELATIONS,
        offset=offset,
        audit=store.review.audit(limit=20),
    )


@router.get("/rows", response_class=HTMLResponse)
def rows_page(request: Request, src: Annotated[str, Query(max_length=1000, pattern=r"^/api/v1/")]) -> HTMLResponse:
    """The rows behind a figure: ``src`` is an API path, fetched and tabulated in the browser."""
    return _render(request, "rows.html", src=src)
