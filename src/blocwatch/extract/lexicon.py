"""Word-boundary phrase matching over case- and accent-folded text.

``fold`` maps each character to one character, so offsets in the folded text are
offsets in the original. :class:`PhraseMatcher` finds the leftmost-longest
non-overlapping occurrences of word patterns, where a word ending in ``*`` matches any
word that starts with it and English verbs written ``agree~`` expand to their forms.

    >>> m = PhraseMatcher([("call~ for", "REQUEST"), ("cooperat*", "COOPERATE")])
    >>> [(x.start, x.end, x.payload) for x in m.find("They called for cooperation.")]
    [(5, 15, 'REQUEST'), (16, 27, 'COOPERATE')]
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Generic, TypeVar

import yaml

from blocwatch.errors import DataError, E

T = TypeVar("T")

_WORD = re.compile(r"[\w][\w'’\-]*[\w]|[\w]", re.UNICODE)


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0].casefold()
    return base if len(base) == 1 else ch


# Accented Latin letters (Latin-1 Supplement, Latin Extended-A/B) to their base letter.
_TABLE = {code: _fold_char(chr(code)) for code in range(0xC0, 0x250) if _fold_char(chr(code)) != chr(code).lower()}


def fold(text: str) -> str:
    """Lower-case and strip accents, keeping the length (one character per character)."""
    low = text.lower().translate(_TABLE)
    if len(low) == len(text) and low.isascii():
        return low
    return "".join(_fold_char(ch) for ch in text)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str  # folded


def tokenize(folded: str) -> list[Token]:
    """Word tokens of folded text with their offsets."""
    return [Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]


_IRREGULAR = {
    "meet": ["meets", "met", "meeting"],
    "hold": ["holds", "held", "holding"],
    "seek": ["seeks", "sought", "seeking"],
    "shoot": ["shoots", "shot", "shooting"],
    "fight": ["fights", "fought", "fighting"],
    "strike": ["strikes", "struck", "striking"],
    "break": ["breaks", "broke", "breaking"],
    "freeze": ["freezes", "froze", "freezing"],
    "give": ["gives", "gave", "giving"],
    "speak": ["speaks", "spoke", "speaking"],
    "send": ["sends", "sent", "sending"],
    "lead": ["leads", "led", "leading"],
    "cut": ["cuts", "cut", "cutting"],
    "put": ["puts", "put", "putting"],
    "set": ["sets", "set", "setting"],
    "say": ["says", "said", "saying"],
    "take": ["takes", "took", "taken", "taking"],
    "withdraw": ["withdraws", "withdrew", "withdrawn", "withdrawing"],
    "arrive": ["arrives", "arrived", "arriving"],
    "shut": ["shuts", "shut", "shutting"],
    "stand": ["stands", "stood", "standing"],
    "step": ["steps", "stepped", "stepping"],
    "ban": ["bans", "banned", "banning"],
    "plan": ["plans", "planned", "planning"],
    "commit": ["commits", "committed", "committing"],
    "rebuff": ["rebuffs", "rebuffed", "rebuffing"],
    "shell": ["shells", "shelled", "shelling"],
    "expel": ["expels", "expelled", "expelling"],
    "pull": ["pulls", "pulled", "pulling"],
}


def inflect(verb: str) -> list[str]:
    """Forms of an English verb: base, -s, -ed, -ing (regular rules and a short list of irregulars)."""
    if verb in _IRREGULAR:
        return [verb, *_IRREGULAR[verb]]
    if verb.endswith(("ee", "ye", "oe")):
        return [verb, verb + "s", verb + "d", verb + "ing"]
    if verb.endswith("e"):
        return [verb, verb + "s", verb + "d", verb[:-1] + "ing"]
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return [verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"]
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return [verb, verb + "es", verb + "ed", verb + "ing"]
    return [verb, verb + "s", verb + "ed", verb + "ing"]


def expand(pattern: str) -> list[str]:
    """A lexicon pattern as the literal patterns it stands for (``~`` verbs inflected)."""
    words = pattern.split()
    if words and words[0].endswith("~"):
        return [" ".join([form, *words[1:]]) for form in inflect(words[0][:-1])]
    return [pattern]


@dataclass(frozen=True)
class Match(Generic[T]):
    start: int
    end: int
    payload: T
    pattern: str


class PhraseMatcher(Generic[T]):
    """Leftmost-longest matching of word patterns (exact words or ``prefix*``) over folded text."""

    def __init__(self, patterns: Iterable[tuple[str, T]]) -> None:
        self._exact: dict[str, list[tuple[list[str], T, str]]] = {}
        self._prefix: dict[str, list[tuple[list[str], T, str]]] = {}
        self._max_prefix = 0
        for raw, payload in patterns:
            for literal in expand(raw):
                words = _star_tokens(literal)
                if not words:
                    continue
                entry = (words[1:], payload, raw)
                first = words[0]
                if first.endswith("*"):
                    stem = first[:-1]
                    self._prefix.setdefault(stem, []).append(entry)
                    self._max_prefix = max(self._max_prefix, len(stem))
                else:
                    self._exact.setdefault(first, []).append(entry)

    def find(self, text: str, *, folded: str | None = None, tokens: Sequence[Token] | None = None) -> list[Match[T]]:
        """Non-overlapping matches, leftmost first, longest at each start."""
        if tokens is None:
            tokens = tokenize(folded if folded is not None else fold(text))
        out: list[Match[T]] = []
        i = 0
        n = len(tokens)
        while i < n:
            best: tuple[int, T, str] | None = None
            word = tokens[i].text
            candidates = list(self._exact.get(word, ()))
            for k in range(min(len(word), self._max_prefix), 1, -1):
                candidates.extend(self._prefix.get(word[:k], ()))
            for rest, payload, raw in candidates:
                j = _match_rest(tokens, i + 1, rest)
                if j is not None and (best is None or j > best[0]):
                    best = (j, payload, raw)
            if best is None:
                i += 1
                continue
            j, payload, raw = best
            out.append(Match(tokens[i].start, tokens[j - 1].end, payload, raw))
            i = j
        return out


def _star_tokens(literal: str) -> list[str]:
    out = []
    for part in literal.split():
        star = part.endswith("*")
        words = [t.text for t in tokenize(fold(part.rstrip("*")))]
        if star and words:
            words[-1] += "*"
        out.extend(words)
    return out


def _match_rest(tokens: Sequence[Token], i: int, rest: Sequence[str]) -> int | None:
    for k, want in enumerate(rest):
        if i + k >= len(tokens):
            return None
        got = tokens[i + k].text
        if want.endswith("*"):
            if not got.startswith(want[:-1]):
                return None
        elif got != want:
            return None
    return i + len(rest)


@functools.lru_cache(maxsize=32)
def load_data(name: str) -> Any:
    """A YAML data file bundled in ``blocwatch/extract/data`` (cached)."""
    path = resources.files("blocwatch.extract").joinpath("data", name)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(
            E.BW400, f"cannot read extraction data file: {exc}", where=f"blocwatch/extract/data/{name}"
        ) from exc
