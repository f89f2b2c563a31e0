"""The component registry, configs, pickling, weights and the coder's skips."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import pickle
from importlib import resources

import pytest
from click.testing import CliRunner

from blocwatch.cli import main
from blocwatch.core import Blocwatch
from blocwatch.errors import ExtractError, UsageError
from blocwatch.extract.components import REGISTRY, Resources, build
from blocwatch.extract.heads import artifact_name
from blocwatch.extract.pipeline import CONFIGS, Document, Extractor, config_for

SENTENCE = "Brazil suspended its participation in CELAC."


def test_every_config_names_registered_components() -> None:
    for config in CONFIGS.values():
        assert all(name in REGISTRY for name in config["pipeline"])
        assert set(config["components"]) <= set(REGISTRY)


def test_unknown_component_is_a_coded_error(extractor: Extractor) -> None:
    with pytest.raises(ExtractError) as info:
        build({"pipeline": ["sentences.v1", "nope.v9"]}, extractor.resources)
    assert info.value.code.id == "BW410"
    with pytest.raises(ExtractError) as info:
        build({"pipeline": []}, extractor.resources)
    assert info.value.code.id == "BW413"


def test_unknown_coder_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        config_for(None, coder="magic")


def test_config_hash_follows_the_config(extractor: Extractor) -> None:
    config = copy.deepcopy(extractor.config)
    config["components"]["event_model.v1"]["threshold"] = 0.99
    other = Extractor(config, extractor.resources)
    assert other.config_hash != extractor.config_hash
    assert Extractor(copy.deepcopy(extractor.config), extractor.resources).config_hash == extractor.config_hash
    result = other.extract(Document(id="d", text=SENTENCE, lang="en"))
    assert all(e.confidence >= 0 for e in result.events)


def test_events_record_components_and_config_hash(extractor: Extractor) -> None:
    result = extractor.extract(Document(id="d", text=SENTENCE, date=dt.date(2020, 1, 16), lang="en"))
    assert result.events
    for event in result.events:
        assert event.source.endswith(f"cfg:{extractor.config_hash}")
        assert "event_model.v1" in event.source and "roles.v1" in event.source


def test_a_pickled_extractor_codes_the_same(extractor: Extractor) -> None:
    docs = [Document(id="d1", text=SENTENCE, lang="en"), Document(id="d2", text="O Brasil voltou à CELAC.", lang="pt")]
    before = [[e.to_dict() for e in r.events] for r in extractor.extract_many(docs)]
    clone = pickle.loads(pickle.dumps(extractor))
    after = [[e.to_dict() for e in r.events] for r in clone.extract_many(docs)]
    assert before == after


def test_extractor_needs_no_database(bw: Blocwatch, extractor: Extractor) -> None:
    resources_only = Resources(extractor.index, extractor.rules)
    assert not any(hasattr(v, "execute") for v in vars(resources_only).values())
    fresh = Extractor(copy.deepcopy(CONFIGS["learned"]), resources_only)
    assert fresh.extract(Document(id="d", text=SENTENCE, lang="en")).events


@pytest.mark.parametrize(
    ("doc", "reason"),
    [
        (Document(id="empty", text="   "), "empty text"),
        (Document(id="de", text="Der Bundestag hat heute beschlossen.", lang="de"), "not en, es or pt"),
        (
            Document(
                id="de2",
                text="Die Regierung hat die Steuer auf das Benzin erhöht und die Opposition ist nicht zufrieden.",
            ),
            "not in en, es or pt",
        ),
        (Document(id="long", text="Brazil " + "x" * 1_000_000 + "."), "characters"),
    ],
)
def test_bad_input_is_skipped_with_a_coded_reason(extractor: Extractor, doc: Document, reason: str) -> None:
    (result,) = list(extractor.extract_many([doc, Document(id="ok", text=SENTENCE, lang="en")]))[:1]
    assert result.events == []
    assert [s.code for s in result.skipped] == ["BW414"]
    assert reason in result.skipped[0].reason


def test_numbers_and_tables_are_not_coded(extractor: Extractor) -> None:
    text = "Shr 1.23 dlrs vs 98 cts Net 12.5 mln vs 10.1 mln Revs 150.2 mln vs 130.4 mln"
    result = extractor.extract(Document(id="earn", text=text, lang="en"))
    assert result.events == [] and result.candidates == 0
    assert [(s.code, s.reason) for s in result.skipped] == [("BW414", "only numbers or tables, no prose to code")]


def test_a_table_inside_prose_is_dropped_without_skipping_the_article(extractor: Extractor) -> None:
    text = SENTENCE + " Shr 1.23 dlrs vs 98 cts Net 12.5 mln vs 10.1 mln"
    result = extractor.extract(Document(id="mixed", text=text, lang="en"))
    assert result.events and result.skipped == []


def test_components_command_lists_weights_with_sha256(bw: Blocwatch) -> None:
    out = CliRunner().invoke(main, ["--db", ":memory:", "components", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    rows = {r["name"]: r for r in data["registered"]}
    assert data["pipeline"][-2:] == ["event_model.v1", "roles.v1"]
    name = artifact_name("use_m3.v1")
    raw = resources.files("blocwatch.extract").joinpath("models", name).read_bytes()
    assert rows["event_model.v1"]["weights"] == {name: hashlib.sha256(raw).hexdigest()}
    assert rows["plover_rules.v1"]["in_pipeline"] is False


def test_extract_command_skips_bad_lines_and_goes_on() -> None:
    lines = "\n".join(
        [
            json.dumps({"id": "a", "text": SENTENCE, "date": "2020-01-16"}),
            "not json",
            "[" * 100_000,
            json.dumps({"id": "b"}),
            json.dumps({"id": "c", "text": SENTENCE}),
        ]
    )
    out = CliRunner().invoke(main, ["--db", ":memory:", "extract"], input=lines)
    assert out.exit_code == 0, out.output
    records = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    skipped = [r for r in records if r["record"] == "skipped"]
    assert [r["where"] for r in skipped] == ["<stdin>:2", "<stdin>:3", "<stdin>:4"]
    assert {r["doc_id"] for r in records if r["record"] == "event"} == {"a", "c"}
    assert "Traceback" not in out.output
