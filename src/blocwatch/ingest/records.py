"""The records that flow through ingestion: what a reader yields and what is stored.

A reader yields :class:`RawRecord` (text or HTML with whatever metadata the input had) or
:class:`Quarantined` (something it could not read, and why). Normalization turns a raw
record into an :class:`Article`.
"""

from __future__ import annotations

import datetime as dt
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
