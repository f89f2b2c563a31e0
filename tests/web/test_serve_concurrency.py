"""The CLI works while `blocwatch serve` runs on the same database file.

A real server in a subprocess on 127.0.0.1 (a free port) serves a file-backed store; CLI
processes then read the same file (members, stats, extract, status succeed), and a CLI
write fails with the coded error BW010 saying what to do, never DuckDB's raw lock message.
The server itself still records a review decision (it reopens the file for writing only
for that), and the CLI sees the decision afterwards. The proposal is INVENTED test data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest
from click.testing import CliRunner

from blocwatch.cli import main

TOKEN = "concurrency-token-7"


def _cli(db: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "blocwatch.cli", "--db", str(db), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "BLOCWATCH_TOKEN": TOKEN},
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    db = tmp_path_factory.mktemp("serve") / "served.duckdb"
    assert CliRunner().invoke(main, ["--db", str(db), "build"]).exit_code == 0
    con = duckdb.connect(str(db))
    con.execute(
        """insert into proposals (id, kind, org, member, change, date, payload, confidence, doc_id, sentence,
               evidence_start, evidence_end, source, status, created_at)
           values ('p-serve', 'mechanism', 'CELAC', 'RUS', 'proposed', '2020-02-06', ?, 0.9, 'doc-serve',
                   'Russia offered CELAC a dialogue mechanism (invented test sentence).', 0, 60, 'test_fixture.v1',
                   'pending', ?)""",
        [
            json.dumps({"org": "CELAC", "partner": "RUS", "status": "proposed", "areas": ["space"]}),
            dt.datetime(2026, 2, 1),
        ],
    )
    con.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "blocwatch.cli", "--db", str(db), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "BLOCWATCH_TOKEN": TOKEN},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited: {server.stderr.read() if server.stderr else ''}")
        try:
            if httpx.get(base + "/api/v1/status", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        server.terminate()
        pytest.fail("the server did not start")
    yield base, db
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def test_cli_reads_while_serving(served: tuple[str, Path]) -> None:
    base, db = served
    members = _cli(db, "members", "CELAC", "--on", "2020-02-06", "--json")
    assert members.returncode == 0, members.stderr
    assert len(json.loads(members.stdout)) == 33
    stats = _cli(db, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert "articles" in json.loads(stats.stdout)
    status = _cli(db, "status", "--json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["unvotes"]["kind"] == "bundled"
    record = {"id": "d1", "text": "Brazil suspended its participation in CELAC.", "date": "2020-01-16"}
    extract = _cli(db, "extract", "--no-parse", stdin=json.dumps(record) + "\n")
    assert extract.returncode == 0, extract.stderr
    lines = [json.loads(line) for line in extract.stdout.splitlines() if line.strip()]
    assert any(line.get("record") == "proposal" for line in lines), lines
    # and the server still answers
    assert httpx.get(base + "/api/v1/orgs/CELAC/members", params={"on": "2020-02-06"}, timeout=30).status_code == 200


@pytest.mark.parametrize("args", [("build",), ("review", "accept", "p-serve", "--by", "cli")])
def test_cli_write_while_serving_is_a_coded_error(served: tuple[str, Path], args: tuple[str, ...]) -> None:
    _, db = served
    result = _cli(db, *args, "--json")
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert json.loads(result.stdout)["error"]["code"] == "BW010"
    assert "[BW010]" in result.stderr and "blocwatch serve" in result.stderr
    for raw in ("Conflicting lock", "IO Error", "Traceback", "read-only mode"):
        assert raw not in result.stderr


def test_server_records_a_decision_and_the_cli_sees_it(served: tuple[str, Path]) -> None:
    base, db = served
    response = httpx.post(
        base + "/api/v1/proposals/p-serve/accept",
        json={"decided_by": "ana"},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    listed = _cli(db, "review", "list", "--status", "accepted", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [p["id"] for p in json.loads(listed.stdout)["items"]] == ["p-serve"]
    # the server reads again after the write
    after = httpx.get(base + "/api/v1/proposals", params={"status": "accepted"}, timeout=30).json()
    assert [p["id"] for p in after["items"]] == ["p-serve"]
