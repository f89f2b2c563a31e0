"""Headless Debian Chromium (Selenium) over a real server on loopback: every page opens,
shown numbers equal the API's, evidence is one click away, charts download as PNG/SVG,
review works with the token, and the browser requests nothing from outside the server.

Needs ``/usr/bin/chromium`` and ``/usr/bin/chromedriver`` (Debian packages ``chromium`` and
``chromium-driver``); skipped with that message otherwise. Screenshots go to
``artifacts/screenshots/``. Data: the bundled reference graph, with INVENTED test votes,
events and proposals (tests/analytics/_fixtures.py).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from analytics._fixtures import insert_events, insert_proposals, write_unvotes
from blocwatch.core import Blocwatch, open_blocwatch
from blocwatch.errors import DataValidationError
from blocwatch.web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
TOKEN = "browser-token-42"
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Blocwatch]]:
    import uvicorn

    try:
        bw = open_blocwatch(":memory:")
    except DataValidationError as exc:
        pytest.skip(f"the bundled reference data does not validate yet: {str(exc)[:200]}")
    bw.analytics.import_unvotes(write_unvotes(tmp_path_factory.mktemp("unvotes") / "u"))
    insert_events(bw.con)
    insert_proposals(bw.con)
    # one more invented event addressed to CELAC, and one invented proposal about CELAC to accept
    bw.con.execute(
        """insert into events (id, doc_id, sentence_index, sentence, event_type, contexts, actor_text, actor_country,
               recipient_text, recipient_org, date, negated, future, quad, score, confidence, evidence_start,
               evidence_end, source, lang, created_at)
           values ('e9', 'doc1', 9, 'Russia offered CELAC a dialogue mechanism (invented test sentence).', 'AGREE',
                   [], 'Russia', 'RUS', 'CELAC', 'CELAC', '2020-02-06', false, true, 'VERBAL_COOPERATION', 4.0, 0.9,
                   0, 60, 'test_fixture.v1', 'en', ?)""",
        [dt.datetime(2026, 1, 1)],
    )
    payload = {"org": "CELAC", "partner": "RUS", "status": "proposed", "areas": ["space"]}
    bw.con.execute(
        """insert into proposals (id, kind, org, member, change, date, payload, confidence, doc_id, sentence,
               evidence_start, evidence_end, source, status, created_at)
           values ('p-celac', 'mechanism', 'CELAC', 'RUS', 'proposed', '2020-02-06', ?, 0.9, 'doc1',
                   'Russia offered CELAC a dialogue mechanism (invented test sentence).', 0, 60, 'test_fixture.v1',
                   'pending', ?)""",
        [json.dumps(payload), dt.datetime(2026, 2, 1)],
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(bw, token=TOKEN), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", bw
    srv.should_exit = True
    thread.join(timeout=10)
    bw.close()


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip(
            "browser tests need Debian chromium and chromium-driver: apt-get install -y chromium chromium-driver"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("chromium-profile")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1300,1100",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


def api(base: str, path: str, **params: Any) -> Any:
    response = httpx.get(base + path, params=params, timeout=30)
    response.raise_for_status()
    return response.json()


def open_page(driver: Any, base: str, path: str, shot: str) -> None:
    driver.get(base + path)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pending = driver.execute_script(
            "return Array.from(document.querySelectorAll('figure.chart')).filter(f => !f.dataset.ready).length"
            " + (document.getElementById('rows-table') && !document.getElementById('rows') ? 1 : 0)"
        )
        if pending == 0:
            break
        time.sleep(0.1)
    failed = driver.execute_script(
        "return Array.from(document.querySelectorAll('figure.chart')).filter(f => f.dataset.ready === 'error')"
        ".map(f => f.id + ': ' + f.querySelector('.chart-status').textContent)"
    )
    assert failed == [], failed
    outside = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(arguments[0]))",
        base,
    )
    assert outside == [], f"requests outside the server: {outside}"
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors
    save_full_page(driver, shot)


def save_full_page(driver: Any, shot: str) -> None:
    """A screenshot of the whole page (the window grown to the page's height, then restored)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    driver.set_window_size(1300, min(max(height + 120, 1100), 8000))
    time.sleep(0.3)
    driver.save_screenshot(str(SHOTS / f"{shot}.png"))
    driver.set_window_size(1300, 1100)


def plot_data(driver: Any, figure: str) -> list[dict[str, Any]]:
    return driver.execute_script(
        "const p = document.querySelector('#' + arguments[0] + ' .plot');"
        "return (p.data || []).map(t => ({name: t.name, x: t.x, y: t.y, z: t.z}));",
        figure,
    )


def test_index_lists_every_organization(server: tuple[str, Blocwatch], driver: Any) -> None:
    base, _ = server
    open_page(driver, base, "/", "index")
    shown = driver.execute_script("return document.querySelectorAll('#orgs tbody tr').length")
    assert shown == len(api(base, "/api/v1/orgs"))


def test_organization_page(server: tuple[str, Blocwatch], driver: Any) -> None:
    base, _ = server
    open_page(driver, base, "/org/CELAC?on=2020-02-06", "org-celac")
    members = api(base, "/api/v1/orgs/CELAC/members", on="2020-02-06")
    count = driver.find_element("id", "member-count").text
    active = driver.find_element("id", "active-count").text
    assert int(count) == len(members)
    assert int(active) == sum(1 for m in members if m["status"] == "active")
    presidency = api(base, "/api/v1/orgs/CELAC/presidency", on="2020-02-06")
    assert presidency["holder_name"] in driver.find_element("id", "presidency").text
    cohesion = api(base, "/api/v1/cohesion/CELAC")
    agreement = next(t for t in plot_data(driver, "cohesion") if t["name"] == "agreement")
    assert agreement["y"] == [s["agreement"] for s in cohesion["sessions"]]
    timeline = plot_data(driver, "timeline")
    assert sum(len(t["y"]) for t in timeline) == len(api(base, "/api/v1/orgs/CELAC/spells"))
    # evidence of a recent event, one click away
    driver.find_element("css selector", "table.events a.evidence-link").click()
    assert "invented test sentence" in driver.find_element("id", "evidence").text
    open_page(driver, base, driver.current_url.removeprefix(base), "org-celac-evidence")


def test_chart_rows_and_downloads(server: tuple[str, Blocwatch], driver: Any, tmp_path: Path) -> None:
    base, _ = server
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    open_page(driver, base, "/org/CELAC?on=2020-02-06", "org-celac-downloads")
    for fmt in ("png", "svg"):
        driver.find_element("css selector", f"#timeline button.dl[data-format='{fmt}']").click()
    wanted = {"timeline.png", "timeline.svg"}
    deadline = time.monotonic() + 20
    # Chromium writes "<name>.crdownload" first and renames it when the download is complete.
    while time.monotonic() < deadline and not wanted <= {p.name for p in tmp_path.iterdir()}:
        time.sleep(0.2)
    assert wanted <= {p.name for p in tmp_path.iterdir()}
    assert (tmp_path / "timeline.svg").read_text().lstrip().startswith("<svg")
    csv_link = driver.find_element("css selector", "#timeline a.csv-link").get_attribute("href")
    assert (
        httpx.get(csv_link).text.splitlines()[0]
        == "org,member,name,capacity,status,start,end,start_precision,end_precision"
    )
    driver.find_element("css selector", "#timeline a.rows-link").click()
    open_page(driver, base, driver.current_url.removeprefix(base), "rows-timeline")
    shown = driver.find_element("id", "rows-count").text
    assert shown == f"{len(api(base, '/api/v1/orgs/CELAC/spells'))} row(s)"


def test_country_page(server: tuple[str, Blocwatch], driver: Any) -> None:
    base, _ = server
    open_page(driver, base, "/country/ARG?on=2011-01-01", "country-arg")
    memberships = api(base, "/api/v1/states/ARG/memberships", on="2011-01-01")
    assert int(driver.find_element("id", "membership-count").text) == len(memberships)
    alignment = api(base, "/api/v1/alignment/ARG", powers="USA,CHN,RUS")
    for trace in plot_data(driver, "alignment"):
        expected = [v["agreement"] for v in alignment["votes"] if v["power"] == trace["name"]]
        assert trace["y"] == expected


def test_comparison_page(server: tuple[str, Blocwatch], driver: Any) -> None:
    base, _ = server
    open_page(driver, base, "/compare?orgs=UNASUR,PROSUR,CELAC&on=2019-06-01", "compare")
    series = api(base, "/api/v1/overlap/series", a="UNASUR", b="PROSUR", start=2018, end=2023)
    rows = driver.execute_script(
        "return Array.from(document.querySelectorAll('#series tbody tr')).map(r => r.lastElementChild.textContent)"
    )
    assert [float(v) for v in rows] == pytest.approx([p["jaccard"] for p in series], abs=5e-4)
    matrix = api(base, "/api/v1/overlap", orgs="UNASUR,PROSUR,CELAC", on="2019-06-01")
    cell = driver.find_element("css selector", "#overlap-matrix td[data-a='UNASUR'][data-b='PROSUR']").text
    assert float(cell) == pytest.approx(matrix["jaccard"][0][1], abs=5e-4)
    heat = plot_data(driver, "overlap")[0]
    assert heat["z"] == matrix["jaccard"]


def test_events_explorer_and_evidence(server: tuple[str, Blocwatch], driver: Any) -> None:
    base, _ = server
    open_page(driver, base, "/events?country=ARG", "events")
    total = api(base, "/api/v1/events", country="ARG")["total"]
    assert driver.find_element("id", "event-total").text.startswith(f"{total} event(s)")
    assert "<script>" in driver.find_element("css selector", "table.events").text  # shown as text, not run
    link = driver.find_element("css selector", "table.events a.evidence-link")
    event_id = link.get_attribute("href").rsplit("/", 1)[1]
    link.click()
    open_page(driver, base, f"/event/{event_id}", "event")
    event = api(base, f"/api/v1/events/{event_id}")
    assert driver.find_element("id", "evidence").text == event["sentence"]
    source = driver.find_element("css selector", "#source a").get_attribute("href")
    assert source == event["article_url"]


def test_proposals_review_in_the_dashboard(server: tuple[str, Blocwatch], driver: Any) -> None:
    base, _ = server
    open_page(driver, base, "/proposals", "proposals")
    driver.find_element("id", "review-token").send_keys(TOKEN)
    driver.find_element("id", "review-by").send_keys("browser-analyst")
    driver.find_element("css selector", "tr[data-id='p-celac'] button[data-action='accept']").click()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "accept" not in driver.find_element("id", "review-message").text:
        time.sleep(0.1)
    assert "p-celac" in driver.find_element("id", "review-message").text
    assert api(base, "/api/v1/proposals/p-celac")["status"] == "accepted"
    assert api(base, "/api/v1/audit")[0]["actor"] == "browser-analyst"
    # a wrong token is refused and changes nothing
    token = driver.find_element("id", "review-token")
    token.clear()
    token.send_keys("wrong")
    driver.find_element("css selector", "tr[data-id='p-pres'] button[data-action='reject']").click()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "Refused" not in driver.find_element("id", "review-message").text:
        time.sleep(0.1)
    assert "Refused" in driver.find_element("id", "review-message").text
    assert api(base, "/api/v1/proposals/p-pres")["status"] == "pending"
    save_full_page(driver, "proposals-after-review")


def test_artifacts_folder_is_ignored_by_git(repo_root: Path) -> None:
    if shutil.which("git") is None or not (repo_root / ".git").exists():
        pytest.skip("not a git checkout")
    assert "/artifacts/" in (repo_root / ".gitignore").read_text()


# --- issue 12: the main job's dashboard, with the bundled UN votes and nothing imported ------
@pytest.fixture(scope="module")
def main_job_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`blocwatch demo` on a fresh database file, then served read-only as `serve` does."""
    import uvicorn

    from blocwatch.demo import run_demo

    bw = open_blocwatch(tmp_path_factory.mktemp("mainjob") / "main.duckdb")
    run_demo(bw)
    bw.reopen(read_only=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(bw), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    bw.close()


def test_main_job_dashboard_draws_cohesion_from_the_bundled_votes(main_job_server: str, driver: Any) -> None:
    base = main_job_server
    driver.get_log("browser")  # drop what earlier tests logged (the refused review's 401 is expected there)
    open_page(driver, base, "/", "main-job-index")
    status = driver.find_element("id", "unvotes-status").text
    assert "bundled" in status and "CC0" in status and "sessions 1–74" in status
    open_page(driver, base, "/org/CELAC?on=2020-02-06", "main-job-org-celac")
    cohesion = api(base, "/api/v1/cohesion/CELAC")
    assert len(cohesion["sessions"]) > 5  # the real votes, no import needed
    agreement = next(t for t in plot_data(driver, "cohesion") if t["name"] == "agreement")
    assert agreement["y"] == [s["agreement"] for s in cohesion["sessions"]]
    # Brazil's suspension (2020-01-16) in the warning colour, in the table and in the timeline
    row_class = driver.find_element("css selector", "#members tr[data-state='BRA']").get_attribute("class")
    assert "suspended" in row_class
    colours = driver.execute_script(
        "const p = document.querySelector('#timeline .plot');"
        "return Object.fromEntries(p.data.map(t => [t.name, t.marker.color]));"
    )
    assert colours["member (suspended)"] == "#e6a700"
    assert colours["member"] != "#2ca02c" and "#2ca02c" not in colours.values()


def test_heat_map_axis_labels_are_not_cut(main_job_server: str, driver: Any) -> None:
    base = main_job_server
    open_page(driver, base, "/compare?orgs=UNASUR,PROSUR,CELAC,MERCOSUR&on=2019-06-01", "main-job-compare")
    labels = driver.execute_script(
        "return Array.from(document.querySelectorAll('#overlap .ytick text')).map(t => {"
        "  const box = t.getBoundingClientRect(), fig = t.closest('.plot').getBoundingClientRect();"
        "  return [t.textContent, box.left >= fig.left - 0.5];});"
    )
    assert {text for text, _ in labels} >= {"MERCOSUR", "UNASUR"}
    assert all(inside for _, inside in labels), labels
