"""The learned event coder: components ``event_model.v1`` and ``roles.v1``.

``event_model.v1`` sends the candidate sentences (``prefilter.v1``), in batches, to a
multilingual sentence encoder (``encoders.py``; default ``use_m3.v1``), appends the hand
features of ``features.py`` (trigger types, cues, actor kinds) and runs three trained heads
(``heads.py``):

* ``detect`` — the probability that the sentence reports a political event. An event is
  emitted when it reaches the threshold chosen on dev to maximise detection F1 (setting
  ``extract_threshold`` overrides it);
* ``type`` — the PLOVER type, given an event;
* ``quad`` — the ConfliBERT sentence class (kept on the unit for evaluation and export).

The event's ``confidence`` is ``P(event) × P(type | event)``, both temperature-calibrated
on dev: it estimates how often an event so scored is a real event of that type
(``docs/evaluation.md`` reports its reliability table and ECE per language).

Three rules of the PLOVER manual are applied after the heads, as the manual states them
(not fitted to any data): cooperative actions reported in the future or under a condition
are AGREE; a cooperative trigger negated in the clause makes a REJECT; an action announced
under a condition ("… unless", "… or face") is THREATEN.

``roles.v1`` scores every actor mention of an event sentence as source (actor), target
(recipient) or neither with the ``role`` head over role features (position relative to
the triggers, cue words from ``lang/<lang>/roles.yaml``, the mention's kind); trained on
ConfliBERT's source/target spans. Reported speech keeps the speaker: a mention followed
by "said"/"dijo"/"disse" scores as source. A sentence with no resolvable actor still
yields an event when the model is confident (its actor then has no country).
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from blocwatch.extract.actors import Actor
from blocwatch.extract.coder import COOPERATIVE, Draft, cue_window, has_cue, mode_of
from blocwatch.extract.components import Batch, Component, Resources, Unit, is_political, register
from blocwatch.extract.encoders import DEFAULT, get_encoder
from blocwatch.extract.features import role_features, sentence_features
from blocwatch.extract.heads import HeadSet, artifact_name
from blocwatch.extract.triggers import Trigger, lexicon

log = logging.getLogger(__name__)


@register
class EventModel(Component):
    """Encoder + trained heads: event or not, PLOVER type, quad class."""

    name = "event_model.v1"
    requires = "candidate sentences, actors, triggers"
    assigns = "event drafts: type, mode, contexts, negated, future, confidence"

    def __init__(self, resources: Resources, **config: Any) -> None:
        super().__init__(resources, **config)
        self.encoder_name = str(config.get("encoder") or DEFAULT)
        self.heads = HeadSet.load(self.encoder_name)
        value = config.get("threshold")
        self.threshold = float(value) if value is not None else float(self.heads.meta.get("threshold", 0.5))
        self.batch_size = int(config.get("batch_size", 128))
        self.offer_threshold = float(config.get("offer_threshold", 0.1))

    def artifacts(self) -> dict[str, str]:
        return {artifact_name(self.encoder_name): self.heads.sha256}

    def _encoder(self) -> Any:
        model = getattr(self, "_model_encoder", None)
        if model is None:
            model = get_encoder(self.encoder_name)
            self._model_encoder = model
        return model

    def features(self, units: list[Unit]) -> np.ndarray:
        """[embedding ; hand features] of the units."""
        if not units:
            return np.zeros((0, 0), dtype=np.float32)
        encoder = self._encoder()
        chunks = [
            encoder.encode([u.sentence.text for u in units[i : i + self.batch_size]])
            for i in range(0, len(units), self.batch_size)
        ]
        for unit in units:
            lex = lexicon(unit.lang)
            unit.hand = sentence_features(unit.sentence.text, unit.actors, unit.triggers, unit.tokens, lex)
        return np.hstack([np.vstack(chunks), np.stack([u.hand for u in units])])

    def __call__(self, batch: Batch) -> None:
        units = [u for u in batch.units if u.candidate]
        if not units:
            return
        matrix = self.features(units)
        p_event = self.heads["detect"].proba(matrix)[:, 1]
        p_type = self.heads["type"].proba(matrix)
        p_quad = self.heads["quad"].proba(matrix)
        types = self.heads["type"].classes
        for k, unit in enumerate(units):
            unit.probs = {"event": float(p_event[k]), "quad": p_quad[k]}
            if p_event[k] >= self.threshold:
                best = int(p_type[k].argmax())
                event_type = types[best]
                confidence = float(p_event[k] * p_type[k][best])
                unit.drafts.append(_draft(unit, event_type, confidence, [self.name]))
            elif p_event[k] >= self.offer_threshold and _offer(unit):
                # the manual's offer pattern ("willing and ready to develop cooperation"):
                # an intention followed by a cooperative action in the same clause is AGREE
                confidence = float(p_event[k] * p_type[k][types.index("AGREE")])
                unit.drafts.append(_draft(unit, "AGREE", confidence, [self.name, "offer_rule.v1"]))


def _draft(unit: Unit, event_type: str, confidence: float, components: list[str]) -> Draft:
    """A draft with its flags, mode and contexts read from the cue lexicons."""
    lex = lexicon(unit.lang)
    tokens = unit.tokens
    main = _main_trigger(unit.triggers, event_type)
    head_start = main.start if main is not None else len(unit.sentence.text)
    before = cue_window(tokens, head_start, 0)
    negated = has_cue(lex.negations(tokens), before[-3:])
    future = has_cue(lex.futures(tokens), before) or bool(main is not None and main.intent)
    if not future and main is not None and lex.future_suffixes:
        head_tokens = [t for t in tokens if main.start <= t.start < main.end]
        future = bool(head_tokens) and lex.future_form(head_tokens[0].text)
    conditional = has_cue(lex.hypotheticals(tokens), [t for t in tokens if t.end <= head_start])
    # the PLOVER manual: future or conditional cooperation is an intention (AGREE);
    # a negated cooperative act is a rejection
    threat = future and main is not None and any(m.start >= main.end for m in lex.threat_conditions(tokens))
    if negated and main is not None and main.type in COOPERATIVE | {"AGREE"}:
        # "will not accept": the negation is absorbed into the rejection
        if event_type in COOPERATIVE | {"AGREE", "REJECT"}:
            event_type, negated = "REJECT", False
    elif threat:
        # "will withdraw its ambassador unless …": an action announced under a condition is a threat
        event_type = "THREATEN"
    elif (future or conditional) and event_type in COOPERATIVE:
        event_type = "AGREE"
    future = future or (conditional and event_type == "AGREE")
    words = [t.text for t in tokens if main is not None and main.start <= t.start and t.end <= main.end + 40]
    mode = (main.mode if main is not None and main.type == event_type else None) or mode_of(event_type, words)
    return Draft(
        event_type=event_type,
        mode=mode,
        actor=Actor(text="", start=0, end=0),
        recipient=None,
        negated=negated,
        future=future,
        contexts=lex.contexts(unit.sentence.text, tokens=tokens),
        confidence=confidence,
        trigger=main,
        components=components,
    )


def _offer(unit: Unit) -> bool:
    """An intention trigger followed, within a few words and no clause break, by a cooperative one."""
    for first, second in zip(unit.triggers, unit.triggers[1:], strict=False):
        gap = unit.sentence.text[first.end : second.start]
        if first.intent and second.type in COOPERATIVE and len(gap.split()) <= 5 and not set(gap) & set(";:.!?"):
            return True
    return False


def _main_trigger(triggers: list[Trigger], event_type: str) -> Trigger | None:
    same = [t for t in triggers if t.type == event_type]
    if same:
        return same[0]
    return triggers[0] if triggers else None


@register
class Roles(Component):
    """Actor and recipient of each draft from the learned role head."""

    name = "roles.v1"
    requires = "event drafts, actors, triggers"
    assigns = "actor and recipient of each event"

    def __init__(self, resources: Resources, **config: Any) -> None:
        super().__init__(resources, **config)
        self.encoder_name = str(config.get("encoder") or DEFAULT)
        self.heads = HeadSet.load(self.encoder_name)
        self.min_target = float(config.get("min_target", 0.2))

    def artifacts(self) -> dict[str, str]:
        return {artifact_name(self.encoder_name): self.heads.sha256}

    def __call__(self, batch: Batch) -> None:
        head = self.heads["role"]
        for unit in batch.units:
            if not unit.drafts:
                continue
            actors = [a for a in unit.actors if a.id is not None]
            if not actors:
                for draft in unit.drafts:
                    draft.components.append(self.name)
                continue
            probs = head.proba(role_features(actors, unit.triggers, unit.tokens, unit.lang, unit.sentence.text))
            source_col, target_col = head.classes.index("S"), head.classes.index("T")
            political = [j for j, a in enumerate(actors) if is_political(a)]
            pool = political or list(range(len(actors)))
            for draft in unit.drafts:
                # the actor of a political event is a political actor when one is named
                k = max(pool, key=lambda j: probs[j, source_col])
                draft.actor = actors[k]
                others = [j for j in range(len(actors)) if actors[j].id != actors[k].id]
                if others:
                    j = max(others, key=lambda j: probs[j, target_col])
                    if probs[j, target_col] >= self.min_target:
                        draft.recipient = actors[j]
                draft.components.append(self.name)
