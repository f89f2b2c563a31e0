"""Actor recognition and resolution in English, Spanish and Portuguese."""

from __future__ import annotations

import datetime as dt

import pytest

from blocwatch.core import Blocwatch
from blocwatch.extract.actors import ActorIndex

DAY = dt.date(2020, 2, 6)


@pytest.mark.parametrize(
    ("text", "country", "sector", "org", "person"),
    [
        # English: names, demonyms, capitals as metonyms, titles with a date, organizations
        ("the Russian foreign minister", "RUS", "GOV", None, "sergey-lavrov"),
        ("Sergei Lavrov", "RUS", "GOV", None, "sergey-lavrov"),
        ("Moscow", "RUS", "GOV", None, None),
        ("Brazilian police", "BRA", "POL", None, None),
        ("the president of Paraguay", "PRY", "GOV", None, "mario-abdo-benitez"),
        ("U.S. troops", "USA", "MIL", None, None),
        ("the Community of Latin American and Caribbean States", None, None, "CELAC", None),
        ("Colombian rebels", "COL", "REB", None, None),
        ("the Kremlin", "RUS", "GOV", None, None),  # seats of government as metonyms
        ("the White House", "USA", "GOV", None, None),
        ("la Casa Rosada", "ARG", "GOV", None, None),
        ("o Itamaraty", "BRA", "GOV", None, None),
        # Spanish
        ("el canciller brasileño", "BRA", "GOV", None, "ernesto-araujo"),
        ("el ejército colombiano", "COL", "MIL", None, None),
        ("la Comunidad Andina", None, None, "CAN", None),
        ("los manifestantes venezolanos", "VEN", "CVL", None, None),
        ("el gobierno de México", "MEX", "GOV", None, None),
        # Portuguese
        ("o presidente do Paraguai", "PRY", "GOV", None, "mario-abdo-benitez"),
        ("o Mercosul", None, None, "MERCOSUR", None),
        ("a polícia brasileira", "BRA", "POL", None, None),
        ("o governo argentino", "ARG", "GOV", None, None),
        ("o chanceler russo", "RUS", "GOV", None, "sergey-lavrov"),
    ],
)
def test_resolve(
    index: ActorIndex, text: str, country: str | None, sector: str | None, org: str | None, person: str | None
) -> None:
    actor = index.resolve(text, date=DAY)
    assert (actor.country, actor.sector, actor.org, actor.person) == (country, sector, org, person)
    assert actor.to_dict()["text"] == text


def test_titles_follow_the_date(index: ActorIndex) -> None:
    assert index.resolve("the Russian foreign minister", date=dt.date(2003, 1, 1)).person != "sergey-lavrov"
    assert index.resolve("the Brazilian president", date=dt.date(2024, 1, 1)).person == "luiz-inacio-lula-da-silva"
    assert index.resolve("the Russian foreign minister").person is None  # no date: no title resolution


def test_acronyms_need_their_case(index: ActorIndex) -> None:
    assert index.resolve("CAN").org == "CAN"
    assert index.resolve("we can do it").id is None


def test_proper_names_need_a_capital(index: ActorIndex) -> None:
    assert index.resolve("Chad").country == "TCD"
    assert index.resolve("a chad of paper").country is None


def test_longest_match_and_word_boundaries(index: ActorIndex) -> None:
    actors = index.actors("Leaders of the United States and Mexico met in Mexico City.")
    assert [a.country for a in actors if a.country] == ["USA", "MEX", "MEX"]
    assert actors[-1].text == "Mexico City" and actors[-1].sector == "GOV"
    assert index.actors("Russianness") == []


def test_offsets_point_into_the_text(index: ActorIndex) -> None:
    text = "Ayer el canciller de Brasil se reunió con la OEA."
    for actor in index.actors(text, date=DAY):
        assert text[actor.start : actor.end] == actor.text


def test_index_is_cached_per_data_version(bw: Blocwatch) -> None:
    assert ActorIndex.for_store(bw.con) is ActorIndex.for_store(bw.con)


def test_mini_data_machinery(mini_bw: Blocwatch) -> None:
    index = ActorIndex.from_store(mini_bw.con)
    assert index.resolve("the Test Bloc").org == "TESTBLOC"
    assert index.resolve("Bloco de Teste").org == "TESTBLOC"
    assert index.resolve("Serguéi Lavrov").person == "test-lavrov"
    assert index.resolve("el canciller ruso", date=DAY).person == "test-lavrov"
