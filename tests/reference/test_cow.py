"""Importing COW IGO v3 and checking the graph against it (1991-2014)."""

from __future__ import annotations

from pathlib import Path

import pytest

from blocwatch.core import Blocwatch, open_blocwatch
from blocwatch.errors import StoreError, UsageError
from blocwatch.reference.cow import check_cow, import_cow_igo


@pytest.fixture(scope="module")
def cow_bw(tmp_path_factory: pytest.TempPathFactory) -> Blocwatch:
    shared = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "kb" / "cow_igo_year_v3.csv"
    if not shared.is_file():
        pytest.skip(f"needs the COW IGO v3 CSV at {shared}")
    bw = open_blocwatch(tmp_path_factory.mktemp("cow") / "cow.duckdb")
    counts = import_cow_igo(bw.con, shared)
    assert counts["organizations"] == 534
    return bw


@pytest.mark.parametrize("rule", ["year-end", "any"])
def test_every_shared_organization_agrees_at_least_97_percent(cow_bw: Blocwatch, rule: str) -> None:
    report = check_cow(cow_bw.con, rule=rule)  # type: ignore[arg-type]
    assert len(report.orgs) >= 20
    low = [(o.org, round(o.agreement, 4)) for o in report.orgs if o.agreement < 0.97]
    assert not low


@pytest.mark.parametrize("rule", ["year-end", "any"])
def test_every_disagreement_is_explained_in_the_data(cow_bw: Blocwatch, rule: str) -> None:
    report = check_cow(cow_bw.con, rule=rule)  # type: ignore[arg-type]
    unexplained = [(d.org, d.member, d.years, d.cow, d.ours) for d in report.disagreements if not d.explained]
    assert not unexplained


def test_cow_is_wrong_on_chile_and_bolivia_in_mercosur(cow_bw: Blocwatch) -> None:
    report = check_cow(cow_bw.con, org="MERCOSUR")
    wrong = {(d.member, d.cow, d.ours) for d in report.disagreements}
    assert {("CHL", "full", "associate"), ("BOL", "full", "associate")} <= wrong
    assert all(d.explained for d in report.disagreements)


def test_check_without_import_is_a_coded_error(mini_bw: Blocwatch) -> None:
    with pytest.raises(StoreError) as info:
        check_cow(mini_bw.con)
    assert info.value.code.id == "BW121"


def test_import_refuses_a_file_that_is_not_cow(tmp_path: Path, mini_bw: Blocwatch) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(UsageError) as info:
        import_cow_igo(mini_bw.con, bad)
    assert info.value.code.id == "BW120"
    assert "bad.csv" in str(info.value)


def test_crosswalk_file_is_generated(repo_root: Path, shared_data: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            str(repo_root / "scripts" / "build_cow_crosswalk.py"),
            str(shared_data / "kb" / "cow_igo_year_v3.csv"),
            "--check",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
