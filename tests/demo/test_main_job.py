"""The README's main job (`blocwatch demo`), run twice: same answers, nothing added."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from blocwatch.cli import main


def test_main_job_answers_the_seed_and_is_idempotent(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.duckdb")
    first = CliRunner().invoke(main, ["--db", db, "demo", "--no-serve", "--json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert report["ingest"]["stored"] == report["ingest"]["read"] > 50
    assert report["ingest"]["quarantined"] == 0
    assert report["stats"]["events"] > 0 and report["stats"]["proposals"] > 0
    seed = report["seed"]
    assert (seed["celac_presidency"], seed["celac_active"], seed["celac_suspended"]) == ("MEX", 32, ["BRA"])
    assert seed["russia_celac"]["status"] == "proposed"
    assert any(e["event_type"] == "AGREE" for e in report["russia_celac_events"])

    again = json.loads(CliRunner().invoke(main, ["--db", db, "demo", "--no-serve", "--json"]).stdout)
    assert again["ingest"]["stored"] == 0
    assert again["stats"] == report["stats"]


def test_main_job_human_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "d.duckdb"), "demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "CELAC pro tempore presidency: MEX" in result.stdout
    assert "32 participating" in result.stdout
