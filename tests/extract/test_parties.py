"""Parties (parties.yaml, derived from Party Facts) and the Houthis: PTY and REB actors."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from blocwatch.core import Blocwatch
from blocwatch.extract.actors import GAZETTEER_FILES, ActorIndex, _data_file, _gazetteer_names


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("the Houthis", "YEM", "REB"),
        ("los hutíes", "YEM", "REB"),
        ("o movimento Ansar Allah", "YEM", "REB"),
        ("the Partido dos Trabalhadores", "BRA", "PTY"),
        ("the PSUV", "VEN", "PTY"),
        ("el Movimiento al Socialismo", "BOL", "PTY"),
        ("United Russia", "RUS", "PTY"),
        ("the Partido Revolucionario Institucional", "MEX", "PTY"),
    ],
)
def test_party_or_armed_group_resolves_to_its_state(index: ActorIndex, text: str, country: str, sector: str) -> None:
    actor = index.resolve(text, date=dt.date(2020, 1, 1))
    assert (actor.country, actor.sector) == (country, sector)
    assert actor.group


def test_a_party_name_of_several_states_is_left_out(index: ActorIndex) -> None:
    # Party Facts names a "Workers' Party" in several states: no state can be told
    assert index.resolve("the Workers' Party").sector != "PTY"


def test_bad_party_rows_get_coded_errors_with_file_and_line(bw: Blocwatch, tmp_path: Path) -> None:
    for name in (*GAZETTEER_FILES, "places.tsv"):
        shutil.copy(_data_file(name), tmp_path / name)
    with (tmp_path / "parties.yaml").open("a", encoding="utf-8") as handle:
        handle.write("- id: PF0\n  kind: group\n  country: QQQ\n  sector: PTY\n  names: [Nowhere Party]\n")
        handle.write("  sources: [gazetteer-partyfacts-core-parties]\n")
        handle.write("- id: PF1\n  kind: group\n  country: BRA\n  sector: XYZ\n  names: [Odd Party]\n  sources: []\n")
    lines = (tmp_path / "parties.yaml").read_text(encoding="utf-8").count("\n")
    sources = {r[0] for r in bw.con.execute("select id from sources").fetchall()}
    states = {r[0] for r in bw.con.execute("select iso3 from countries").fetchall()}
    names, errors = _gazetteer_names(sources, states, data_dir=tmp_path)
    got = {(e.code.id, e.where) for e in errors}
    assert ("BW101", f"extract/data/parties.yaml:{lines - 11}") in got
    assert ("BW108", f"extract/data/parties.yaml:{lines - 5}") in got
    assert ("BW103", f"extract/data/parties.yaml:{lines - 5}") in got
    assert not any(name in ("Nowhere Party", "Odd Party") for name, _ in names)
