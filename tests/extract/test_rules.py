"""The PLOVER coding rules on short constructed sentences (en/es/pt)."""

from __future__ import annotations

import datetime as dt

import pytest

from blocwatch.extract.pipeline import Document, Extractor

DAY = dt.date(2020, 2, 6)


def _events(extractor: Extractor, text: str, lang: str = "en") -> list[tuple[str, str | None, str | None, bool, bool]]:
    result = extractor.extract(Document(id="t", text=text, date=DAY, lang=lang))
    return [
        (e.event_type, e.actor.id, e.recipient.id if e.recipient else None, e.negated, e.future) for e in result.events
    ]


@pytest.mark.parametrize("name", ["extractor", "rules_extractor"])
@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # future cooperation is AGREE (PLOVER manual)
        ("Russia will cooperate with Brazil on energy.", "en", ("AGREE", "RUS", "BRA", False, True)),
        # a negated cooperative act is a rejection
        ("Brazil will not accept the Venezuelan proposal.", "en", ("REJECT", "BRA", "VEN", False, True)),
        # an announced action "unless …" is a threat
        (
            "Chile will withdraw its ambassador from Peru unless the talks resume.",
            "en",
            ("THREATEN", "CHL", "PER", False, True),
        ),
        (
            "El gobierno de Colombia condenó el ataque contra Venezuela.",
            "es",
            ("ACCUSE", "COLGOV", "VEN", False, False),
        ),
        (
            "Un soldado colombiano fue asesinado por guerrilleros de las FARC.",
            "es",
            ("ASSAULT", "REB", "COLMIL", False, False),
        ),
        ("O governo argentino vai ajudar a Bolívia.", "pt", ("AGREE", "ARGGOV", "BOL", False, True)),
        ("A polícia brasileira prendeu manifestantes em Brasília.", "pt", ("COERCE", "BRAPOL", "CVL", False, False)),
    ],
)
def test_rules(request: pytest.FixtureRequest, name: str, text: str, lang: str, expected: tuple) -> None:
    if name == "extractor" and "fue asesinado" in text:
        pytest.skip("known miss of the learned coder: the recipient of a Spanish passive (docs/evaluation.md)")
    if name == "extractor" and "prendeu" in text:
        pytest.skip("known miss of the learned coder: Portuguese types are weak (docs/evaluation.md)")
    extractor: Extractor = request.getfixturevalue(name)
    assert expected in _events(extractor, text, lang)


def test_agent_words_are_not_triggers(rules_extractor: Extractor) -> None:
    events = _events(rules_extractor, "Os manifestantes bloquearam a estrada.", "pt")
    assert [e[0] for e in events] == ["PROTEST"]


def test_sentences_without_a_political_actor_are_skipped(rules_extractor: Extractor) -> None:
    result = rules_extractor.extract(Document(id="t", text="The company agreed to buy the bank.", lang="en"))
    assert result.events == [] and result.candidates == 0
