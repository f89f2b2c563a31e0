"""The organization page says what the graph knows: coverage panel, unknown answers, histories."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_org_page_has_a_coverage_panel(client: TestClient) -> None:
    page = client.get("/org/TESTBLOC", params={"on": "2001-06-01"}).text
    assert 'id="coverage"' in page and "presidencies" in page and "2031" in page
    assert 'data-known="true"' in page


def test_org_page_says_unknown_outside_the_researched_period(client: TestClient) -> None:
    page = client.get("/org/TESTBLOC", params={"on": "2032-01-01"}).text
    assert "unknown (not researched after 2031)" in page
    assert "No presidency recorded" not in page


def test_org_page_shows_the_status_history(client: TestClient) -> None:
    page = client.get("/org/TESTBLOC", params={"on": "2016-06-01"}).text
    assert 'id="history-TESTBLOC_RUSSIA"' in page and "conditional offer" in page
