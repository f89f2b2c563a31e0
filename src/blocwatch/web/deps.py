"""Per-request access to the store, error mapping, CSV output and the review token check."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, is_dataclass
from typing import Annotated, Any, Literal

from fastapi import Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from blocwatch.analytics import Analytics
from blocwatch.errors import BlocwatchError, E
from blocwatch.reference.graph import Graph
from blocwatch.review import token_matches

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


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Refuse writes unless the server has a token and the request carries it (``Bearer``)."""
    expected = request.app.state.token
    if not expected:
        raise HTTPException(403, {"code": E.BW506.id, "message": "this server is read-only (no BLOCWATCH_TOKEN)"})
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token_matches(expected, given.strip()):
        raise HTTPException(
            401,
            {"code": E.BW506.id, "message": "missing or wrong token"},
            headers={"WWW-Authenticate": "Bearer"},
        )


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple, set)):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


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
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    safe = "".join(ch for ch in filename if ch.isalnum() or ch in "-_.") or "data"
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{safe}.csv"'},
    )


CSV_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}
