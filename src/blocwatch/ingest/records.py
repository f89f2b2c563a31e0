"""The records that flow through ingestion: what a reader yields and what is stored.

A reader yields :class:`RawRecord` (text or HTML with whatever metadata the input had) or
:class:`Quarantined` (something it could not read, and why). Normalization turns a raw
record into an :class:`Article`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from blocwatch.errors import Code

#: Languages an article can be labelled with.
LANGS: tuple[str, ...] = ("en", "es", "pt", "other")


@dataclass(frozen=True)
class RawRecord:
    """One story as a reader found it. Exactly one of ``text`` and ``html`` is set."""

    location: str
    reader: str
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | dt.date | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Quarantined:
    """A record or file set aside: where, which error code, why, and the start of it."""

    location: str
    code: Code
    reason: str
    reader: str
    snippet: str = ""

    def __str__(self) -> str:
        return f"[{self.code.id}] {self.reason} (at {self.location})"


@dataclass(frozen=True)
class Article:
    """A normalized article, ready to store (the ``articles`` row, plus its source)."""

    id: str
    fingerprint: str
    title: str | None
    text: str
    lang: str
    published: dt.date | None
    published_source: str
    url: str | None
    outlet: str | None
    reader: str
    location: str


def snippet_of(data: bytes | str, limit: int = 200) -> str:
    """A short printable excerpt of ``data`` for the quarantine table."""
    if isinstance(data, bytes):
        data = data[: limit * 4].decode("utf-8", errors="replace")
    cleaned = "".join(ch if ch.isprintable() or ch in "\n\t" else "\ufffd" for ch in data[:limit])
    return cleaned


_SURROGATES = re.compile("[\ud800-\udfff]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def storable(text: str) -> str:
    """``text`` as valid UTF-8: the undecodable bytes of a file name (``surrogateescape``)
    become ``\\xff``, other lone surrogates ``\\udxxx`` (backslash escapes)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub(_escape_surrogate, text)
    return text


def _escape_control(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if 0xD800 <= code <= 0xDFFF:
        return _escape_surrogate(match)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` safe to print on a terminal or in a log: control characters (ANSI escapes,
    carriage returns, bidi overrides) and lone surrogates shown as backslash escapes."""
    return _UNPRINTABLE.sub(_escape_control, text)
