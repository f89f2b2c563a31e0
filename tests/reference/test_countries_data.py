"""The countries table: generated from its sources, complete, and consistent with them."""

from __future__ import annotations

import csv
import importlib.util
import pickle
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import countrycode
import pycountry
import pytest
import yaml

from blocwatch.errors import DataError
from blocwatch.reference.names import normalize

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "build_countries.py"
DATA = REPO / "src" / "blocwatch" / "reference" / "data"
CSV_PATH = DATA / "countries.csv"
EXTRA_PATH = DATA / "countries_extra.yaml"

# docs/data-model.md, section countries.csv
COLUMNS = [
    "iso3", "iso2", "numeric", "cow_code", "cow_abbr", "qid", "un_status", "region",
    "name_en", "name_es", "name_pt", "demonym_en", "demonym_es", "demonym_pt",
    "capital_en", "capital_es", "capital_pt", "aliases", "sources",
]  # fmt: skip

# The 33 CELAC states (all of Latin America and the Caribbean; lac_facts.md: "33 members").
CELAC = {
    "ATG", "ARG", "BHS", "BRB", "BLZ", "BOL", "BRA", "CHL", "COL", "CRI", "CUB", "DMA", "DOM", "ECU", "SLV",
    "GRD", "GTM", "GUY", "HTI", "HND", "JAM", "MEX", "NIC", "PAN", "PRY", "PER", "KNA", "LCA", "VCT", "SUR",
    "TTO", "URY", "VEN",
}  # fmt: skip
EU27 = {
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL", "ITA",
    "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE",
}  # fmt: skip
G20_STATES = {
    "ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "RUS", "SAU",
    "ZAF", "TUR", "GBR", "USA",
}  # fmt: skip
# Territories of the region that sit in regional organizations (CARICOM, OECS, ACS ...);
# UN M49 puts all in Latin America and the Caribbean except Bermuda (Northern America).
LAC_TERRITORIES = ("MSR", "AIA", "VGB", "CYM", "TCA", "BMU", "MTQ", "GLP", "CUW", "ABW", "SXM", "PRI")


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_countries", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_countries"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def table() -> tuple[list[str], dict[str, dict[str, str]]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        header = list(reader.fieldnames or [])
    by_iso3 = {row["iso3"]: row for row in rows}
    assert len(by_iso3) == len(rows), "duplicate iso3 in countries.csv"
    return header, by_iso3


@pytest.fixture(scope="module")
def rows(table: tuple[list[str], dict[str, dict[str, str]]]) -> dict[str, dict[str, str]]:
    return table[1]


@pytest.fixture(scope="module")
def codelist() -> dict[str, list[Any]]:
    path = Path(countrycode.__file__).parent / "data" / "codelist.pickle"
    with path.open("rb") as fh:
        data: dict[str, list[Any]] = pickle.load(fh)
    return data


def _cc_row(codelist: dict[str, list[Any]], column: str, value: str) -> int:
    return codelist[column].index(value)


def test_csv_is_what_the_generator_produces(generator: ModuleType) -> None:
    diff = generator.check(CSV_PATH)
    assert diff == [], "countries.csv is stale; run scripts/build_countries.py\n" + "\n".join(diff[:30])


def test_check_reports_a_stale_file(generator: ModuleType, tmp_path: Path) -> None:
    stale = tmp_path / "countries.csv"
    stale.write_text(CSV_PATH.read_text(encoding="utf-8").replace(",Q155,", ",Q1,"), encoding="utf-8")
    diff = generator.check(stale)
    assert any(line.startswith("-BRA,") for line in diff)
    assert any(line.startswith("+BRA,") for line in diff)


def test_columns_are_exactly_the_documented_ones(table: tuple[list[str], dict[str, dict[str, str]]]) -> None:
    assert table[0] == COLUMNS


def test_every_iso_3166_entry_and_kosovo_is_present(rows: dict[str, dict[str, str]]) -> None:
    iso = {c.alpha_3: c for c in pycountry.countries}
    assert len(iso) == 249
    assert set(rows) == set(iso) | {"XKX"}
    for code, country in iso.items():
        assert rows[code]["iso2"] == country.alpha_2
        assert rows[code]["numeric"] == country.numeric
    kosovo = rows["XKX"]
    assert (kosovo["iso2"], kosovo["name_en"], kosovo["un_status"]) == ("XK", "Kosovo", "")


def test_un_members_and_observers(rows: dict[str, dict[str, str]], codelist: dict[str, list[Any]]) -> None:
    members = {code for code, row in rows.items() if row["un_status"] == "member"}
    observers = {code for code, row in rows.items() if row["un_status"] == "observer"}
    assert len(members) == 193
    assert observers == {"VAT", "PSE"}
    # countrycode's UN Terminology Database names exist exactly for the Member States
    unterm = {iso3 for iso3, name in zip(codelist["iso3c"], codelist["un.name.en"], strict=True) if iso3 and name}
    assert members == unterm
    assert {"SSD", "MNE", "BRA", "CUB", "KNA"} <= members
    assert not {"TWN", "XKX", "PRI", "HKG", "GRL", "COK"} & members
    assert {rows[code]["un_status"] for code in set(rows) - members - observers - {"XKX"}} == {"territory"}


def test_celac_states_are_the_lac_members(rows: dict[str, dict[str, str]]) -> None:
    lac_members = {code for code, row in rows.items() if row["region"] == "LAC" and row["un_status"] == "member"}
    assert lac_members == CELAC


def test_lac_territories_in_regional_organizations_are_present(rows: dict[str, dict[str, str]]) -> None:
    for code in LAC_TERRITORIES:
        assert code in rows, code
        assert rows[code]["region"] == ("Northern America" if code == "BMU" else "LAC"), code
        assert rows[code]["un_status"] == "territory", code
        assert rows[code]["qid"], code


def test_regions_follow_un_m49(rows: dict[str, dict[str, str]], codelist: dict[str, list[Any]]) -> None:
    for code in ("USA", "CAN", "ESP", "CHN", "NGA"):
        sub = codelist["un.regionsub.name"][_cc_row(codelist, "iso3c", code)]
        assert rows[code]["region"] == sub
    assert rows["USA"]["region"] == "Northern America"
    assert rows["MEX"]["region"] == "LAC"


def test_cow_codes_match_countrycode(rows: dict[str, dict[str, str]], codelist: dict[str, list[Any]]) -> None:
    overridden = {
        str(item["iso3"])
        for item in yaml.safe_load(EXTRA_PATH.read_text(encoding="utf-8"))
        if "cow_code" in item or "cow_abbr" in item
    }
    assert overridden == {"VAT", "SRB"}
    anchors = ("USA", "BRA", "MEX", "CUB", "ARG", "VEN", "RUS", "CHN", "IND", "DEU", "GBR", "ZAF")
    for code in anchors:
        i = _cc_row(codelist, "iso3c", code)
        assert rows[code]["cow_code"] == str(int(codelist["cown"][i])), code
        assert rows[code]["cow_abbr"] == codelist["cowc"][i], code
    for code, row in rows.items():
        if code in overridden or code == "XKX":
            continue
        i = _cc_row(codelist, "iso3c", code)
        cown = codelist["cown"][i]
        assert row["cow_code"] == ("" if cown is None else str(int(cown))), code
    kosovo = _cc_row(codelist, "wb_api3c", "XKX")
    assert rows["XKX"]["cow_code"] == str(int(codelist["cown"][kosovo]))
    assert rows["XKX"]["cow_abbr"] == codelist["cowc"][kosovo]
    assert rows["VAT"]["cow_code"] == ""  # countrycode's 327 is the Papal States


def test_qids_are_wikidata_item_ids(rows: dict[str, dict[str, str]]) -> None:
    qids = [row["qid"] for row in rows.values() if row["qid"]]
    assert all(re.fullmatch(r"Q[1-9][0-9]*", qid) for qid in qids)
    assert len(set(qids)) == len(qids), "two rows share a QID"
    assert rows["BRA"]["qid"] == "Q155"  # anchor from the cited OWID table
    assert len(qids) == len(rows)


def test_demonyms_of_the_priority_states(rows: dict[str, dict[str, str]]) -> None:
    priority = CELAC | EU27 | G20_STATES
    assert not [code for code in sorted(priority) if not rows[code]["demonym_es"]]
    # VCT: the only Portuguese source found spells it "São-Vincentino"; left empty rather than corrected
    assert [code for code in sorted(priority) if not rows[code]["demonym_pt"]] == ["VCT"]
    assert (rows["BRA"]["demonym_es"], rows["BRA"]["demonym_pt"]) == ("brasileño", "brasileiro")
    assert rows["DMA"]["demonym_es"] != rows["DOM"]["demonym_es"]


def test_every_row_is_sourced_by_known_sources(rows: dict[str, dict[str, str]]) -> None:
    known: set[str] = set()
    for path in (DATA / "sources").glob("*.yaml"):
        known |= {str(item["id"]) for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []}
    for code, row in rows.items():
        ids = row["sources"].split(";")
        assert ids and all(ids), code
        assert set(ids) <= known, (code, set(ids) - known)


def test_aliases_name_one_country_only(rows: dict[str, dict[str, str]]) -> None:
    owner: dict[str, str] = {}
    for code, row in rows.items():
        for key in ("iso3", "iso2", "name_en", "name_es", "name_pt"):
            if row[key]:
                owner.setdefault(normalize(row[key]), code)
    for code, row in rows.items():
        for alias in filter(None, row["aliases"].split("|")):
            norm = normalize(alias)
            assert owner.setdefault(norm, code) == code, (code, alias, owner[norm])
    assert "EE. UU." in rows["USA"]["aliases"].split("|")
    assert "República Bolivariana de Venezuela" in rows["VEN"]["aliases"].split("|")


def test_names_prefer_common_short_forms(rows: dict[str, dict[str, str]]) -> None:
    assert (rows["USA"]["name_es"], rows["USA"]["name_pt"]) == ("Estados Unidos", "Estados Unidos")
    assert (rows["RUS"]["name_en"], rows["RUS"]["name_es"], rows["RUS"]["name_pt"]) == ("Russia", "Rusia", "Rússia")
    assert "Russian Federation" in rows["RUS"]["aliases"].split("|")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "countries_extra.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("- iso3: BRA\n  qid: Q155\n  sources: [countries-x]\n- iso3: ARG\n  qid: Q414\n", "BW103", 4),
        ("- iso3: BRA\n  capitol: Brasília\n  sources: [countries-x]\n", "BW108", 1),
        ("- iso3: BRA\n  qid: 155\n  sources: [countries-x]\n", "BW108", 1),
        ("- iso3: BRA\n  un_status: member-ish\n  sources: [countries-x]\n", "BW108", 1),
        ("- iso3: BRA\n  sources: [countries-x]\n\n- iso3: BRA\n  sources: [countries-x]\n", "BW102", 4),
        ("- iso3: BRA\n  sources: [countries-y]\n", "BW104", 1),
        ("- iso3: BRA\n  qid: [unclosed\n", "BW100", 0),
    ],
)
def test_supplement_errors_name_the_line(
    generator: ModuleType, tmp_path: Path, text: str, code: str, line: int
) -> None:
    with pytest.raises(DataError) as info:
        generator.load_extra(_write(tmp_path, text), known_sources={"countries-x"})
    assert info.value.code.id == code
    if line:
        assert info.value.where is not None and info.value.where.endswith(f":{line}")


def test_supplement_entry_outside_iso_must_be_marked_added(generator: ModuleType, tmp_path: Path) -> None:
    extras = generator.load_extra(
        _write(tmp_path, "- iso3: XYZ\n  sources: [countries-x]\n"), known_sources={"countries-x"}
    )
    with pytest.raises(DataError) as info:
        generator.build_rows(extras=extras)
    assert info.value.code.id == "BW101"
