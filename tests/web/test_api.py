"""The JSON API in-process: each query against the library's answer, CSV output, errors."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from blocwatch.core import Blocwatch


def test_members_match_the_library(client: TestClient, web_bw: Blocwatch) -> None:
    body = client.get("/api/v1/orgs/Test Bloc/members", params={"on": "2011-01-01"}).json()
    assert [(m["state"], m["status"]) for m in body] == [
        (m.state, m.status) for m in web_bw.graph.members("TESTBLOC", on="2011-01-01")
    ]
    assert ("BRA", "suspended") in [(m["state"], m["status"]) for m in body]


def test_presidency_history_mechanisms(client: TestClient) -> None:
    assert client.get("/api/v1/orgs/TESTBLOC/presidency", params={"on": "2001-06-01"}).json()["holder"] == "BRA"
    assert len(client.get("/api/v1/orgs/TESTBLOC/presidencies").json()) == 3
    events = [h["event"] for h in client.get("/api/v1/history/TESTBLOC").json()]
    assert "suspended_self" in events and "presidency" in events
    assert client.get("/api/v1/mechanisms", params={"org": "TESTBLOC"}).json()[0]["partner"] == "RUS"
    assert {m["org"] for m in client.get("/api/v1/states/BRA/memberships", params={"on": "2011"}).json()} == {
        "TESTBLOC",
        "OTHERBLOC",
    }


def test_measures(client: TestClient) -> None:
    cohesion = client.get("/api/v1/cohesion/TESTBLOC").json()
    assert {s["session"]: s["agreement"] for s in cohesion["sessions"]}[65] == 0.25
    rolls = client.get("/api/v1/cohesion/TESTBLOC/roll-calls", params={"session": 65}).json()
    assert [r["rcid"] for r in rolls] == [3, 4]
    alignment = client.get("/api/v1/alignment/ARG", params={"powers": "RUS"}).json()
    assert {v["session"]: v["agreement"] for v in alignment["votes"]} == {64: 0.5, 65: 0.0, 67: 0.5}
    matrix = client.get("/api/v1/overlap", params={"orgs": "TESTBLOC,OTHERBLOC", "on": "2011-01-01"}).json()
    assert matrix["jaccard"][0][1] == 0.6667
    blocs = client.get(
        "/api/v1/blocs",
        params={"universe": "TESTBLOC", "compare": "OTHERBLOC", "start": 2009, "end": 2012, "min_shared": 3},
    ).json()
    assert blocs["adjusted_rand"] == 1.0
    multi = client.get("/api/v1/multipolarity/TESTBLOC").json()
    assert multi["years"][0]["hhi"] == 0.5556
    churn = client.get("/api/v1/churn/TESTBLOC", params={"start": 2015, "end": 2015}).json()
    assert churn[0]["exits"] == 1


def test_csv_is_the_rows_behind_the_figure(client: TestClient) -> None:
    response = client.get("/api/v1/cohesion/TESTBLOC", params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [int(r["session"]) for r in rows] == [64, 65, 67]
    members = client.get("/api/v1/orgs/TESTBLOC/members", params={"on": "2011-01-01", "format": "csv"}).text
    assert members.splitlines()[0].startswith("state,name,capacity,status")


def test_events_filters_and_evidence(client: TestClient) -> None:
    page = client.get("/api/v1/events", params={"country": "Russia"}).json()
    assert page["total"] == 3 and {e["id"] for e in page["items"]} == {"e5", "e6", "e8"}
    assert page["items"][0]["article_url"] == "https://news.example.org/story/1"
    assert client.get("/api/v1/events", params={"quad": "verbal_conflict"}).json()["total"] == 2
    assert client.get("/api/v1/events", params={"q": "consulted"}).json()["total"] == 2
    assert client.get("/api/v1/events", params={"start": "2014", "end": "2014"}).json()["total"] == 1
    one = client.get("/api/v1/events/e1").json()
    assert one["sentence"] == "Argentina agreed with Brazil." and (one["evidence_start"], one["evidence_end"]) == (
        0,
        29,
    )
    assert client.get("/api/v1/events/nope").status_code == 404


def test_errors_are_coded(client: TestClient) -> None:
    response = client.get("/api/v1/cohesion/Atlantis")
    assert response.status_code == 404 and response.json()["error"]["code"] == "BW001"
    bad_date = client.get("/api/v1/orgs/TESTBLOC/members", params={"on": "2019-13-45"})
    assert bad_date.status_code == 400 and bad_date.json()["error"]["code"] == "BW003"
    assert client.get("/api/v1/events", params={"limit": 0}).status_code == 422


def test_openapi_is_served_and_lists_the_queries(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/orgs/{org}/members",
        "/api/v1/orgs/{org}/presidency",
        "/api/v1/overlap",
        "/api/v1/history/{entity}",
        "/api/v1/mechanisms",
        "/api/v1/orgs",
        "/api/v1/cohesion/{org}",
        "/api/v1/alignment/{state}",
        "/api/v1/blocs",
        "/api/v1/multipolarity/{org}",
        "/api/v1/events",
        "/api/v1/proposals",
        "/api/v1/proposals/{proposal_id}/accept",
    ):
        assert path in doc["paths"], path
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


def test_dashboard_assets_are_local(client: TestClient) -> None:
    html = client.get("/org/TESTBLOC").text
    assert "https://" not in html.split("<main>")[0]  # nothing in <head> comes from elsewhere
    assert client.get("/static/plotly.min.js").text.startswith("/**")
    geo = client.get("/api/v1/geo/countries").json()
    assert any(f["id"] == "BRA" for f in geo["features"])
    assert "default-src 'self'" in client.get("/").headers["content-security-policy"]


def test_event_page_shows_the_evidence_in_its_article(client: TestClient) -> None:
    html = client.get("/event/e4").text
    assert "<mark>Mexico consulted Argentina.</mark>" in html
    assert "Brazil accused Mexico." in html.split("<mark>")[0]  # the text before the evidence
