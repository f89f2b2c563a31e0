"""The registry of extraction components and the configs that assemble them.

Like spaCy's pipeline, an extractor is an ordered list of named, versioned components,
each a callable over a :class:`Batch` with a config of its own. Components are registered
with :func:`register` (name with a version, what they require and what they assign) and
built by :func:`build` from a config::

    {"pipeline": ["sentences.v1", "actors.v1", …], "components": {"event_model.v1": {"encoder": "use_m3.v1"}}}

Nothing here holds a database connection: the reference tables a component needs (the
actor index, the proposal rules) are passed in as :class:`Resources` once, so a built
extractor can be pickled and shipped to worker processes. Models (encoders, parsers)
are loaded lazily in each process and dropped when pickled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from blocwatch.errors import E, ExtractError
from blocwatch.extract.actors import Actor, ActorIndex
from blocwatch.extract.coder import Draft
from blocwatch.extract.lexicon import Token, fold, tokenize
from blocwatch.extract.proposals import ProposalRules
from blocwatch.extract.records import Proposal
from blocwatch.extract.sentences import Sentence, split_sentences
from blocwatch.extract.triggers import Trigger, lexicon
from blocwatch.ingest.language import detect_language

LANGS = ("en", "es", "pt")

#: Sectors that make a sentence worth coding without a named state, organization or person
#: (companies, media, schools and churches alone do not).
POLITICAL_SECTORS = frozenset({"GOV", "MIL", "POL", "JUD", "LEG", "OPP", "REB", "NGO", "CVL", "IGO"})

_STOP = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "said", "on"},
    "es": {"el", "los", "las", "del", "que", "por", "una", "con", "para", "se", "su", "al"},
    "pt": {"os", "das", "dos", "que", "uma", "com", "para", "não", "nao", "ao", "do", "da", "em"},
}
_WORDS = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")
_LONG_WORD = re.compile(r"[^\W\d_]{8,}")


def is_table(text: str) -> bool:
    """Whether a text is only numbers or tables (Reuters earnings items: "Shr 1.23 dlrs vs
    98 cts / Net 12.5 mln vs 10.1 mln / Reuter"): of its lines of three tokens or more, at
    least two thirds have a third or more of their tokens with a digit and no word of eight
    letters or more, which lines of prose almost always have.

        >>> is_table("Shr 1.23 dlrs vs 98 cts\\nNet 12.5 mln vs 10.1 mln\\nNine mths\\nReuter")
        True
        >>> is_table("The resolution passed by 120 votes to 45, with 3 abstentions.")
        False
    """
    lines = [line.split() for line in text.splitlines()]
    lines = [line for line in lines if len(line) >= 3]
    tabular = sum(
        sum(any(c.isdigit() for c in t) for t in line) >= len(line) / 3 and not _LONG_WORD.search(" ".join(line))
        for line in lines
    )
    return bool(lines) and tabular >= 2 / 3 * len(lines)


def guess_lang(text: str) -> str:
    """A quick guess of en/es/pt from function words (used when a record has no ``lang``)."""
    counts = dict.fromkeys(_STOP, 0)
    for word in _WORDS.findall(text[:2000].lower()):
        for lang, stop in _STOP.items():
            if word in stop:
                counts[lang] += 1
    return max(counts, key=lambda k: counts[k])


@dataclass
class Document:
    """An input document: id, text, and optional date, language and title."""

    id: str
    text: str
    date: dt.date | None = None
    lang: str | None = None
    title: str | None = None


@dataclass
class Unit:
    """One sentence on its way through the pipeline."""

    doc_index: int
    sentence: Sentence
    lang: str
    folded: str
    tokens: list[Token]
    actors: list[Actor] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    candidate: bool = True
    parse: Any = None
    probs: Any = None
    hand: Any = None
    drafts: list[Draft] = field(default_factory=list)


@dataclass
class Skip:
    """Something the coder did not code, with a coded reason (BW414)."""

    doc_id: str
    code: str
    reason: str
    sentence_index: int | None = None


@dataclass
class Batch:
    """The documents of one batch and everything the components add to them."""

    docs: Sequence[Document]
    units: list[Unit] = field(default_factory=list)
    proposals: list[list[Proposal]] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    parsed: list[int] = field(default_factory=list)


@dataclass
class Resources:
    """The reference tables components may need, loaded once from a store."""

    index: ActorIndex
    rules: ProposalRules


class Component:
    """Base of the registered components: a name with version and a config."""

    name: str = ""
    requires: str = ""
    assigns: str = ""

    def __init__(self, resources: Resources, **config: Any) -> None:
        self.resources = resources
        self.config = config

    def __call__(self, batch: Batch) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def artifacts(self) -> dict[str, str]:
        """Weights this component loads: file name → sha256 (for `blocwatch components`)."""
        return {}

    def __getstate__(self) -> dict[str, Any]:
        # models are loaded lazily per process; drop them when pickled
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_model")}


@dataclass(frozen=True)
class Registration:
    name: str
    factory: Callable[..., Component]
    requires: str
    assigns: str


REGISTRY: dict[str, Registration] = {}


def register(cls: type[Component]) -> type[Component]:
    """Register a component class under its versioned ``name``."""
    if cls.name in REGISTRY:  # pragma: no cover - guards against editing mistakes
        raise RuntimeError(f"component {cls.name} registered twice")
    REGISTRY[cls.name] = Registration(cls.name, cls, cls.requires, cls.assigns)
    return cls


def build(config: dict[str, Any], resources: Resources) -> list[Component]:
    """The components of a config, in order."""
    names = config.get("pipeline")
    if not isinstance(names, list) or not names:
        raise ExtractError(E.BW413, "the config has no pipeline list", where="extract config")
    settings = config.get("components", {})
    out = []
    for name in names:
        if name not in REGISTRY:
            raise ExtractError(
                E.BW410, f"unknown component {name!r}", where="extract config", hint=f"use one of {sorted(REGISTRY)}"
            )
        out.append(REGISTRY[name].factory(resources, **settings.get(name, {})))
    return out


def config_hash(config: dict[str, Any], components: Sequence[Component]) -> str:
    """A short hash of the config and of every weight file the components load."""
    payload = {"config": config, "artifacts": {c.name: c.artifacts() for c in components}}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:12]


# --- the components that every coder shares ------------------------------------------


@register
class Sentences(Component):
    """Splits documents into sentences; skips what cannot be coded, with a reason."""

    name = "sentences.v1"
    requires = "document text"
    assigns = "sentences with character offsets, language"

    def __call__(self, batch: Batch) -> None:
        max_chars = int(self.config.get("max_sentence_chars", 5000))
        batch.sentences = [0] * len(batch.docs)
        batch.parsed = [0] * len(batch.docs)
        batch.proposals = [[] for _ in batch.docs]
        for doc_index, doc in enumerate(batch.docs):
            if not doc.text or not doc.text.strip():
                batch.skipped.append(Skip(doc.id, "BW414", "empty text"))
                continue
            given = (doc.lang or "").lower()[:2]
            if doc.lang and given not in LANGS and doc.lang.lower() not in ("", "und", "unknown"):
                batch.skipped.append(Skip(doc.id, "BW414", f"language {doc.lang!r} is not en, es or pt"))
                continue
            lang = given
            if given not in LANGS:
                found = detect_language(doc.text)
                if found not in LANGS and len(_LETTER.findall(doc.text[:400])) >= 12:
                    batch.skipped.append(Skip(doc.id, "BW414", "the text is not in en, es or pt"))
                    continue
                lang = found if found in LANGS else guess_lang(doc.text)
            doc.lang = lang
            if is_table(doc.text):
                batch.skipped.append(Skip(doc.id, "BW414", "only numbers or tables, no prose to code"))
                continue
            for sentence in split_sentences(doc.text):
                batch.sentences[doc_index] += 1
                if len(sentence.text) > max_chars:
                    batch.skipped.append(
                        Skip(doc.id, "BW414", f"sentence of {len(sentence.text)} characters", sentence.index)
                    )
                    continue
                letters = len(_LETTER.findall(sentence.text))
                if letters < 0.5 * len(sentence.text.replace(" ", "")):
                    # numbers and tables (earnings items, results): no prose to code
                    continue
                low = fold(sentence.text)
                batch.units.append(Unit(doc_index, sentence, lang, low, tokenize(low)))


@register
class Actors(Component):
    """Resolves actors (states, organizations, persons, sectors) in every sentence."""

    name = "actors.v1"
    requires = "sentences, reference graph (actor index)"
    assigns = "actors: country, sector, organization, person"

    def __call__(self, batch: Batch) -> None:
        index = self.resources.index
        for unit in batch.units:
            unit.actors = index.actors(unit.sentence.text, date=batch.docs[unit.doc_index].date, folded=unit.folded)


@register
class DocumentActors(Actors):
    """``actors.v1`` sentence by sentence, then coreference within each document
    (:meth:`ActorIndex.coreference`): a surname after the full name, "the minister" after
    a minister was named, "the bloc" / "el bloque" / "o bloco" for the organization named
    last, "the two countries" for the last two states, a city by the document's states."""

    name = "actors.v2"
    requires = "sentences, reference graph (actor index)"
    assigns = "actors: country, sector, organization, person; coreference within the document"

    def __call__(self, batch: Batch) -> None:
        super().__call__(batch)
        index = self.resources.index
        by_doc: dict[int, list[Unit]] = {}
        for unit in batch.units:
            by_doc.setdefault(unit.doc_index, []).append(unit)
        for doc_index, units in by_doc.items():
            found: list[Actor] = []
            for unit in units:  # offsets into the document while coreference runs
                for actor in unit.actors:
                    actor.start += unit.sentence.start
                    actor.end += unit.sentence.start
                    found.append(actor)
            resolved = index.coreference(batch.docs[doc_index].text, found)
            position = 0  # both in document order: hand each actor back to its sentence
            for unit in units:
                start, end = unit.sentence.start, unit.sentence.end
                unit.actors = []
                while position < len(resolved) and resolved[position].start < start:
                    position += 1
                while position < len(resolved) and resolved[position].start < end:
                    actor = resolved[position]
                    position += 1
                    if actor.end <= end:
                        actor.start -= start
                        actor.end -= start
                        unit.actors.append(actor)


@register
class Proposals(Component):
    """Proposed graph updates, sentence by sentence (:mod:`blocwatch.extract.proposals`):
    each with its evidence, its date from the text and its relation to the graph."""

    name = "proposals.v2"
    requires = "sentences, actors, graph areas and mechanisms, a snapshot of the graph"
    assigns = "proposed graph updates with evidence, text dates and relation to the graph"

    def __call__(self, batch: Batch) -> None:
        rules = self.resources.rules
        context: dict[int, str | None] = {}
        for unit in batch.units:
            doc = batch.docs[unit.doc_index]
            batch.proposals[unit.doc_index].extend(
                rules.proposals(
                    unit.sentence.text,
                    unit.actors,
                    doc_id=doc.id,
                    lang=unit.lang,
                    date=doc.date,
                    start=unit.sentence.start,
                    sentence_index=unit.sentence.index,
                    context_org=context.get(unit.doc_index),
                )
            )
            orgs = [a.org for a in unit.actors if a.org]
            if orgs:
                context[unit.doc_index] = orgs[-1]
        for proposals in batch.proposals:
            _merge_areas(proposals)


@register
class Triggers(Component):
    """PLOVER trigger words from the per-language lexicons (features and rule input)."""

    name = "triggers.v1"
    requires = "sentences, actors"
    assigns = "trigger words (PLOVER type, mode), later read as features"

    def __call__(self, batch: Batch) -> None:
        only_political = bool(self.config.get("only_political", True))
        for unit in batch.units:
            if only_political and not _political(unit.actors):
                continue
            unit.triggers = sentence_triggers(unit.sentence.text, unit.lang, unit.tokens, unit.actors)


@register
class Prefilter(Component):
    """Marks the sentences worth coding: a political actor, and a trigger if required."""

    name = "prefilter.v1"
    requires = "actors, triggers"
    assigns = "candidate flag"

    def __call__(self, batch: Batch) -> None:
        require_trigger = bool(self.config.get("require_trigger", False))
        off = bool(self.config.get("off", False))
        for unit in batch.units:
            unit.candidate = off or (_political(unit.actors) and (bool(unit.triggers) or not require_trigger))


def sentence_triggers(text: str, lang: str, tokens: list[Token], actors: Sequence[Actor]) -> list[Trigger]:
    """The lexicon's triggers of a sentence, less those inside an actor: an agent word is not
    also a trigger ("protesters", "manifestantes")."""
    found = lexicon(lang).triggers(text, tokens=tokens)
    return [t for t in found if not any(a.start <= t.start and t.end <= a.end for a in actors)]


def is_political(actor: Actor) -> bool:
    """A named state, organization, person or region, or an agent of a political sector."""
    return actor.is_named or actor.sector in POLITICAL_SECTORS


def _political(actors: Sequence[Actor]) -> bool:
    return any(is_political(a) for a in actors)


def _merge_areas(proposals: list[Proposal]) -> None:
    """Give each mechanism proposal the areas proposed for the same organization in the document."""
    areas: dict[str, list[str]] = {}
    for proposal in proposals:
        if proposal.kind == "area" and proposal.org:
            bucket = areas.setdefault(proposal.org, [])
            bucket.extend(a for a in proposal.payload.get("areas", []) if a not in bucket)
    for proposal in proposals:
        if proposal.kind == "mechanism" and proposal.org in areas:
            proposal.payload["areas"] = list(areas[proposal.org])
