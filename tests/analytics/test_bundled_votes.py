"""The UN votes bundled with the package: loaded by `build`, described by `status`, replaced by
a user's `import unvotes DIR` and kept across rebuilds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from blocwatch.analytics.unvotes import BUNDLED, bundled_manifest
from blocwatch.cli import main

from ._fixtures import write_unvotes


def _run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("bundled") / "fresh.duckdb"
    assert _run(db, "build")[0] == 0
    return db


def test_cohesion_on_a_fresh_database_needs_no_import(fresh: Path) -> None:
    code, out = _run(fresh, "cohesion", "CELAC", "--from", "2011", "--to", "2019", "--json")
    assert code == 0, out
    sessions = json.loads(out)["sessions"]
    assert [s["session"] for s in sessions] == list(range(66, 75))
    assert all(s["roll_calls"] > 0 and 0 < s["agreement"] <= 1 for s in sessions)


def test_bundled_equals_the_source_csv(fresh: Path, shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "kb"
    if not (source / "unvotes_votes.csv").is_file():
        pytest.skip("../shared/data/kb is not on this machine")
    _, bundled = _run(fresh, "cohesion", "CELAC", "--from", "2011", "--to", "2019", "--json")
    copy = tmp_path / "copy.duckdb"
    assert _run(copy, "build")[0] == 0
    assert _run(copy, "import", "unvotes", str(source))[0] == 0
    _, imported = _run(copy, "cohesion", "CELAC", "--from", "2011", "--to", "2019", "--json")
    assert json.loads(bundled)["sessions"] == json.loads(imported)["sessions"]


def test_status_reports_version_licence_and_coverage(fresh: Path) -> None:
    code, out = _run(fresh, "status", "--json")
    assert code == 0
    status = json.loads(out)
    manifest = bundled_manifest()
    assert status["un_votes"] == manifest["counts"]["unvotes_votes"] > 800_000
    votes = status["unvotes"]
    assert votes["kind"] == "bundled" and votes["version"] == manifest["version"]
    assert votes["licence"].startswith("CC0")
    assert votes["sessions"] == manifest["sessions"] == [1, 74]
    assert votes["dates"] == manifest["dates"]


def test_manifest_matches_the_parquet_files() -> None:
    manifest = bundled_manifest()
    for name in manifest["counts"]:
        assert (BUNDLED / f"{name}.parquet").is_file()
    assert set(manifest["inputs_sha256"]) == {f"{n}.csv" for n in manifest["counts"]}


def test_user_import_replaces_and_survives_a_rebuild(tmp_path: Path) -> None:
    db = tmp_path / "mine.duckdb"
    assert _run(db, "build")[0] == 0
    folder = write_unvotes(tmp_path / "u")
    assert _run(db, "import", "unvotes", str(folder))[0] == 0
    assert _run(db, "build")[0] == 0  # a rebuild does not bring the bundled copy back
    status = json.loads(_run(db, "status", "--json")[1])
    assert status["un_votes"] == 23
    assert status["unvotes"]["kind"] == "user" and status["unvotes"]["directory"] == str(folder)
