"""``actors.v2``: the pipeline's actors with coreference within the document."""

from __future__ import annotations

import copy
import datetime as dt

from blocwatch.extract.actors import Actor
from blocwatch.extract.components import REGISTRY, Batch, Document, Resources
from blocwatch.extract.pipeline import CONFIGS, Extractor

DAY = dt.date(2020, 2, 6)
ARTICLE = (
    "Russian Foreign Minister Sergey Lavrov met Mexican Foreign Minister Marcelo Ebrard in Mexico City. "
    "The minister praised CELAC. The bloc will meet again in 2021."
)


def _units(extractor: Extractor, component: str, text: str, day: dt.date | None = DAY) -> list[list[Actor]]:
    resources: Resources = extractor.resources
    batch = Batch([Document("d", text, date=day, lang="en")])
    REGISTRY["sentences.v1"].factory(resources)(batch)
    REGISTRY[component].factory(resources)(batch)
    for unit in batch.units:  # offsets stay relative to the sentence
        assert all(unit.sentence.text[a.start : a.end] == a.text for a in unit.actors)
    return [unit.actors for unit in batch.units]


def test_title_and_bloc_resolve_within_the_article(extractor: Extractor) -> None:
    first, second, third = _units(extractor, "actors.v2", ARTICLE)
    minister = next(a for a in second if a.text == "minister")
    assert (minister.person, minister.country, minister.coref) == ("marcelo-ebrard", "MEX", "title")
    bloc = next(a for a in third if a.text.lower().endswith("bloc"))
    assert (bloc.org, bloc.coref) == ("CELAC", "bloc")
    # the sentence-level actors are those of actors.v1
    plain = _units(extractor, "actors.v1", ARTICLE)
    assert [a.id for a in first] == [a.id for a in plain[0]]
    assert next(a for a in plain[1] if a.text == "minister").person is None
    assert next(a for a in plain[2] if a.text.lower().endswith("bloc")).org is None


def test_surname_after_full_name_in_a_later_sentence(extractor: Extractor) -> None:
    text = "Former president Evo Morales spoke in La Paz on Monday. Later, Morales left for Mexico."
    # out of office on the date: the bare surname alone does not resolve, after the full name it does
    alone = _units(extractor, "actors.v1", text, dt.date(2020, 2, 6))
    assert not any(a.person == "evo-morales" for a in alone[1])
    linked = _units(extractor, "actors.v2", text, dt.date(2020, 2, 6))
    surname = next(a for a in linked[1] if a.text == "Morales")
    assert (surname.person, surname.country, surname.coref) == ("evo-morales", "BOL", "surname")


def test_a_title_is_not_a_person_with_another_office(extractor: Extractor) -> None:
    text = "Vladimir Putin met Luiz Inacio Lula da Silva in Moscow. The foreign minister said little."
    actors = _units(extractor, "actors.v2", text)
    minister = next(a for a in actors[1] if a.text == "foreign minister")
    assert minister.person is None and minister.coref is None


def test_default_configs_use_v2_and_events_name_it(extractor: Extractor) -> None:
    assert all("actors.v2" in config["pipeline"] for config in CONFIGS.values())
    assert "actors.v2" in extractor.components
    result = extractor.extract(Document(id="d", text=ARTICLE, date=DAY, lang="en"))
    assert result.events
    assert all(e.source.startswith("actors.v2+") for e in result.events)
    config = copy.deepcopy(extractor.config)
    config["pipeline"] = ["actors.v1" if n == "actors.v2" else n for n in config["pipeline"]]
    older = Extractor(config, extractor.resources)
    assert older.config_hash != extractor.config_hash
    events = older.extract(Document(id="d", text=ARTICLE, date=DAY, lang="en")).events
    assert all(e.source.startswith("actors.v1+") for e in events)
