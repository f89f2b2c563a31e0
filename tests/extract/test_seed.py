"""The first acceptance case: the seed article dated 2020-02-06 (PRODUCT.md's table)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from blocwatch.extract.pipeline import Document, Extraction, Extractor


@pytest.fixture(scope="module")
def seed(shared_dir: Path, extractor: Extractor) -> Extraction:
    text = (shared_dir / "seeds" / "000_cefd087e070efa89.txt").read_text(encoding="utf-8")
    return extractor.extract(Document(id="seed", text=text, date=dt.date(2020, 2, 6), lang="en"))


def _find(result: Extraction, event_type: str, recipient: str, phrase: str) -> list:
    return [
        e
        for e in result.events
        if e.event_type == event_type
        and e.actor.country == "RUS"
        and e.recipient is not None
        and recipient in e.recipient.text
        and phrase in e.sentence
    ]


def test_lavrov_urges_south_american_countries(seed: Extraction) -> None:
    (event,) = _find(seed, "REQUEST", "South America", "urged that countries of South America")
    assert event.actor.person == "sergey-lavrov"  # "the Russian foreign minister" in 2020
    assert event.actor.sector == "GOV"
    assert event.quad == "VERBAL_CONFLICT"


def test_russia_ready_to_cooperate_with_integration_mechanisms(seed: Extraction) -> None:
    (event,) = _find(seed, "AGREE", "regional integration mechanisms", "willing and ready")
    assert event.future
    assert event.actor.id == "RUS"


def test_moscow_supports_latin_america(seed: Extraction) -> None:
    (event,) = _find(seed, "SUPPORT", "Latin America", "full support")
    assert event.actor.text == "Moscow"
    assert event.score == 5.0


def test_future_dialogue_mechanism_with_celac_is_agree(seed: Extraction) -> None:
    (event,) = _find(seed, "AGREE", "CELAC", "Russia will establish a mechanism")
    assert event.future
    assert event.recipient is not None and event.recipient.org == "CELAC"


def test_lavrov_proposes_space_and_disaster_cooperation(seed: Extraction) -> None:
    (event,) = _find(seed, "AGREE", "CELAC", "proposed to expand")
    assert event.actor.person == "sergey-lavrov"
    assert {"technology", "disasters"} <= set(event.contexts)


def test_every_event_has_evidence_and_components(seed: Extraction, shared_dir: Path) -> None:
    text = (shared_dir / "seeds" / "000_cefd087e070efa89.txt").read_text(encoding="utf-8")
    assert len(seed.events) >= 5
    for event in seed.events:
        assert text[event.evidence_start : event.evidence_end] == event.sentence
        assert event.source.startswith("actors.v2+triggers.v1")
        assert "event_model.v1" in event.source and "roles.v1" in event.source
        assert event.date == dt.date(2020, 2, 6)


def test_russia_celac_mechanism_proposal(seed: Extraction) -> None:
    (proposal,) = [p for p in seed.proposals if p.kind == "mechanism"]
    assert (proposal.org, proposal.member, proposal.change) == ("CELAC", "RUS", "proposed")
    assert proposal.payload["status"] == "proposed"
    assert proposal.payload["condition"].startswith("as soon as")
    assert proposal.payload["areas"] == ["space", "disaster_risk_reduction"]
    assert proposal.status == "pending"


def test_mexico_presidency_observation(seed: Extraction) -> None:
    (proposal,) = [p for p in seed.proposals if p.kind == "presidency"]
    assert proposal.payload == {"org": "CELAC", "holder": "MEX", "on": "2020-02-06"}
    assert "rotating presidency of CELAC" in proposal.sentence
