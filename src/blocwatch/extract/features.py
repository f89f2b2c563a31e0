"""Hand-made features that the learned heads read beside the sentence embedding.

The trigger lexicons and the actor index no longer decide alone: what they find becomes
features, and the weights are learned (``scripts/train_event_models.py``). The same
functions build the features at training and at run time, so the two cannot drift.

* :func:`sentence_features` — one row per sentence: which PLOVER trigger types occur,
  negation/future/hypothetical cues, what kinds of actors were resolved, the shape of the
  text (length, digits), and the type the rules coder (``plover_rules.v1`` without parse)
  would give — the rules as features, weighted by the heads, never deciding alone. :data:`SENTENCE_FEATURES` names the columns.
* :func:`role_features` — one row per actor mention: where it stands relative to the
  triggers and the other mentions, the cue words around it (per-language data files
  ``lang/<lang>/roles.yaml``), what it is. :data:`ROLE_FEATURES` names the columns.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np
import yaml

from blocwatch.errors import E, ExtractError
from blocwatch.extract.actors import Actor
from blocwatch.extract.lexicon import Token, fold
from blocwatch.extract.plover import EVENT_TYPES
from blocwatch.extract.triggers import Trigger, TriggerLexicon

LANGS = ("en", "es", "pt")
_SECTORS = ("GOV", "MIL", "POL", "JUD", "LEG", "OPP", "REB", "CVL", "IGO", "BUS", "MED", "NGO")
_DIGIT = re.compile(r"\d")

SENTENCE_FEATURES: tuple[str, ...] = (
    *(f"trig_{t}" for t in EVENT_TYPES),
    "trig_any",
    "trig_intent",
    "trig_count",
    "neg_cue",
    "future_cue",
    "hypothetical_cue",
    "actors_any",
    "actors_two_named",
    "actor_state",
    "actor_org",
    "actor_person",
    "actor_sector_only",
    *(f"sector_{s}" for s in _SECTORS),
    "tokens_log",
    "digit_share",
    "quote",
    "question",
    *(f"rule_{t}" for t in EVENT_TYPES),
)

ROLE_FEATURES: tuple[str, ...] = (
    "bias",
    "first_mention",
    "last_mention",
    "only_mention",
    "sentence_start",
    "position",
    "before_trigger",
    "after_trigger",
    "no_trigger",
    "near_trigger",
    "agent_cue_before",
    "target_cue_before",
    "speech_after",
    "speech_before",
    "passive_after",
    "named",
    "state",
    "org",
    "person",
    "sector_only",
    *(f"sector_{s}" for s in _SECTORS),
    "mentions_before",
    "mentions_after",
    "nearest_before_trigger",
    "nearest_after_trigger",
    "before_first_comma",
    "passive_clause",
    "agent_in_passive",
    "patient_in_passive",
)


@functools.lru_cache(maxsize=8)
def role_cues(lang: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The role cue phrases of a language, folded and split into words."""
    name = lang if lang in LANGS else "en"
    path = resources.files("blocwatch.extract").joinpath("lang", name, "roles.yaml")
    try:
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ExtractError(E.BW400, f"cannot read the role cues: {exc}", where=str(path)) from exc
    return {
        key: tuple(tuple(fold(str(p)).split()) for p in value) for key, value in data.items() if isinstance(value, list)
    }


def _words(tokens: Sequence[Token]) -> list[str]:
    return [t.text for t in tokens]


def _ends_with(words: Sequence[str], phrases: Sequence[tuple[str, ...]]) -> bool:
    return any(len(p) <= len(words) and tuple(words[len(words) - len(p) :]) == p for p in phrases if p)


def _near_end(words: Sequence[str], phrases: Sequence[tuple[str, ...]], *, skip: int = 2) -> bool:
    """A phrase ends at one of the last ``skip + 1`` words ("with all the …")."""
    return any(_ends_with(words[: len(words) - i], phrases) for i in range(min(skip, len(words) - 1) + 1))


def _starts_with(words: Sequence[str], phrases: Sequence[tuple[str, ...]]) -> bool:
    return any(len(p) <= len(words) and tuple(words[: len(p)]) == p for p in phrases if p)


def sentence_features(
    text: str,
    actors: Sequence[Actor],
    triggers: Sequence[Trigger],
    tokens: Sequence[Token],
    lex: TriggerLexicon,
) -> np.ndarray:
    """The hand features of one sentence, in :data:`SENTENCE_FEATURES` order."""
    row: dict[str, float] = {}
    for trig in triggers:
        row[f"trig_{trig.type}"] = 1.0
        if trig.intent:
            row["trig_intent"] = 1.0
    row["trig_any"] = float(bool(triggers))
    row["trig_count"] = min(len(triggers), 4) / 4
    token_list = list(tokens)
    row["neg_cue"] = float(bool(lex.negations(token_list)))
    row["future_cue"] = float(bool(lex.futures(token_list)) or any(lex.future_form(t.text) for t in token_list))
    row["hypothetical_cue"] = float(bool(lex.hypotheticals(token_list)))
    named = {a.id for a in actors if a.is_named}
    row["actors_any"] = float(bool(actors))
    row["actors_two_named"] = float(len(named) >= 2)
    for actor in actors:
        if actor.country and not actor.org and not actor.person:
            row["actor_state"] = 1.0
        if actor.org:
            row["actor_org"] = 1.0
        if actor.person:
            row["actor_person"] = 1.0
        if not actor.is_named:
            row["actor_sector_only"] = 1.0
        if actor.sector in _SECTORS:
            row[f"sector_{actor.sector}"] = 1.0
    row["tokens_log"] = min(np.log1p(len(token_list)) / 5.0, 1.5)
    row["digit_share"] = len(_DIGIT.findall(text)) / max(len(text), 1) * 5
    row["quote"] = float(any(q in text for q in ('"', "“", "”", "«")))
    row["question"] = float(text.rstrip().endswith("?"))
    # the rules coder's reading of the sentence, as features (stacking): its top type
    from blocwatch.extract.coder import code_sentence

    drafts = code_sentence(text, actors, triggers, token_list, lex) if actors and triggers else []
    if drafts:
        row[f"rule_{max(drafts, key=lambda d: d.confidence).event_type}"] = 2.0
    return np.array([row.get(name, 0.0) for name in SENTENCE_FEATURES], dtype=np.float32)


def role_features(
    actors: Sequence[Actor],
    triggers: Sequence[Trigger],
    tokens: Sequence[Token],
    lang: str,
    text: str,
) -> np.ndarray:
    """One row of role features per actor mention, in :data:`ROLE_FEATURES` order."""
    length = len(text)
    cues = role_cues(lang)
    out = np.zeros((len(actors), len(ROLE_FEATURES)), dtype=np.float32)
    index = {name: i for i, name in enumerate(ROLE_FEATURES)}
    first = triggers[0] if triggers else None
    before_first = [k for k, a in enumerate(actors) if first is not None and a.end <= first.start]
    after_first = [k for k, a in enumerate(actors) if first is not None and a.start >= first.end]
    nearest_before = before_first[-1] if before_first else None
    nearest_after = after_first[0] if after_first else None
    comma = text.find(",") if "," in text else None
    passive = False
    if first is not None:
        ahead = _words([t for t in tokens if t.end <= first.start][-2:])
        passive = any(_ends_with(ahead[: i + 1], cues.get("passive", ())) for i in range(len(ahead)))
    for k, actor in enumerate(actors):
        row = out[k]
        row[index["bias"]] = 1.0
        row[index["first_mention"]] = float(k == 0)
        row[index["last_mention"]] = float(k == len(actors) - 1)
        row[index["only_mention"]] = float(len(actors) == 1)
        row[index["sentence_start"]] = float(actor.start <= 3)
        row[index["position"]] = actor.start / max(length, 1)
        before = [t for t in triggers if t.end <= actor.start]
        after = [t for t in triggers if t.start >= actor.end]
        row[index["before_trigger"]] = float(bool(after))
        row[index["after_trigger"]] = float(bool(before))
        row[index["no_trigger"]] = float(not triggers)
        left = _words([t for t in tokens if t.end <= actor.start][-3:])
        right = _words([t for t in tokens if t.start >= actor.end][:3])
        near = [t for t in triggers if abs(t.start - actor.end) < 40 or abs(actor.start - t.end) < 40]
        row[index["near_trigger"]] = float(bool(near))
        row[index["agent_cue_before"]] = float(_near_end(left, cues.get("agent_before", ())))
        row[index["target_cue_before"]] = float(_near_end(left, cues.get("target_before", ())))
        row[index["speech_after"]] = float(_starts_with(right, cues.get("speech_after", ())))
        row[index["speech_before"]] = float(_ends_with(left, cues.get("speech_before", ())))
        row[index["passive_after"]] = float(_starts_with(right, cues.get("passive", ())))
        row[index["named"]] = float(actor.is_named)
        row[index["state"]] = float(bool(actor.country) and not actor.org and not actor.person)
        row[index["org"]] = float(bool(actor.org))
        row[index["person"]] = float(bool(actor.person))
        row[index["sector_only"]] = float(not actor.is_named)
        if actor.sector in _SECTORS:
            row[index[f"sector_{actor.sector}"]] = 1.0
        row[index["mentions_before"]] = min(k, 3) / 3
        row[index["mentions_after"]] = min(len(actors) - 1 - k, 3) / 3
        row[index["nearest_before_trigger"]] = float(k == nearest_before)
        row[index["nearest_after_trigger"]] = float(k == nearest_after)
        row[index["before_first_comma"]] = float(
            comma is not None and actor.end <= comma and first is not None and first.start > comma
        )
        row[index["passive_clause"]] = float(passive)
        row[index["agent_in_passive"]] = float(passive and bool(row[index["agent_cue_before"]]) and k in after_first)
        row[index["patient_in_passive"]] = float(passive and k in before_first)
    return out
