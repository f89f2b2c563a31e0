"""Security: escaped article text, injection strings in every parameter, the token on writes,
and loopback-only listening."""

from __future__ import annotations

import csv
import importlib
import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from blocwatch.core import Blocwatch
from blocwatch.errors import UsageError
from blocwatch.web import check_host

INJECTIONS = [
    "' OR '1'='1",
    "'; drop table events; --",
    '" or ""="',
    "<script>alert(1)</script>",
    "{{7*7}}",
    "../../../../etc/passwd",
    "1; select * from proposals",
    "%27%20or%201%3D1",
    "ARG' union select 1--",
]
VALID = {
    "org": "TESTBLOC",
    "state": "ARG",
    "entity": "TESTBLOC",
    "orgs": "TESTBLOC,OTHERBLOC",
    "a": "TESTBLOC",
    "b": "OTHERBLOC",
    "start": "2004",
    "end": "2006",
    "universe": "TESTBLOC",
    "compare": "OTHERBLOC",
    "power": "RUS",
    "session": "65",
    "event_id": "e1",
    "proposal_id": "p-member",
}


def _counts(bw: Blocwatch) -> dict[str, Any]:
    tables = ["events", "proposals", "membership_events", "membership_spells", "presidencies", "un_votes", "audit_log"]
    counts: dict[str, Any] = {t: bw.con.execute(f"select count(*) from {t}").fetchone() for t in tables}
    counts["status"] = bw.con.execute("select list(status order by id) from proposals").fetchone()
    return counts


def _get_operations(client: TestClient) -> list[tuple[str, list[dict[str, Any]]]]:
    doc = client.get("/api/v1/openapi.json").json()
    return [
        (path, op.get("parameters", []))
        for path, ops in doc["paths"].items()
        for verb, op in ops.items()
        if verb == "get"
    ]


def _url(path: str, params: list[dict[str, Any]], target: str, value: str) -> tuple[str, dict[str, str]]:
    query: dict[str, str] = {}
    for param in params:
        name = param["name"]
        chosen = value if name == target else VALID.get(name)
        if param["in"] == "path":
            path = path.replace("{" + name + "}", (chosen or "x").replace("/", "%2F"))
        elif chosen is not None and (param.get("required") or name == target):
            query[name] = chosen
    return path, query


def test_injection_strings_in_every_api_parameter_change_nothing(client: TestClient, web_bw: Blocwatch) -> None:
    before = _counts(web_bw)
    tried = 0
    for path, params in _get_operations(client):
        for param in params:
            if param["name"] == "format":
                continue
            for value in INJECTIONS:
                url, query = _url(path, params, param["name"], value)
                response = client.get(url, params=query)
                tried += 1
                assert response.status_code < 500, (url, query, response.text[:300])
                if response.status_code == 200 and response.headers["content-type"].startswith("application/json"):
                    assert "<script>alert(1)</script>" not in response.text or param["name"] in {"q"}, (url, query)
    assert tried > 200
    assert _counts(web_bw) == before


def test_injection_does_not_widen_a_query(client: TestClient) -> None:
    assert client.get("/api/v1/events", params={"q": "' OR '1'='1"}).json()["total"] == 0
    assert client.get("/api/v1/events", params={"doc_id": "doc1' or '1'='1"}).json()["total"] == 0
    assert client.get("/api/v1/events", params={"country": "ARG' OR '1'='1"}).status_code == 404
    assert (
        client.get("/api/v1/proposals", params={"kind": "x' or 1=1 --"}).status_code == 422
    )  # kinds are a closed list
    assert client.get("/api/v1/proposals", params={"org": "x' or 1=1 --"}).status_code in (404, 400)


@pytest.mark.parametrize(
    "path", ["/events", "/org/TESTBLOC", "/country/ARG", "/compare", "/proposals", "/rows", "/event/e1"]
)
def test_injection_strings_in_page_parameters(client: TestClient, web_bw: Blocwatch, path: str) -> None:
    before = _counts(web_bw)
    for value in INJECTIONS:
        for name in ("q", "on", "orgs", "country", "org", "start", "a", "status", "src", "powers", "quad"):
            response = client.get(path, params={name: value})
            assert response.status_code < 500, (path, name, response.text[:300])
            if response.headers["content-type"].startswith("text/html"):
                assert "<script>alert(1)</script>" not in response.text
            else:  # a validation error (JSON, never rendered as HTML)
                assert response.status_code == 422 and response.headers["x-content-type-options"] == "nosniff"
        if path.count("/") > 1:  # the path segment itself
            response = client.get(path.rsplit("/", 1)[0] + "/" + value.replace("/", "%2F"))
            assert response.status_code < 500 and "<script>alert(1)</script>" not in response.text
    assert _counts(web_bw) == before


def test_article_text_with_script_is_shown_escaped(client: TestClient) -> None:
    for url in ("/events", "/event/e8", "/country/ARG", "/proposals", "/events?q=asked"):
        html = client.get(url).text
        assert "<script>alert('xss')</script>" not in html, url
        assert "&lt;script&gt;alert(" in html, url
    # the one <script> tags there are the local assets
    html = client.get("/event/e8").text
    assert html.count("<script") == 2 and 'src="/static/plotly.min.js"' in html


def test_rows_page_only_reads_the_api(client: TestClient) -> None:
    assert client.get("/rows", params={"src": "javascript:alert(1)"}).status_code == 422
    assert client.get("/rows", params={"src": "https://evil.example/x"}).status_code == 422


def test_source_links_are_only_http(client: TestClient, web_bw: Blocwatch) -> None:
    web_bw.con.execute("update articles set url = 'javascript:alert(1)'")
    html = client.get("/events").text
    assert 'href="javascript:' not in html


def test_check_host_is_loopback_unless_explicit() -> None:
    assert check_host(None, explicit=False) == "127.0.0.1"
    assert check_host("::1", explicit=False) == "::1"
    with pytest.raises(UsageError) as info:
        check_host("0.0.0.0", explicit=False)
    assert info.value.code.id == "BW507"
    assert check_host("0.0.0.0", explicit=True) == "0.0.0.0"


def test_serve_command_binds_loopback_by_default(web_bw: Blocwatch, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from blocwatch.cli import _common, main

    serve_module = importlib.import_module("blocwatch.web.serve")

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(serve_module.uvicorn, "run", lambda app, **kw: calls.append(kw))
    monkeypatch.setattr(_common.CliState, "open", lambda self, build=True, write=False: web_bw)
    monkeypatch.setattr(_common.CliState, "close", lambda self: None)
    runner = CliRunner()
    assert runner.invoke(main, ["serve", "--port", "9999"]).exit_code == 0
    assert runner.invoke(main, ["serve", "--host", "0.0.0.0", "--port", "9999"]).exit_code == 0
    assert [(c["host"], c["port"]) for c in calls] == [("127.0.0.1", 9999), ("0.0.0.0", 9999)]


def _listening(port: int) -> list[str]:
    """Local addresses listening on ``port`` (from /proc/net/tcp and tcp6)."""
    out = []
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(name)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A = LISTEN
                out.append(address)
    return out


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs /proc/net/tcp (Linux)")
def test_real_server_listens_on_loopback_only(tmp_path: Path, mini_data_dir: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "BLOCWATCH_TOKEN": ""}
    command = [
        sys.executable,
        "-c",
        "from blocwatch.cli import main; main()",
        "--db",
        str(tmp_path / "s.duckdb"),
        "--data-dir",
        str(mini_data_dir),
    ]
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not _listening(port):
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            time.sleep(0.1)
        assert _listening(port) == ["0100007F"]  # 127.0.0.1, and nothing else
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- issue 11: host check, rate limit on tokens, CSV formulas, error bodies -----------------


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "localhost.evil.example", ""])
def test_unknown_host_header_is_refused(client: TestClient, host: str) -> None:
    for path in ("/api/v1/orgs", "/"):
        response = client.get(path, headers={"Host": host})
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "BW511"
        assert "X-Frame-Options" in response.headers  # the security headers are on refusals too


@pytest.mark.parametrize("host", ["localhost", "localhost:8765", "127.0.0.1:8765", "127.0.0.1"])
def test_configured_hosts_are_served(client: TestClient, host: str) -> None:
    assert client.get("/api/v1/orgs", headers={"Host": host}).status_code == 200


def test_allowed_hosts_come_from_the_setting(web_bw: Blocwatch, monkeypatch: pytest.MonkeyPatch) -> None:
    from blocwatch.web import create_app

    real = web_bw.settings.get
    monkeypatch.setattr(
        web_bw.settings, "get", lambda name: "blocwatch.lan" if name == "web_allowed_hosts" else real(name)
    )
    with TestClient(create_app(web_bw), base_url="http://blocwatch.lan") as lan:
        assert lan.get("/api/v1/orgs").status_code == 200
        assert lan.get("/api/v1/orgs", headers={"Host": "localhost"}).status_code == 400


def test_failed_token_attempts_are_rate_limited(client: TestClient, web_bw: Blocwatch, auth: dict[str, str]) -> None:
    limit = int(web_bw.settings.get("web_token_attempts"))
    url = "/api/v1/proposals/p-member/accept"
    for attempt in range(limit):
        response = client.post(url, json={"decided_by": "x"}, headers={"Authorization": f"Bearer wrong-{attempt}"})
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "BW506"
    refused = client.post(url, json={"decided_by": "x"}, headers={"Authorization": "Bearer wrong-again"})
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "BW510"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # the right token is refused too while the client is blocked: guessing cannot go on
    blocked = client.post(url, json={"decided_by": "ana"}, headers=auth)
    assert blocked.status_code == 429
    assert web_bw.con.execute("select status from proposals where id = 'p-member'").fetchone() == ("pending",)


def test_token_attempts_window_expires() -> None:
    from blocwatch.web.deps import TokenAttempts

    now = [0.0]
    attempts = TokenAttempts(3, window=60.0, clock=lambda: now[0])
    for _ in range(3):
        assert attempts.retry_after("a") is None
        attempts.fail("a")
    assert attempts.retry_after("a") == 60
    assert attempts.retry_after("b") is None  # per client
    now[0] = 45.0
    assert attempts.retry_after("a") == 15
    now[0] = 60.5
    assert attempts.retry_after("a") is None


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/no-such-endpoint", 404, "BW512"),
        ("/api/v1/orgs/NOPE/members", 404, "BW001"),
        ("/api/v1/events?limit=not-a-number", 422, "BW513"),
    ],
)
def test_error_bodies_have_the_documented_shape(client: TestClient, path: str, status: int, code: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["message"] and error["hint"]
    assert "detail" not in response.json()


def test_write_errors_have_the_documented_shape(client: TestClient, ro_client: TestClient) -> None:
    url = "/api/v1/proposals/p-member/accept"
    for response, status in ((client.post(url, json={"decided_by": "x"}), 401), (ro_client.post(url, json={}), 403)):
        assert response.status_code == status
        assert set(response.json()["error"]) >= {"code", "message", "hint"}
        assert response.json()["error"]["code"] == "BW506"
    assert client.put("/api/v1/orgs").json()["error"]["code"] == "BW512"  # 405


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)"]


def test_csv_downloads_neutralise_formulas(client: TestClient, web_bw: Blocwatch) -> None:
    for number, formula in enumerate(FORMULAS):
        web_bw.con.execute(
            "update events set actor_text = ?, sentence = ? where id = (select id from events order by id limit 1 offset ?)",
            [formula, formula, number],
        )
    response = client.get("/api/v1/events", params={"format": "csv", "limit": 500})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    cells = [value for row in rows for value in row.values()]
    for formula in FORMULAS:
        assert "'" + formula in cells
    assert not [cell for cell in cells if cell and cell[0] in "=+@"]
    # numbers stay numbers
    assert any(row["confidence"] and float(row["confidence"]) >= 0 for row in rows)


def test_export_csv_neutralises_formulas(web_bw: Blocwatch) -> None:
    from blocwatch.extract.export import export_events

    web_bw.con.execute(
        "update events set actor_text = '=1+1', sentence = '@cmd' where id = (select min(id) from events)"
    )
    _, text = export_events(web_bw, None, fmt="csv")
    assert text is not None
    cells = [value for row in csv.DictReader(io.StringIO(text)) for value in row.values()]
    assert "'=1+1" in cells and "'@cmd" in cells and "=1+1" not in cells
    _, cameo = export_events(web_bw, None, fmt="cameo")
    assert cameo is not None and "\t=" not in cameo and "\t@" not in cameo
