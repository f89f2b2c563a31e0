"""What the bundled graph knows and what it does not (issue 14)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from blocwatch.core import Blocwatch
from blocwatch.errors import DataValidationError
from blocwatch.reference.build import load_and_validate


def test_no_lac_organization_has_an_unexplained_presidency_gap(bw: Blocwatch) -> None:
    reports = [r for r in bw.graph.coverage() if r.region == "LAC"]
    assert any(r.periods for r in reports)
    unexplained = [(r.org, g.start, g.end) for r in reports for g in r.gaps if not g.explained]
    assert unexplained == []


def test_every_organization_declares_what_was_researched(bw: Blocwatch) -> None:
    for report in bw.graph.coverage():
        kinds = {p.kind for p in report.periods}
        assert "memberships" in kinds or report.rows == 0, report.org


def test_pacific_alliance_mexico_kept_the_presidency(bw: Blocwatch) -> None:
    assert bw.graph.presidency("Pacific Alliance", on="2022-06-01").holder == "MEX"
    assert bw.graph.presidency("Alianza del Pacífico", on="2023-07-15").holder == "CHL"
    assert bw.graph.presidency("PACIFIC_ALLIANCE", on="2023-09-01").holder == "PER"


def test_brics_chair_days(bw: Blocwatch) -> None:
    assert bw.graph.presidency("BRICS", on="2014-03-01").holder == "ZAF"
    assert bw.graph.presidency("BRICS", on="2014-08-01").holder == "BRA"
    assert bw.graph.presidency("BRICS", on="2015-02-15").holder == "BRA"
    assert bw.graph.presidency("BRICS", on="2015-04-01").holder == "RUS"


def test_unresearched_dates_are_unknown_not_empty(bw: Blocwatch) -> None:
    sica = bw.graph.presidency("SICA", on="2026-12-02")
    assert (sica.known, sica.holder) == (False, None)
    assert sica.describe("2026-12-02") == "SICA on 2026-12-02: unknown (not researched after 2026-07)"
    # an explained gap inside the researched period is known to have no holder
    unasur = bw.graph.presidency("UNASUR", on="2022-01-01")
    assert unasur.known and unasur.holder is None and unasur.note and "Brazil" in unasur.note


def test_niger_suspended_by_the_au_on_19_february_2010(bw: Blocwatch) -> None:
    (event,) = [h for h in bw.graph.history("NER") if h.org == "AU" and h.date.startswith("2010")]
    assert (event.event, event.date) == ("suspended_by_org", "2010-02-19")


def test_nicaragua_co_presidency_passes_validation(bw: Blocwatch) -> None:
    rows = bw.con.execute(
        "select id, co_holders from persons where state = 'NIC' and role = 'head_of_state' order by start"
    ).fetchall()
    assert [r[0] for r in rows] == ["daniel-ortega", "rosario-murillo"]
    assert rows[1][1] == ["daniel-ortega"]


def test_overlap_without_co_holder_is_refused(tmp_path: Path) -> None:
    from blocwatch.reference.loader import default_data_dir

    root = tmp_path / "data"
    shutil.copytree(default_data_dir(), root)
    persons = root / "persons" / "americas.csv"
    text = persons.read_text(encoding="utf-8")
    assert ",daniel-ortega\n" in text
    persons.write_text(text.replace(",daniel-ortega\n", ",\n", 1), encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_and_validate(root)
    assert any(e.code.id == "BW112" for e in info.value.errors)


def test_handover_days_from_the_summit_reports(bw: Blocwatch) -> None:
    # second pass of issue 14: days where a report gives them (see sources/coverage14b.yaml)
    assert bw.graph.presidency("BRICS", on="2017-12-31").holder == "CHN"
    assert bw.graph.presidency("BRICS", on="2018-01-01").holder == "ZAF"
    assert bw.graph.presidency("SICA", on="2026-01-14").holder == "PAN"
    assert bw.graph.presidency("SICA", on="2026-01-15").holder == "DOM"
    assert bw.graph.presidency("SICA", on="2019-06-04").holder == "GTM"
    assert bw.graph.presidency("SICA", on="2019-06-05").holder == "SLV"
    assert bw.graph.presidency("MERCOSUR", on="2012-12-06").holder == "BRA"
    assert bw.graph.presidency("MERCOSUR", on="2012-12-07").holder == "URY"
    assert bw.graph.presidency("CAN", on="2018-05-29").holder == "PER"
    cant = bw.graph.presidency("CAN", on="2018-05-28")
    assert cant.holder is None and not cant.known  # Ecuador held it, from a date not established


def test_pacific_alliance_observer_states(bw: Blocwatch) -> None:
    def observers(day: str) -> set[str]:
        return {m.state for m in bw.graph.members("PACIFIC_ALLIANCE", on=day, capacity="observer")}

    assert {"AUT", "GEO", "THA"} <= observers("2015-07-03") and "AUT" not in observers("2015-07-02")
    assert "ARG" in observers("2016-06-09") and "LTU" in observers("2017-06-02")
    assert len(observers("2018-08-01")) == 55
