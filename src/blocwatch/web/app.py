"""The web application: the JSON API under ``/api/v1`` and the dashboard, in one FastAPI app.

    >>> from blocwatch import open_blocwatch
    >>> from blocwatch.web import create_app
    >>> app = create_app(open_blocwatch(":memory:"))  # doctest: +SKIP

Everything the browser loads comes from this server (a Content-Security-Policy of
``'self'`` enforces it): plotly.js from the installed ``plotly`` package, country outlines
from ``countryinfo``. Without a review token the app is read-only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from blocwatch.core import Blocwatch
from blocwatch.errors import BlocwatchError, E
from blocwatch.web import api, pages
from blocwatch.web.assets import plotly_js_path, static_dir
from blocwatch.web.deps import TokenAttempts, error_response, http_error_response
from blocwatch.web.gate import StoreGate

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


def allowed_hosts(setting: str) -> frozenset[str]:
    """The host names of the ``web_allowed_hosts`` setting (``"*"`` allows any)."""
    return frozenset(name.strip().lower() for name in setting.split(",") if name.strip())


def _host_name(header: str) -> str:
    """``"localhost:8765"`` → ``"localhost"``, ``"[::1]:8765"`` → ``"::1"``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.rpartition(":")[0] if header.count(":") == 1 else header


def create_app(bw: Blocwatch, *, token: str | None = None, hosts: Sequence[str] | None = None) -> FastAPI:
    """The app over the store ``bw``; ``token`` (default: the ``token`` setting) enables review;
    ``hosts`` (default: the ``web_allowed_hosts`` setting) are the Host names it answers to."""
    app = FastAPI(
        title="blocwatch API",
        version="1",
        description="Regional integration: memberships, presidencies, mechanisms, measures, events, proposals.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: the dashboard stays offline
        redoc_url=None,
    )
    app.state.bw = bw
    app.state.gate = StoreGate(bw)
    app.state.token = token if token is not None else bw.settings.get("token")
    app.state.token_attempts = TokenAttempts(int(bw.settings.get("web_token_attempts")))
    permitted = (
        frozenset(h.lower() for h in hosts)
        if hosts is not None
        else allowed_hosts(bw.settings.get("web_allowed_hosts"))
    )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return http_error_response(exc.status_code, exc.detail, exc.headers)
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return http_error_response(422, jsonable_encoder(exc.errors()))
        return await request_validation_exception_handler(request, exc)

    @app.exception_handler(BlocwatchError)
    async def _blocwatch_error(request: Request, exc: BlocwatchError) -> Response:
        if request.url.path.startswith("/api/"):
            return error_response(exc)
        return pages.error_page(request, exc)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        # Host check (against DNS rebinding: a page elsewhere resolving its name to 127.0.0.1)
        if "*" not in permitted and _host_name(request.headers.get("host", "")) not in permitted:
            response: Response = http_error_response(
                400, {"code": E.BW511.id, "message": "host name not allowed by web_allowed_hosts"}
            )
        else:
            response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def _plotly() -> FileResponse:
        return FileResponse(plotly_js_path(), media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})

    app.mount("/static", StaticFiles(directory=static_dir()), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app
