"""Per-request access to the store, error mapping, CSV output and the review token check."""

from __future__ import annotations

import csv
import io
import json
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, is_dataclass
from typing import Annotated, Any, Literal

from fastapi import Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from blocwatch.analytics import Analytics
from blocwatch.errors import CODES, BlocwatchError, E
from blocwatch.reference.graph import Graph
from blocwatch.review import token_matches
from blocwatch.safecsv import safe_cell

#: HTTP status of each error code the API can raise (the rest are 400).
STATUS = {
    E.BW001.id: 404,
    E.BW002.id: 404,
    E.BW006.id: 404,
    E.BW503.id: 404,
    E.BW501.id: 409,
    E.BW504.id: 409,
    E.BW505.id: 409,
    E.BW506.id: 401,
    E.BW010.id: 409,  # issue 12: the store is held by another process
    E.BW510.id: 429,
    E.BW511.id: 400,
}

Format = Annotated[Literal["json", "csv"], Query(alias="format", description="json (default) or csv")]


def analytics(request: Request) -> Iterator[Analytics]:
    """A cursor of the app's store for one request (DuckDB cursors may run in parallel threads)."""
    with request.app.state.gate.reading() as cursor:
        yield Analytics(cursor, Graph(cursor))


def writing_analytics(request: Request) -> Iterator[Analytics]:
    """Like :func:`analytics`, on a connection that may write (a review decision); see ``gate``."""
    with request.app.state.gate.writing() as cursor:
        yield Analytics(cursor, Graph(cursor))


def error_response(exc: BlocwatchError) -> JSONResponse:
    return JSONResponse({"error": exc.to_dict()}, status_code=STATUS.get(exc.code.id, 400))


class TokenAttempts:
    """Failed token attempts per client over a sliding window (``web_token_attempts`` a minute).

    >>> attempts = TokenAttempts(2, window=60.0, clock=lambda: 0.0)
    >>> attempts.fail("a"); attempts.fail("a"); attempts.retry_after("a")
    60
    """

    def __init__(self, limit: int, *, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str) -> deque[float]:
        now = self.clock()
        failures = self._failures.setdefault(client, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def retry_after(self, client: str) -> int | None:
        """Seconds until ``client`` may try again, or ``None`` when it may now."""
        with self._lock:
            failures = self._recent(client)
            if self.limit <= 0 or len(failures) < self.limit:
                if not failures:
                    self._failures.pop(client, None)
                return None
            return max(1, math.ceil(failures[0] + self.window - self.clock()))

    def fail(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(self.clock())
            if len(self._failures) > 10_000:  # bounded memory: forget the stalest clients
                for stale in list(self._failures)[:5_000]:
                    del self._failures[stale]


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Refuse writes unless the server has a token and the request carries it (``Bearer``);
    after too many failed attempts a client gets 429 with ``Retry-After`` (even with the right token)."""
    expected = request.app.state.token
    if not expected:
        raise HTTPException(403, {"code": E.BW506.id, "message": "this server is read-only (no BLOCWATCH_TOKEN)"})
    attempts: TokenAttempts = request.app.state.token_attempts
    client = request.client.host if request.client else "unknown"
    wait = attempts.retry_after(client)
    if wait is not None:
        raise HTTPException(
            429,
            {"code": E.BW510.id, "message": f"too many failed token attempts; try again in {wait} s"},
            headers={"Retry-After": str(wait)},
        )
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token_matches(expected, given.strip()):
        attempts.fail(client)
        raise HTTPException(
            401,
            {"code": E.BW506.id, "message": "missing or wrong token"},
            headers={"WWW-Authenticate": "Bearer"},
        )


def http_error_response(status: int, detail: Any, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """Any HTTP error as the documented body ``{"error": {code, message, hint, where}}``."""
    if isinstance(detail, dict) and detail.get("code") in CODES:
        code = CODES[detail["code"]]
        message = str(detail.get("message") or code.summary)
    elif status in (404, 405):
        code, message = E.BW512, str(detail or "not found")
    elif status == 422:
        code, message = E.BW513, _validation_message(detail)
    else:
        code, message = E.BW514, str(detail or "request failed")
    body = {"error": {"code": code.id, "message": message, "where": None, "hint": code.hint}}
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


def _validation_message(errors: Any) -> str:
    if isinstance(errors, list) and errors:
        parts = []
        for error in errors[:5]:
            if isinstance(error, dict):
                where = ".".join(str(part) for part in error.get("loc", ()))
                parts.append(f"{where}: {error.get('msg', 'invalid')}")
        if parts:
            return "invalid parameters: " + "; ".join(parts)
    return "invalid parameters"


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple, set)):
        return safe_cell(";".join(str(v) for v in value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return safe_cell(value)


def as_rows(items: Sequence[Any]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        if is_dataclass(item) and not isinstance(item, type):
            out.append(asdict(item))
        elif isinstance(item, dict):
            out.append(item)
        else:
            out.append({"value": item})
    return out


def csv_response(items: Sequence[Any], filename: str) -> Response:
    """Rows as CSV (lists joined with ``;``, mappings as JSON), as a download."""
    rows = as_rows(items)
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns or ["empty"], extrasaction="ignore")
    writer.writerow({column: safe_cell(column) for column in columns} if columns else {"empty": "empty"})
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    safe = "".join(ch for ch in filename if ch.isalnum() or ch in "-_.") or "data"
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{safe}.csv"'},
    )


CSV_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}
