"""Every fact of ../shared/reference/lac_facts.md, answered through the CLI (one test per fact).

The expected values are written here from that file's text, not read from blocwatch's data.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner

from blocwatch.cli import main


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    db = tmp_path_factory.mktemp("facts") / "facts.duckdb"

    def run(*args: str) -> Any:
        result = CliRunner().invoke(main, ["--db", str(db), *args, "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    run("build")
    yield run


def members(cli: Any, org: str, on: str, *, status: str | None = None, capacity: str | None = None) -> set[str]:
    return {
        m["state"]
        for m in cli("members", org, "--on", on, "--capacity", "all")
        if (status is None or m["status"] == status) and (capacity is None or m["capacity"] == capacity)
    }


def events(cli: Any, entity: str, org: str, event: str) -> list[str]:
    return [h["date"] for h in cli("history", entity) if h["org"] == org and h["event"] == event]


SIX_2018 = {"ARG", "BRA", "CHL", "COL", "PRY", "PER"}


# --- UNASUR -------------------------------------------------------------------------
def test_unasur_treaty_signed_in_2008_in_force_2011(cli: Any) -> None:
    signed = {h["member"] for h in cli("history", "UNASUR") if h["event"] == "signed" and h["date"] == "2008-05-23"}
    assert len(signed) == 12
    assert members(cli, "UNASUR", "2011-03-10") == set()
    assert len(members(cli, "UNASUR", "2011-03-11")) >= 9


def test_unasur_six_suspended_participation_april_2018(cli: Any) -> None:
    assert members(cli, "UNASUR", "2018-04-30", status="suspended") == SIX_2018
    for state in SIX_2018:
        (date,) = events(cli, state, "UNASUR", "suspended_self")
        assert date.startswith("2018-04")


def test_colombia_left_unasur_notified_2018_08_10_effective_2019_03_01(cli: Any) -> None:
    assert events(cli, "COL", "UNASUR", "withdrawal_notified") == ["2018-08-10"]
    assert events(cli, "COL", "UNASUR", "withdrawn") == ["2019-03-01"]
    assert "COL" in members(cli, "UNASUR", "2019-02-28")
    assert "COL" not in members(cli, "UNASUR", "2019-03-01")


def test_ecuador_announced_withdrawal_march_2019(cli: Any) -> None:
    # Moreno announced the exit on 2019-03-13 (its first formal step, the suspension of the
    # treaty's application, is dated 2019-03-11); the denunciation followed in 2019.
    first_step = events(cli, "ECU", "UNASUR", "suspended_self") + events(cli, "ECU", "UNASUR", "withdrawal_notified")
    assert min(first_step).startswith("2019-03")
    assert events(cli, "ECU", "UNASUR", "withdrawn")
    assert "ECU" not in members(cli, "UNASUR", "2020-12-31")


def test_brazil_left_unasur_april_2019(cli: Any) -> None:
    dates = events(cli, "BRA", "UNASUR", "withdrawal_notified") + events(cli, "BRA", "UNASUR", "withdrawn")
    assert any(d.startswith("2019-04") for d in dates)
    assert "BRA" not in members(cli, "UNASUR", "2020-02-06")


def test_uruguay_left_unasur_march_2020(cli: Any) -> None:
    dates = events(cli, "URY", "UNASUR", "withdrawal_notified") + events(cli, "URY", "UNASUR", "withdrawn")
    assert any(d.startswith("2020-03") for d in dates)


def test_chile_argentina_paraguay_began_exits_2019(cli: Any) -> None:
    for state in ("CHL", "ARG", "PRY"):
        assert any(d.startswith("2019") for d in events(cli, state, "UNASUR", "withdrawal_notified")), state


def test_bolivia_guyana_suriname_venezuela_remained(cli: Any) -> None:
    remaining = members(cli, "UNASUR", "2020-02-06", status="active")
    assert {"BOL", "GUY", "SUR", "VEN"} <= remaining
    assert remaining - {"BOL", "GUY", "SUR", "VEN"} <= {"URY"}  # Uruguay only until its exit in March 2020


def test_argentina_and_brazil_returned_2023(cli: Any) -> None:
    assert "2023-04-06" in events(cli, "ARG", "UNASUR", "returned")
    assert events(cli, "BRA", "UNASUR", "returned") == ["2023-05-06"]
    assert {"ARG", "BRA"} <= members(cli, "UNASUR", "2023-06-01", status="active")


def test_colombia_announced_return_2023(cli: Any) -> None:
    (date,) = events(cli, "COL", "UNASUR", "returned")
    assert date >= "2023-05-30"


# --- PROSUR -------------------------------------------------------------------------
def test_prosur_declaration_of_santiago(cli: Any) -> None:
    founders = {"ARG", "BRA", "CHL", "COL", "ECU", "GUY", "PRY", "PER"}
    assert members(cli, "PROSUR", "2019-03-22", capacity="member") == founders
    assert members(cli, "PROSUR", "2019-03-22", capacity="observer") == {"BOL", "URY", "SUR"}
    assert members(cli, "PROSUR", "2019-03-21") == set()


def test_prosur_presidency_chile_first_then_paraguay(cli: Any) -> None:
    # lac_facts.md: "Chile held the first pro tempore presidency, then Paraguay". The sources in
    # the data (presidencies.csv) put Colombia between them (Dec 2020 - Jan 2022).
    holders = [t["holder"] for t in cli("presidency", "PROSUR", "--all")]
    assert holders[0] == "CHL"
    assert "PRY" in holders[1:]
    assert cli("presidency", "PROSUR", "--on", "2019-06-01")["holder"] == "CHL"


# --- CELAC --------------------------------------------------------------------------
def test_celac_founded_in_caracas_with_33_members(cli: Any) -> None:
    (celac,) = [o for o in cli("orgs") if o["id"] == "CELAC"]
    assert celac["founded"] in {"2011-12-02", "2011-12-03"}
    assert len(members(cli, "CELAC", "2012-01-01")) == 33


def test_celac_brazil_suspended_2020_01_16_returned_2023(cli: Any) -> None:
    assert events(cli, "BRA", "CELAC", "suspended_self") == ["2020-01-16"]
    back = events(cli, "BRA", "CELAC", "reinstated") + events(cli, "BRA", "CELAC", "returned")
    assert back and back[0] in {"2023-01-06", "2023-01-12"}
    assert "BRA" in members(cli, "CELAC", "2020-01-16", status="suspended")
    assert "BRA" in members(cli, "CELAC", "2023-02-01", status="active")


@pytest.mark.parametrize(
    ("on", "holder"),
    [
        ("2012-06-01", "CHL"),
        ("2013-06-01", "CUB"),
        ("2014-06-01", "CRI"),
        ("2015-06-01", "ECU"),
        ("2016-06-01", "DOM"),
        ("2017-06-01", "SLV"),
        ("2018-06-01", "SLV"),
        ("2019-06-01", "BOL"),
        ("2020-06-01", "MEX"),
        ("2021-06-01", "MEX"),
        ("2022-06-01", "ARG"),
        ("2023-01-24", "VCT"),
        ("2024-03-01", "HND"),
        ("2025-06-01", "COL"),
    ],
)
def test_celac_pro_tempore_presidencies(cli: Any, on: str, holder: str) -> None:
    assert cli("presidency", "CELAC", "--on", on)["holder"] == holder


def test_celac_presidency_uruguay_2026(cli: Any) -> None:
    holders = [t["holder"] for t in cli("presidency", "CELAC", "--all")]
    assert holders[-1] == "URY"


def test_eu_celac_summits(cli: Any) -> None:
    mechanisms = cli("mechanisms", "CELAC", "--partner", "EU")
    meetings = {(m["date"], (m["place"] or "")) for mech in mechanisms for m in mech["meetings"]}
    dates = {d for d, _ in meetings}
    assert any(d.startswith("2013-01") for d in dates)
    assert "2015-06-10" in dates
    assert any(d.startswith("2023-07") for d in dates)
    assert "2025-11-09" in dates
    assert any("Santa Marta" in place for d, place in meetings if d == "2025-11-09")


def test_china_celac_forum_ministerials(cli: Any) -> None:
    mechanisms = cli("mechanisms", "CELAC", "--partner", "CHN")
    meetings = {(m["date"], m["place"]) for mech in mechanisms for m in mech["meetings"]}
    assert ("2015-01-08", "Beijing") in meetings
    assert ("2025-05-13", "Beijing") in meetings


# --- MERCOSUR -----------------------------------------------------------------------
def test_mercosur_treaty_of_asuncion(cli: Any) -> None:
    assert members(cli, "MERCOSUR", "1991-03-26", capacity="member") == {"ARG", "BRA", "PRY", "URY"}


def test_mercosur_presidency_rotates_every_six_months_in_alphabetical_order(cli: Any) -> None:
    # Protocol of Ouro Preto: alphabetical order of the States Parties, six months each. Checked
    # from 2017 on, when Venezuela's suspension left the four founders (before that, Paraguay's
    # 2012-13 suspension and Venezuela's membership broke the cycle).
    order = ["ARG", "BRA", "PRY", "URY"]
    terms = [t for t in cli("presidency", "MERCOSUR", "--all") if t["start"] >= "2016-12"]
    assert len(terms) >= 16
    for prev, nxt in itertools.pairwise(terms):
        assert order.index(nxt["holder"]) == (order.index(prev["holder"]) + 1) % 4, (prev, nxt)
    for term in terms[:-1]:
        months = (int(term["end"][:4]) - int(term["start"][:4])) * 12 + int(term["end"][5:7]) - int(term["start"][5:7])
        assert 4 <= months <= 8, term


def test_venezuela_mercosur_member_2012_suspended_2016(cli: Any) -> None:
    (full,) = events(cli, "VEN", "MERCOSUR", "capacity_changed")
    assert full.startswith("2012")
    assert "VEN" in members(cli, "MERCOSUR", "2013-01-01", capacity="member")
    assert "VEN" in members(cli, "MERCOSUR", "2017-01-15", status="suspended")


def test_bolivia_mercosur_full_member_2024(cli: Any) -> None:
    assert "BOL" in members(cli, "MERCOSUR", "2023-06-01", capacity="associate")
    assert "BOL" in members(cli, "MERCOSUR", "2024-12-31", capacity="member")


def test_chile_and_bolivia_were_associates_not_members(cli: Any) -> None:
    assert {"CHL", "BOL"} <= members(cli, "MERCOSUR", "2000-01-01", capacity="associate")
    assert not {"CHL", "BOL"} & members(cli, "MERCOSUR", "2000-01-01", capacity="member")
