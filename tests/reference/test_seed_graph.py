"""The seed article's questions (PRODUCT.md), answered by the bundled graph on 2020-02-06."""

from __future__ import annotations

from blocwatch.core import Blocwatch
from blocwatch.demo import seed_answers

SEED = "2020-02-06"


def test_mexico_held_celac_presidency(bw: Blocwatch) -> None:
    term = bw.graph.presidency("CELAC", on=SEED)
    assert term.holder == "MEX"
    assert term.start is not None and term.start.startswith("2020-01")


def test_celac_had_32_participating_members_brazil_suspended(bw: Blocwatch) -> None:
    celac = bw.graph.members("CELAC", on=SEED)
    assert len(celac) == 33
    assert [m.state for m in celac if m.status == "suspended"] == ["BRA"]
    assert sum(m.status == "active" for m in celac) == 32
    brazil = next(m for m in celac if m.state == "BRA")
    assert brazil.status_since == "2020-01-16"


def test_unasur_and_prosur_members_on_the_seed_date(bw: Blocwatch) -> None:
    unasur = {m.state: m.status for m in bw.graph.members("UNASUR", on=SEED)}
    assert {s for s, status in unasur.items() if status == "active"} == {"BOL", "GUY", "SUR", "URY", "VEN"}
    assert not {"ARG", "BRA", "CHL", "COL", "PRY"} & set(unasur)  # their exits had taken effect
    prosur = {m.state for m in bw.graph.members("PROSUR", on=SEED, capacity="member")}
    assert prosur == {"ARG", "BRA", "CHL", "COL", "ECU", "GUY", "PRY", "PER"}
    overlap = bw.graph.overlap(["UNASUR", "PROSUR"], on=SEED, active_only=True)
    assert overlap.pairs[0].shared == ["GUY"]


def test_russia_celac_mechanism_is_proposed_and_conditional(bw: Blocwatch) -> None:
    (mech,) = bw.graph.mechanisms("CELAC", partner="Rusia")
    assert mech.status == "proposed"
    assert mech.condition and "differences" in mech.condition
    assert set(mech.areas) == {"space", "disaster_risk_reduction"}
    assert mech.proposed == "2020-02"


def test_seed_answers_summary(bw: Blocwatch) -> None:
    answers = seed_answers(bw)
    assert (answers.celac_presidency, answers.celac_active, answers.celac_suspended) == ("MEX", 32, ["BRA"])
    assert answers.russia_celac is not None and answers.russia_celac["status"] == "proposed"
