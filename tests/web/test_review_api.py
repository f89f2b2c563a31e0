"""Review of proposals: accept/reject with the token, facts with their evidence, audit log,
refusals without the token, the CLI, and replay after a rebuild."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from blocwatch.cli import main
from blocwatch.core import Blocwatch
from blocwatch.reference.build import build_graph
from blocwatch.review import reapply_accepted


def _accept(client: TestClient, auth: dict[str, str], pid: str, by: str = "ana") -> dict:
    response = client.post(f"/api/v1/proposals/{pid}/accept", json={"decided_by": by}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


def test_accepted_membership_becomes_a_fact_with_its_evidence(
    client: TestClient, auth: dict[str, str], web_bw: Blocwatch
) -> None:
    assert all(m.state != "CAN" for m in web_bw.graph.members("TESTBLOC", on="2021-06-01"))
    decision = _accept(client, auth, "p-member")
    assert (decision["action"], decision["decided_by"], decision["kind"]) == ("accept", "ana", "membership")
    member = next(m for m in web_bw.graph.members("TESTBLOC", on="2021-06-01") if m.state == "CAN")
    assert (member.capacity, member.status, member.since) == ("observer", "active", "2021-03-01")
    row = web_bw.con.execute(
        "select origin, sources from membership_events where org = 'TESTBLOC' and member = 'CAN'"
    ).fetchone()
    assert row == ("proposal:p-member", ["proposal:p-member"])
    source = web_bw.graph.source("proposal:p-member")
    assert source is not None and source["url"] == "https://news.example.org/story/1"
    assert source["title"] == "Canada joined the Test Bloc as an observer."
    fact = web_bw.con.execute(
        "select decided_by, evidence from accepted_facts where proposal_id = 'p-member'"
    ).fetchone()
    assert fact[0] == "ana" and json.loads(fact[1])["doc_id"] == "doc1"
    assert client.get("/api/v1/proposals/p-member").json()["status"] == "accepted"
    audit = client.get("/api/v1/audit").json()
    assert (audit[0]["actor"], audit[0]["action"], audit[0]["proposal_id"]) == ("ana", "accept", "p-member")


def test_presidency_and_area(client: TestClient, auth: dict[str, str], web_bw: Blocwatch) -> None:
    _accept(client, auth, "p-pres")
    assert web_bw.graph.presidency("TESTBLOC", on="2020-12-31").holder == "MEX"
    now = web_bw.graph.presidency("TESTBLOC", on="2021-02-01")
    assert (now.holder, now.start, now.sources) == ("ARG", "2021-01-01", ["proposal:p-pres"])
    _accept(client, auth, "p-area")
    assert web_bw.graph.mechanisms("TESTBLOC")[0].areas == ["disasters", "space"]


def test_reject_and_decide_once(client: TestClient, auth: dict[str, str], web_bw: Blocwatch) -> None:
    response = client.post("/api/v1/proposals/p-xss/reject", json={"decided_by": "bo", "note": "wrong"}, headers=auth)
    assert response.status_code == 200 and response.json()["action"] == "reject"
    assert web_bw.con.execute(
        "select count(*) from membership_events where member = 'MEX' and event = 'suspended_self'"
    ).fetchone() == (0,)
    again = client.post("/api/v1/proposals/p-xss/accept", json={"decided_by": "bo"}, headers=auth)
    assert again.status_code == 409 and again.json()["error"]["code"] == "BW504"


def test_a_proposal_that_cannot_apply_changes_nothing(
    client: TestClient, auth: dict[str, str], web_bw: Blocwatch
) -> None:
    response = client.post("/api/v1/proposals/p-bad/accept", json={"decided_by": "ana"}, headers=auth)
    assert response.status_code == 409 and response.json()["error"]["code"] == "BW505"
    assert client.get("/api/v1/proposals/p-bad").json()["status"] == "pending"
    assert web_bw.con.execute("select count(*) from audit_log").fetchone() == (0,)
    assert web_bw.con.execute("select count(*) from sources where id like 'proposal:%'").fetchone() == (0,)


@pytest.mark.parametrize("action", ["accept", "reject"])
def test_writes_refuse_without_the_token(
    client: TestClient, ro_client: TestClient, web_bw: Blocwatch, action: str
) -> None:
    url = f"/api/v1/proposals/p-member/{action}"
    body = {"decided_by": "mallory"}
    assert client.post(url, json=body).status_code == 401
    assert client.post(url, json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post(url, json=body, headers={"Authorization": "test-token"}).status_code == 401
    assert client.post(url, json=body, headers={"Authorization": "test-token-0123456789"}).status_code == 401
    assert client.post(url, json=body, headers={"Authorization": "Basic test-token-0123456789"}).status_code == 401
    assert ro_client.post(url, json=body, headers={"Authorization": "Bearer "}).status_code == 403
    assert ro_client.post(url, json=body, headers={"Authorization": "Bearer test-token-0123456789"}).status_code == 403
    assert web_bw.con.execute("select status from proposals where id = 'p-member'").fetchone() == ("pending",)
    assert web_bw.con.execute("select count(*) from audit_log").fetchone() == (0,)


def test_readonly_dashboard_has_no_review_buttons(client: TestClient, ro_client: TestClient) -> None:
    assert "Read-only" in ro_client.get("/proposals").text and 'class="decide"' not in ro_client.get("/proposals").text
    assert 'class="decide"' in client.get("/proposals").text


def test_reapply_after_rebuild(client: TestClient, auth: dict[str, str], web_bw: Blocwatch) -> None:
    _accept(client, auth, "p-member")
    _accept(client, auth, "p-pres")
    build_graph(web_bw.con, web_bw.data_dir)  # the tables rebuilt from the files alone lose the facts …
    assert all(m.state != "CAN" for m in web_bw.graph.members("TESTBLOC", on="2021-06-01"))
    assert reapply_accepted(web_bw.con) == 2  # … until they are replayed
    assert any(m.state == "CAN" for m in web_bw.graph.members("TESTBLOC", on="2021-06-01"))
    assert web_bw.build()["accepted_facts"] == 2  # `blocwatch build` replays them itself
    assert any(m.state == "CAN" for m in web_bw.graph.members("TESTBLOC", on="2021-06-01"))
    assert web_bw.graph.presidency("TESTBLOC", on="2021-02-01").holder == "ARG"
    assert reapply_accepted(web_bw.con) == 2  # idempotent
    assert web_bw.con.execute(
        "select count(*) from membership_events where member = 'CAN' and org = 'TESTBLOC'"
    ).fetchone() == (1,)


def test_cli_review(web_bw: Blocwatch, monkeypatch: pytest.MonkeyPatch) -> None:
    from blocwatch.cli import _common

    monkeypatch.setattr(_common.CliState, "open", lambda self, build=True, write=False: web_bw)
    monkeypatch.setattr(_common.CliState, "close", lambda self: None)
    runner = CliRunner()
    listed = runner.invoke(main, ["review", "list", "--json"])
    assert listed.exit_code == 0 and json.loads(listed.output)["total"] == 5
    monkeypatch.setattr(web_bw.settings, "get", lambda name: None if name == "token" else "x")
    refused = runner.invoke(main, ["review", "accept", "p-member", "--by", "ana"])
    assert refused.exit_code != 0 and "BW506" in refused.output
    monkeypatch.setattr(web_bw.settings, "get", lambda name: "secret" if name == "token" else "x")
    for wrong in ([], ["--token", "guess"], ["--token", "secre"], ["--token", "secret "]):
        refused = runner.invoke(main, ["review", "accept", "p-member", "--by", "ana", *wrong])
        assert refused.exit_code == 2 and "BW506" in refused.output, wrong  # the given token must be the configured one
    accepted = runner.invoke(main, ["review", "accept", "p-member", "--by", "ana", "--token", "secret", "--json"])
    assert accepted.exit_code == 0, accepted.output
    assert json.loads(accepted.output)["action"] == "accept"
    rejected = runner.invoke(
        main, ["review", "reject", "p-pres", "--by", "ana", "--note", "stale"], env={"BLOCWATCH_REVIEW_TOKEN": "secret"}
    )
    assert rejected.exit_code == 0 and "rejected" in rejected.output
    audit = runner.invoke(main, ["review", "audit", "--json"])
    assert [a["proposal_id"] for a in json.loads(audit.output)] == ["p-pres", "p-member"]


def _propose(bw: Blocwatch, pid: str, kind: str, payload: dict) -> None:
    """An extra invented proposal in the shape the extraction component writes."""
    bw.con.execute(
        """insert into proposals (id, kind, org, member, change, date, payload, confidence, doc_id, sentence,
               evidence_start, evidence_end, source, status, created_at)
           values (?, ?, 'TESTBLOC', null, 'x', null, ?, 0.5, 'doc1', 'invented sentence', 0, 17, 'test_fixture.v1',
                   'pending', now())""",
        [pid, kind, json.dumps(payload)],
    )


def test_holds_confirms_the_current_term(client: TestClient, auth: dict[str, str], web_bw: Blocwatch) -> None:
    _propose(web_bw, "p-holds", "presidency", {"org": "TESTBLOC", "holder": "MEX", "on": "2010-05-05"})
    _accept(client, auth, "p-holds")
    terms = web_bw.graph.presidencies("TESTBLOC")
    assert len(terms) == 3 and terms[-1].sources == ["t-src", "proposal:p-holds"]


def test_established_mechanism_is_stored_active(client: TestClient, auth: dict[str, str], web_bw: Blocwatch) -> None:
    payload = {"org": "TESTBLOC", "partner": "RUS", "status": "established", "condition": None, "areas": []}
    _propose(web_bw, "p-mech", "mechanism", payload)
    _accept(client, auth, "p-mech")
    mechanism = web_bw.graph.mechanisms("TESTBLOC")[0]
    assert (mechanism.status, mechanism.condition, mechanism.areas) == (
        "active",
        "once differences are solved",
        ["space"],
    )


def test_proposals_sorted_by_relation_with_the_graph_side(client: TestClient, web_bw: Blocwatch) -> None:
    graph_side = {"org": "TESTBLOC", "holder": "URY", "start": "2024-07-08", "end": None}
    web_bw.con.execute(
        "update proposals set relation = 'contradicts', graph_fact = ?, confidence = 0.3 where id = 'p-pres'",
        [json.dumps(graph_side)],
    )
    web_bw.con.execute(
        """insert into proposal_evidence (proposal_id, doc_id, sentence, evidence_start, evidence_end, outlet,
               confidence, source, created_at)
           values ('p-pres', 'doc1', 'an invented evidence sentence', 0, 29, 'Agency X', 0.3, 'test', now())"""
    )
    listed = client.get("/api/v1/proposals").json()["items"]
    assert listed[0]["id"] == "p-pres"  # contradictions first, whatever their confidence
    assert listed[0]["graph_fact"] == graph_side
    assert [e["outlet"] for e in listed[0]["evidence"]] == ["Agency X"]
    assert client.get("/api/v1/proposals", params={"relation": "contradicts"}).json()["total"] == 1
    page = client.get("/proposals", params={"relation": "contradicts"}).text
    assert "holder: URY" in page and "start: 2024-07-08" in page and "Agency X" in page
