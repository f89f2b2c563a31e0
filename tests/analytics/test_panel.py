"""The membership panel from the bundled reference graph: the rows a paper needs, the
convention in the files' metadata, and files that pandas, Stata readers and R open."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from blocwatch.analytics.panel import observation_days, parse_on_day
from blocwatch.cli import main
from blocwatch.core import Blocwatch
from blocwatch.errors import UsageError

EXPECTED = {
    ("BRA", "CELAC", "2021"): ("member", "suspended"),
    ("BRA", "CELAC", "2023"): ("member", "active"),
    ("VEN", "MERCOSUR", "2017"): ("member", "suspended"),
    ("CHL", "MERCOSUR", "2010"): ("associate", "active"),
    ("ARG", "PROSUR", "2019"): ("member", "active"),
}


@pytest.fixture(scope="module")
def lac_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("panel")
    db = folder / "panel.duckdb"
    out = folder / "panel.csv"
    result = CliRunner().invoke(
        main,
        [
            *("--db", str(db), "export", "panel", "--region", "LAC", "--from", "2000", "--to", "2024"),
            *("--format", "csv", "-o", str(out)),
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def test_the_rows_a_paper_needs(lac_csv: Path) -> None:
    with lac_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["state", "state_name", "org", "year", "capacity", "status", "source_ids", "precision"]
    found = {(r["state"], r["org"], r["year"]): (r["capacity"], r["status"]) for r in rows}
    for key, value in EXPECTED.items():
        assert found[key] == value, key
    # a balanced panel inside each organization's lifetime: no PROSUR row before its founding (2019)
    assert min(int(r["year"]) for r in rows if r["org"] == "PROSUR") == 2019
    # every row with a status carries the sources and precision of the event that set it
    assert all(r["source_ids"] and r["precision"] in {"day", "month", "year"} for r in rows if r["status"] != "none")
    assert {r["status"] for r in rows} <= {"active", "suspended", "none"}


def test_csvw_sidecar_states_the_convention(lac_csv: Path) -> None:
    meta = json.loads(lac_csv.with_name(lac_csv.name + "-metadata.json").read_text(encoding="utf-8"))
    assert meta["url"] == lac_csv.name
    assert "07-01" in meta["dc:description"] and "first day of its period" in meta["dc:description"]
    assert [c["name"] for c in meta["tableSchema"]["columns"]][3] == "year"


def test_reads_cleanly_in_pandas(lac_csv: Path) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(lac_csv, keep_default_na=False)
    assert frame["year"].dtype.kind == "i"
    row = frame[(frame.state == "VEN") & (frame.org == "MERCOSUR") & (frame.year == 2017)].iloc[0]
    assert row.status == "suspended"


def test_reads_cleanly_in_r(lac_csv: Path) -> None:
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("R is not installed (Debian: apt-get install r-base-core)")
    code = (
        f'd <- read.csv("{lac_csv}", stringsAsFactors = FALSE); '
        'r <- d[d$state == "CHL" & d$org == "MERCOSUR" & d$year == 2010, ]; '
        'cat(nrow(d), class(d$year), r$capacity, r$status, sep = "|")'
    )
    out = subprocess.run([rscript, "-e", code], capture_output=True, text=True, timeout=120, check=True).stdout
    rows, year_class, capacity, status = out.strip().split("|")
    assert int(rows) == sum(1 for _ in lac_csv.open(encoding="utf-8")) - 1
    assert (year_class, capacity, status) == ("integer", "associate", "active")


def test_stata_file_opens_with_read_stata(bw: Blocwatch, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    panel = bw.analytics.panel(orgs="MERCOSUR,PROSUR", start=2015, end=2020)
    target = tmp_path / "panel.dta"
    panel.write(target, "dta")
    frame = pd.read_stata(target)
    assert len(frame) == len(panel.rows)
    row = frame[(frame.state == "VEN") & (frame.org == "MERCOSUR") & (frame.year == 2017)].iloc[0]
    assert row.status == "suspended"
    with pd.io.stata.StataReader(target) as reader:
        assert "partial dates" in reader.data_label
        assert "07-01" in reader.variable_labels()["year"]


def test_stata_without_pandas_is_a_coded_error(bw: Blocwatch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    panel = bw.analytics.panel(orgs="PROSUR", start=2019, end=2019)
    with pytest.raises(UsageError) as info:
        panel.write(tmp_path / "x.dta", "dta")
    assert info.value.code.id == "BW522" and "pip install" in str(info.value)


def test_parquet_keeps_the_metadata(bw: Blocwatch, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    panel = bw.analytics.panel(orgs="CELAC", start=2020, end=2023, capacity="member")
    panel.write(tmp_path / "p.parquet", "parquet")
    table = pq.read_table(tmp_path / "p.parquet")
    meta = json.loads(table.schema.metadata[b"blocwatch"])
    assert meta["capacities"] == ["member"] and meta["by"] == "year"
    rows = {(r["state"], r["year"]): r["status"] for r in table.to_pylist()}
    assert rows[("BRA", 2021)] == "suspended" and rows[("BRA", 2023)] == "active"
    assert table.column("source_ids").type.value_type == "string"


def test_by_month_and_capacity_filter(bw: Blocwatch) -> None:
    panel = bw.analytics.panel(orgs="CELAC", start=2020, end=2020, by="month", capacity="member")
    brazil = {r[3].month: r[5] for r in panel.rows if r[0] == "BRA"}
    assert brazil[1] == "active" and brazil[2] == "suspended"  # suspended 2020-01-16, observed on the 1st
    assert panel.columns[3] == "date"
    observers = bw.analytics.panel(orgs="MERCOSUR", start=2010, end=2010, capacity="member")
    assert ("CHL", "none") not in {(r[0], r[5]) for r in observers.rows}  # Chile is only an associate


def test_on_day_and_period_checks() -> None:
    assert parse_on_day("12-31") == (12, 31)
    for bad in ("02-29", "13-01", "July"):
        with pytest.raises(UsageError):
            parse_on_day(bad)
    assert len(observation_days(2019, 2020, by="day", on_day=(7, 1))) == 366 + 365
    assert observation_days(2021, 2021, by="month", on_day=(1, 31))[1].isoformat() == "2021-02-28"


def test_api_panel_csv(bw: Blocwatch) -> None:
    from fastapi.testclient import TestClient

    from blocwatch.web import create_app

    client = TestClient(create_app(bw), base_url="http://localhost")  # a host in web_allowed_hosts
    response = client.get("/api/v1/panel", params={"orgs": "MERCOSUR", "start": 2010, "end": 2010, "format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(response.text.splitlines()))
    chile = next(r for r in rows if r["state"] == "CHL")
    assert (chile["capacity"], chile["status"]) == ("associate", "active")
    as_json = client.get("/api/v1/panel", params={"region": "LAC", "start": 2019, "end": 2019}).json()
    assert "07-01" in as_json["metadata"]["convention"]
    assert client.get("/api/v1/panel", params={"start": 2019, "end": 2019}).status_code == 400
    daily = client.get("/api/v1/panel", params={"region": "LAC", "start": 2000, "end": 2024, "by": "day"})
    assert daily.status_code == 400 and daily.json()["error"]["code"] == "BW502"
