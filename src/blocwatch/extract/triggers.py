"""Trigger lexicons: words that signal a PLOVER event, with negation, future and
context cues, per language (en, es, pt), from ``data/triggers_*.yaml`` and
``data/contexts.yaml``.

    >>> [t.type for t in lexicon("en").triggers("Russia urged Ukraine to negotiate.")]
    ['REQUEST', 'CONSULT']
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from blocwatch.extract.lexicon import Match, PhraseMatcher, Token, fold, load_data, tokenize

LANGS = ("en", "es", "pt")


@dataclass(frozen=True)
class TriggerInfo:
    type: str
    mode: str | None
    intent: bool


@dataclass(frozen=True)
class Trigger:
    """A trigger found in a sentence: character span, PLOVER type and mode."""

    start: int
    end: int
    type: str
    mode: str | None
    intent: bool
    pattern: str


class TriggerLexicon:
    """The trigger, negation, future and context lexicon of one language."""

    def __init__(self, lang: str) -> None:
        data = load_data(f"triggers_{lang}.yaml")
        self.lang = lang
        entries: list[tuple[str, TriggerInfo]] = []
        for block in data["triggers"]:
            info = TriggerInfo(block["type"], block.get("mode"), bool(block.get("intent", False)))
            entries.extend((str(pattern), info) for pattern in block["patterns"])
        self._triggers: PhraseMatcher[TriggerInfo] = PhraseMatcher(entries)
        self._negation = PhraseMatcher((str(w), True) for w in data.get("negation", []))
        self._future = PhraseMatcher((str(w), True) for w in data.get("future", []))
        self._hypothetical = PhraseMatcher((str(w), True) for w in data.get("hypothetical", []))
        self._threat = PhraseMatcher((str(w), True) for w in data.get("threat_conditions", []))
        self.future_suffixes = tuple(fold(s) for s in data.get("future_suffixes", []))
        contexts: dict[str, dict[str, list[str]]] = load_data("contexts.yaml")
        self._contexts: PhraseMatcher[str] = PhraseMatcher(
            (str(word), name) for name, by_lang in contexts.items() for word in by_lang.get(lang, [])
        )

    def triggers(self, text: str, *, tokens: list[Token] | None = None) -> list[Trigger]:
        """Triggers in ``text``, leftmost-longest."""
        found = self._triggers.find(text, tokens=tokens)
        return [Trigger(m.start, m.end, m.payload.type, m.payload.mode, m.payload.intent, m.pattern) for m in found]

    def negations(self, tokens: list[Token]) -> list[Match[bool]]:
        out = self._negation.find("", tokens=tokens)
        out.extend(Match(t.start, t.end, True, "n't") for t in tokens if t.text.endswith(("n't", "n’t")))
        return out

    def futures(self, tokens: list[Token]) -> list[Match[bool]]:
        return self._future.find("", tokens=tokens)

    def hypotheticals(self, tokens: list[Token]) -> list[Match[bool]]:
        return self._hypothetical.find("", tokens=tokens)

    def threat_conditions(self, tokens: list[Token]) -> list[Match[bool]]:
        """Conditions that make an announced action a threat ("… unless", "… or face")."""
        return self._threat.find("", tokens=tokens)

    def contexts(self, text: str, *, tokens: list[Token] | None = None) -> list[str]:
        """PLOVER contexts whose keywords occur in ``text``, in order of first mention."""
        seen: list[str] = []
        for match in self._contexts.find(text, tokens=tokens):
            if match.payload not in seen:
                seen.append(match.payload)
        return seen

    def future_form(self, word: str) -> bool:
        """True when a Spanish/Portuguese verb form is future or conditional (``establecerá``)."""
        return bool(self.future_suffixes) and len(word) > 5 and fold(word).endswith(self.future_suffixes)


@functools.lru_cache(maxsize=8)
def lexicon(lang: str) -> TriggerLexicon:
    """The lexicon of a language (en, es, pt; anything else falls back to English)."""
    return TriggerLexicon(lang if lang in LANGS else "en")


def folded_tokens(text: str) -> tuple[str, list[Token]]:
    low = fold(text)
    return low, tokenize(low)
