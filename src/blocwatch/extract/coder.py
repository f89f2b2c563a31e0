"""PLOVER event coding of one sentence (component ``plover_rules.v1``).

Input: the sentence, its actors (``actors.v1``), its triggers (lexicon), and optionally
a dependency parse (``en_parse.v1``) and the sentence-class probabilities of the learned
classifier (``quad_clf.v1``). Output: zero or more event drafts.

Rules, following the PLOVER manual:

* Triggers close together form one chain ("willing and ready to develop … cooperation");
  an offer or intention followed by a cooperative action is AGREE, followed by force it
  is THREATEN; otherwise the first trigger gives the type.
* Cooperative actions in the future tense or under a condition are AGREE (the manual:
  "All cooperative actions reported in future tense are also taken to imply intentions").
* The actor is the grammatical subject when a parse is available, else the nearest actor
  before the trigger; the recipient is an actor below the trigger's verb, else the first
  actor after it.
* When the classifier is confident that the sentence belongs to another quad category
  and the chain holds a trigger of that category, that trigger's type wins.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from blocwatch.extract import parse as parse_mod
from blocwatch.extract.actors import Actor
from blocwatch.extract.lexicon import Token, fold, load_data
from blocwatch.extract.plover import QUAD
from blocwatch.extract.triggers import Trigger, TriggerLexicon

COMPONENT = "plover_rules.v1"

COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
FORCE = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "SANCTION"})
_CLASS_OF_QUAD = {
    "VERBAL_COOPERATION": 1,
    "MATERIAL_COOPERATION": 2,
    "VERBAL_CONFLICT": 3,
    "MATERIAL_CONFLICT": 4,
}
_CLAUSE_BREAK = set(';:.!?"“”')
_CHAIN_GAP_TOKENS = 5
_CUE_WINDOW = 6


@dataclass
class Draft:
    """An event before it gets its document fields."""

    event_type: str
    mode: str | None
    actor: Actor
    recipient: Actor | None
    negated: bool
    future: bool
    contexts: list[str]
    confidence: float
    trigger: Trigger | None
    components: list[str] = field(default_factory=list)


def class_of(event_type: str) -> int:
    """The ConfliBERT sentence class of a PLOVER type (REQUEST counts as 0, an appeal)."""
    if event_type == "REQUEST":
        return 0
    return _CLASS_OF_QUAD[QUAD[event_type]]


def _chains(sentence: str, triggers: Sequence[Trigger], tokens: Sequence[Token]) -> list[list[Trigger]]:
    chains: list[list[Trigger]] = []
    for trig in triggers:
        if chains:
            last = chains[-1][-1]
            between = [t for t in tokens if t.start >= last.end and t.end <= trig.start]
            gap_text = sentence[last.end : trig.start]
            if len(between) <= _CHAIN_GAP_TOKENS and not (_CLAUSE_BREAK & set(gap_text)) and ", " not in gap_text:
                chains[-1].append(trig)
                continue
        chains.append([trig])
    return chains


def _chain_type(chain: list[Trigger], probs: Any) -> tuple[str, str | None, Trigger, bool]:
    """Type, mode, main trigger, and whether the chain expresses an intention."""
    head = chain[0]
    if head.intent:
        action = next((t for t in chain[1:] if not t.intent), None)
        if action is not None and action.type in FORCE | {"THREATEN"}:
            return "THREATEN", None, head, True
        return "AGREE", None, head, action is not None
    chosen = head
    if probs is not None and len(chain) > 1:
        best_class = int(probs.argmax())
        if probs[best_class] >= 0.6 and class_of(head.type) != best_class:
            alt = next((t for t in chain[1:] if class_of(t.type) == best_class), None)
            if alt is not None:
                chosen = alt
    return chosen.type, chosen.mode, chosen, False


@functools.lru_cache(maxsize=1)
def _modes() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    data: dict[str, dict[str, list[str]]] = load_data("modes.yaml")
    return {
        kind: [(mode, tuple(fold(str(s)) for s in stems)) for mode, stems in by_mode.items()]
        for kind, by_mode in data.items()
    }


def mode_of(event_type: str, words: Sequence[str]) -> str | None:
    """The PLOVER mode of an event from the (folded) words of its trigger chain, if any."""
    for mode, stems in _modes().get(event_type, ()):
        if any(word.startswith(stems) for word in words):
            return mode
    return None


def cue_window(tokens: Sequence[Token], start: int, floor: int) -> list[Token]:
    """The last few tokens before ``start`` (not before ``floor``): where cues of a trigger stand."""
    before = [t for t in tokens if floor <= t.start and t.end <= start]
    return before[-_CUE_WINDOW:]


def has_cue(matches: Sequence[Any], window: Sequence[Token]) -> bool:
    """Whether a cue match lies inside the window of tokens."""
    if not window:
        return False
    lo, hi = window[0].start, window[-1].end
    return any(lo <= m.start and m.end <= hi for m in matches)


def _pick(actors: Sequence[Actor], *, named_first: bool = True) -> Actor | None:
    if not actors:
        return None
    if named_first:
        named = [a for a in actors if a.is_named]
        if named:
            return named[0]
    return actors[0]


_PASSIVE_AUX = frozenset({"was", "were", "been", "being", "fue", "fueron", "sido", "foi", "foram"})
_AGENT = re.compile(r"\b(by|por|pelo|pela|pelos|pelas)\s+(the |el |la |los |las |o |a |os |as |un |una |unos |unas )?$")


def _passive(
    sentence: str, actors: Sequence[Actor], tokens: Sequence[Token], head: Trigger, limit: int
) -> tuple[Actor, Actor | None] | None:
    """Actor and recipient of a passive clause ("X fue asesinado por Y"), without a parse."""
    before = [t for t in tokens if t.end <= head.start][-2:]
    if not any(t.text in _PASSIVE_AUX for t in before):
        return None
    for candidate in actors:
        if head.end <= candidate.start < limit and _AGENT.search(fold(sentence[head.end : candidate.start])):
            patients = [a for a in actors if a.end <= head.start]
            return candidate, (patients[-1] if patients else None)
    return None


_LOCATIVE = re.compile(r"\b(in|at|em|en|no|na|nos|nas)\s+$")


def _locative(sentence: str, actor: Actor) -> bool:
    """A capital or region after "in"/"en"/"em" is where something happened, not a recipient."""
    if actor.kinds - {"capital", "region"}:
        return False
    return bool(_LOCATIVE.search(fold(sentence[max(0, actor.start - 6) : actor.start])))


def code_sentence(
    sentence: str,
    actors: Sequence[Actor],
    triggers: Sequence[Trigger],
    tokens: Sequence[Token],
    lex: TriggerLexicon,
    *,
    doc: Any = None,
    probs: Any = None,
    parse_component: str | None = None,
) -> list[Draft]:
    """Event drafts of one sentence (offsets of actors and triggers relative to it)."""
    actors = [a for a in actors if a.id is not None]
    if not actors or not triggers:
        return []
    negations = lex.negations(list(tokens))
    futures = lex.futures(list(tokens))
    hypotheticals = lex.hypotheticals(list(tokens))
    threats = lex.threat_conditions(list(tokens))
    contexts = lex.contexts(sentence, tokens=list(tokens))
    chains = _chains(sentence, triggers, tokens)
    drafts: list[Draft] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    previous_end = 0
    for number, chain in enumerate(chains):
        next_start = chains[number + 1][0].start if number + 1 < len(chains) else len(sentence)
        event_type, mode, main, intention = _chain_type(chain, probs)
        head = chain[0]
        window = cue_window(tokens, head.start, previous_end)
        previous_end = chain[-1].end
        negated = has_cue(negations, window[-3:])
        future = intention or has_cue(futures, window)
        conditional = has_cue(hypotheticals, [t for t in tokens if t.end <= head.start])
        if not future and lex.future_suffixes:
            head_tokens = [t for t in tokens if head.start <= t.start < head.end]
            future = bool(head_tokens) and lex.future_form(head_tokens[0].text)
        components = [COMPONENT]
        actor: Actor | None = None
        recipient: Actor | None = None
        roles = parse_mod.roles(doc, main.start, main.end) if doc is not None else None
        if roles is not None:
            if parse_component:
                components.insert(0, parse_component)
            negated = negated or roles.negated
            future = future or roles.future
            if roles.subject is not None:
                s, e = roles.subject
                actor = _pick([a for a in actors if a.start < e and s < a.end])
            if roles.patient is not None:
                s, e = roles.patient
                recipient = _pick([a for a in actors if a.start < e and s < a.end and a is not actor])
            below = [a for a in actors if a.start >= head.start and parse_mod.overlapping(roles.below, a.start, a.end)]
            recipient = recipient or _pick([a for a in below if actor is None or a.id != actor.id])
        if actor is None and roles is None:
            actor, recipient = _passive(sentence, actors, tokens, head, next_start) or (None, recipient)
        if actor is None:
            before = [a for a in actors if a.end <= head.start]
            named = [a for a in before if a.is_named]
            pool = named or before
            actor = pool[-1] if pool else None
            if actor is None:
                # verb-first clauses and headlines ("Liberaron los indígenas a …"): the first actor after
                after = [a for a in actors if a.start >= chain[-1].end and a.start < next_start]
                actor = after[0] if after else None
        if actor is None:
            continue
        if recipient is None:
            after = [a for a in actors if chain[-1].end <= a.start < next_start or head.end <= a.start < next_start]
            candidates = [a for a in after if a.id != actor.id and a is not actor and not _locative(sentence, a)]
            recipient = _pick(candidates)
        if negated and event_type in COOPERATIVE | {"AGREE"}:
            # "will not accept", "failed to reach agreement": a rejection (CAMEO 12x)
            event_type, mode, negated = "REJECT", None, False
        elif future and any(m.start >= head.end for m in threats):
            # "will withdraw its force unless …", "must drop barriers or face penalties"
            event_type, mode = "THREATEN", None
        elif (future or conditional) and event_type in COOPERATIVE:
            event_type, mode = "AGREE", None
        future = future or (conditional and event_type == "AGREE")
        if mode is None:
            chain_words = [t.text for t in tokens if head.start <= t.start and t.end <= chain[-1].end]
            mode = mode_of(event_type, chain_words)
        key = (event_type, actor.id, recipient.id if recipient else None)
        if key in seen:
            continue
        seen.add(key)
        confidence = 0.55 + (0.15 if roles is not None and roles.subject is not None else 0.0)
        confidence += 0.1 if recipient is not None else 0.0
        if probs is not None:
            components.append("quad_clf.v1")
            cls = class_of(event_type)
            agree = float(probs[cls]) if cls else float(max(probs[0], probs[3]))
            confidence = 0.5 * confidence + 0.5 * agree
        drafts.append(
            Draft(
                event_type=event_type,
                mode=mode,
                actor=actor,
                recipient=recipient,
                negated=negated,
                future=future,
                contexts=contexts,
                confidence=min(confidence, 0.99),
                trigger=main,
                components=components,
            )
        )
    return drafts
