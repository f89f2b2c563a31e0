"""schemathesis against the served OpenAPI document: no 5xx and no response that violates the
documented schema, content type or status codes. Bounded examples so the run stays fast."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from analytics._fixtures import insert_events, insert_proposals, write_unvotes
from blocwatch.core import open_blocwatch
from blocwatch.web import create_app

MINI = Path(__file__).resolve().parents[1] / "reference" / "fixtures" / "mini"


def _app():  # type: ignore[no-untyped-def]
    bw = open_blocwatch(":memory:", data_dir=str(MINI))
    bw.analytics.import_unvotes(write_unvotes(Path(tempfile.mkdtemp(prefix="bw-fuzz-")) / "unvotes"))
    insert_events(bw.con)
    insert_proposals(bw.con)
    # writes then answer 401 unless the token is sent; schemathesis sends Host: localhost or testserver
    return create_app(bw, token="fuzz-token", hosts=["localhost", "testserver", "127.0.0.1"])


schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", _app())

CHECKS = [
    checks.not_a_server_error,
    checks.response_schema_conformance,
    checks.content_type_conformance,
    checks.status_code_conformance,
]


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_openapi_document(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)
