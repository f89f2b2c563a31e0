"""Sentence splitting with character offsets (component ``sentences.v1``).

A rule splitter for news text in en/es/pt: sentences end at ``.``, ``!`` or ``?``
(optionally followed by closing quotes or brackets) before an upper-case letter, a digit
or an opening quote, and at blank lines; common abbreviations ("Mr.", "U.S.", "Gen.",
"Sr.", "Dra.") and initials do not end a sentence.

    >>> [s.text for s in split_sentences("Mr. Lavrov spoke. Mexico agreed.")]
    ['Mr. Lavrov spoke.', 'Mexico agreed.']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

COMPONENT = "sentences.v1"

_END = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+(?=[\"'“‘«(\[¿¡]?[A-ZÁÉÍÓÚÑÂÊÔÃÕÇÀ0-9])|\n\s*\n")
_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "st",
        "jr",
        "sr",
        "sra",
        "srta",
        "dra",
        "lic",
        "ing",
        "no",
        "nos",
        "vol",
        "pp",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "ee.uu",
        "u.s.a",
        "approx",
        "est",
        "vs",
        "etc",
        "al",
        "fig",
    ]
)


@dataclass(frozen=True)
class Sentence:
    """A sentence: its index in the document, text and character offsets."""

    index: int
    start: int
    end: int
    text: str


def _is_abbreviation(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Smith"
    return word in _ABBREV


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets into ``text`` (whitespace trimmed)."""
    return list(_iter_sentences(text))


def _iter_sentences(text: str) -> Iterator[Sentence]:
    start = 0
    index = 0
    for match in _END.finditer(text):
        if match.group().startswith(".") and _is_abbreviation(text, match.start()):
            continue
        end = match.end()
        piece = _trimmed(text, start, end)
        if piece is not None:
            yield Sentence(index, *piece)
            index += 1
        start = end
    piece = _trimmed(text, start, len(text))
    if piece is not None:
        yield Sentence(index, *piece)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return None
    return start, end, text[start:end]
