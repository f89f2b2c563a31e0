"""Import of UN votes in the ``unvotes`` layout (invented folder)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from blocwatch.cli import main
from blocwatch.core import Blocwatch
from blocwatch.errors import UsageError

from ._fixtures import write_unvotes


def test_import_counts_and_iso3_mapping(mini_bw: Blocwatch, tmp_path: Path) -> None:
    report = mini_bw.analytics.import_unvotes(write_unvotes(tmp_path / "u"))
    assert report.counts == {"un_roll_calls": 5, "un_votes": 23, "un_issues": 3}
    assert (report.first_date, report.last_date) == ("2009-10-01", "2012-10-01")
    # ISO2 through the countries table; an empty code through the name (Namibia); Zanzibar stays unmapped
    rows = dict(mini_bw.con.execute("select country, any_value(iso3) from un_votes group by 1").fetchall())
    assert rows["Argentina"] == "ARG" and rows["Namibia"] == "NAM" and rows["Zanzibar"] is None
    assert report.unmapped == {"Zanzibar (Zanzibar)": 1}


def test_reimport_replaces(mini_bw: Blocwatch, tmp_path: Path) -> None:
    folder = write_unvotes(tmp_path / "u")
    mini_bw.analytics.import_unvotes(folder)
    mini_bw.analytics.import_unvotes(folder)
    assert mini_bw.con.execute("select count(*) from un_votes").fetchone() == (23,)


def test_missing_file_is_a_coded_error(mini_bw: Blocwatch, tmp_path: Path) -> None:
    folder = write_unvotes(tmp_path / "u")
    (folder / "unvotes_issues.csv").unlink()
    with pytest.raises(UsageError) as info:
        mini_bw.analytics.import_unvotes(folder)
    assert info.value.code.id == "BW500" and "unvotes_issues.csv" in str(info.value)


def test_unknown_vote_value_names_the_file(mini_bw: Blocwatch, tmp_path: Path) -> None:
    folder = write_unvotes(tmp_path / "u", extra_votes="1,Peru,PE,maybe\n")
    with pytest.raises(UsageError) as info:
        mini_bw.analytics.import_unvotes(folder)
    assert info.value.code.id == "BW500" and "maybe" in str(info.value) and "unvotes_votes.csv" in str(info.value)
    assert mini_bw.con.execute("select count(*) from un_votes").fetchone() == (0,)


def test_measures_before_import_say_what_to_do(mini_bw: Blocwatch) -> None:
    with pytest.raises(UsageError) as info:
        mini_bw.analytics.cohesion("TESTBLOC")
    assert info.value.code.id == "BW501" and "import unvotes" in str(info.value)


def test_cli_import_json(tmp_path: Path, mini_data_dir: Path) -> None:
    folder = write_unvotes(tmp_path / "u")
    db = tmp_path / "bw.duckdb"
    result = CliRunner().invoke(
        main, ["--db", str(db), "--data-dir", str(mini_data_dir), "import", "unvotes", str(folder), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert '"un_votes": 23' in result.output
