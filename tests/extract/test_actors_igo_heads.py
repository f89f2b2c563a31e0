"""Heads of the IMF and the World Bank (persons/additions.csv): titles with the date."""

from __future__ import annotations

import datetime as dt

import pytest

from blocwatch.extract.actors import ActorIndex
from blocwatch.reference.validate import gazetteer_igos


@pytest.mark.parametrize(
    ("text", "day", "person", "org", "role"),
    [
        ("the IMF managing director", dt.date(2016, 5, 1), "christine-lagarde", "IMF", "managing_director"),
        ("la directora gerente del FMI", dt.date(2021, 1, 1), "kristalina-georgieva", "IMF", "managing_director"),
        ("IMF chief Rodrigo de Rato", dt.date(2005, 1, 1), "rodrigo-de-rato", "IMF", "managing_director"),
        ("the World Bank president", dt.date(2010, 1, 1), "robert-zoellick", "WB", "bank_president"),
        ("el presidente del Banco Mundial", dt.date(2024, 1, 1), "ajay-banga", "WB", "bank_president"),
        ("o presidente do Banco Mundial", dt.date(1993, 6, 1), "lewis-preston", "WB", "bank_president"),
    ],
)
def test_head_of_the_organization_on_the_date(
    index: ActorIndex, text: str, day: dt.date, person: str, org: str, role: str
) -> None:
    actor = index.resolve(text, date=day)
    assert (actor.person, actor.org, actor.country, actor.sector, actor.role) == (person, org, None, "IGO", role)


def test_between_two_heads_the_office_is_empty(index: ActorIndex) -> None:
    # Köhler resigned on 2004-03-04 and Rato took office on 2004-06-07 (acting heads are not listed)
    assert index.resolve("the IMF managing director", date=dt.date(2004, 4, 1)).person is None
    # out of office, the person still resolves, to the organization, without the office
    kohler = index.resolve("Horst Köhler", date=dt.date(2006, 1, 1))
    assert (kohler.person, kohler.org, kohler.country, kohler.role) == ("horst-kohler", "IMF", None, None)


def test_a_company_managing_director_is_no_office(index: ActorIndex) -> None:
    actor = index.resolve("the managing director", date=dt.date(2020, 1, 1))
    assert actor.person is None and actor.role is None and actor.sector is None


def test_gazetteer_organizations_may_hold_offices() -> None:
    assert {"IMF", "WB"} <= gazetteer_igos()
