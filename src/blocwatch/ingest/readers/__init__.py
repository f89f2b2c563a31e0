"""The registry of readers: one component per input format, each with a versioned name.

    >>> sorted(READERS)
    ['csv', 'feed', 'html', 'json', 'jsonl', 'text', 'warc']
    >>> reader_for("news/2020.jsonl").name
    'jsonl.v1'

A new format is a class with ``format``, ``name``, ``suffixes``, ``can_read`` and ``read``
(the :class:`Reader` protocol), added with :func:`register`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from blocwatch.errors import E, UsageError
from blocwatch.ingest.readers.base import DEFAULT_KEYS, FIELDS, Reader, ReadOptions, SuffixReader
from blocwatch.ingest.readers.csv_table import CsvReader
from blocwatch.ingest.readers.feed import FeedReader
from blocwatch.ingest.readers.html import HtmlReader
from blocwatch.ingest.readers.json_array import JsonArrayReader
from blocwatch.ingest.readers.jsonl import JsonlReader
from blocwatch.ingest.readers.text import TextReader
from blocwatch.ingest.readers.warc import WarcReader
from blocwatch.ingest.records import Quarantined, RawRecord

#: Registered readers by format name, in the order they are tried.
READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    """Add a reader to the registry (its ``format`` must be new)."""
    if reader.format in READERS:
        raise ValueError(f"a reader for format {reader.format!r} is already registered")
    READERS[reader.format] = reader
    return reader


_BUILTIN: tuple[Reader, ...] = (
    WarcReader(),
    JsonlReader(),
    JsonArrayReader(),
    CsvReader(),
    HtmlReader(),
    FeedReader(),
    TextReader(),
)
for _reader in _BUILTIN:
    register(_reader)


def reader_named(format_name: str) -> Reader:
    """The reader for ``--format NAME``."""
    try:
        return READERS[format_name]
    except KeyError:
        raise UsageError(E.BW300, f"unknown input format {format_name!r}", suggestions=sorted(READERS)) from None


def reader_for(location: str) -> Reader | None:
    """The reader that claims ``location`` by its name (URL scheme or file suffix)."""
    for reader in READERS.values():
        if reader.can_read(location):
            return reader
    return None


def _sniff(path: Path) -> Reader:
    """A reader for a file whose name says nothing, from its first bytes (text by default)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(512).lstrip()
    except OSError:
        return READERS["text"]
    lowered = head[:256].lower()
    if head.startswith(b"WARC/"):
        return READERS["warc"]
    if head.startswith(b"{"):
        return READERS["jsonl"]
    if head.startswith(b"["):
        return READERS["json"]
    if b"<rss" in lowered or b"<feed" in lowered or b"<rdf:rdf" in lowered:
        return READERS["feed"]
    if b"<html" in lowered or b"<!doctype html" in lowered:
        return READERS["html"]
    return READERS["text"]


def plan(location: str, *, format_name: str | None = None) -> Iterator[tuple[str, Reader]]:
    """The files (or URL) to read for one input, each with its reader.

    A folder is walked recursively in sorted order; hidden files, and files no reader
    claims by suffix (unless a format is forced), are skipped. A single file with an unknown suffix is sniffed.
    """
    forced = reader_named(format_name) if format_name else None
    if location.startswith(("http://", "https://")):
        yield location, forced or READERS["feed"]
        return
    path = Path(location).expanduser()
    if not path.exists():
        raise UsageError(E.BW007, f"no such file or folder: {location}")
    if path.is_dir():
        yield from _walk(path, forced)
        return
    yield str(path), forced or reader_for(str(path)) or _sniff(path)


class Unreadable(SuffixReader):
    """Stands for a folder that cannot be listed: reading it quarantines it (``BW312``)."""

    format = "folder"
    name = "folder.v1"

    def __init__(self, error: OSError) -> None:
        self.error = error

    def read(self, location: str, options: ReadOptions) -> Iterator[RawRecord | Quarantined]:
        yield self.quarantine(
            location,
            E.BW312,
            f"permission denied: cannot list the folder ({self.error.strerror}); its files are skipped",
        )


def _walk(root: Path, forced: Reader | None) -> Iterator[tuple[str, Reader]]:
    """Files under ``root`` in sorted order (hidden ones skipped); an unreadable folder is
    yielded with an :class:`Unreadable` reader, so that it is reported, not silently skipped."""
    errors: list[OSError] = []
    found: list[tuple[str, Reader]] = []
    for folder, dirs, files in os.walk(root, onerror=errors.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            child = str(Path(folder) / name)
            reader = forced or reader_for(child)
            if reader is not None:
                found.append((child, reader))
    for error in errors:
        found.append((str(error.filename), Unreadable(error)))
    yield from sorted(found, key=lambda item: item[0])


__all__ = [
    "DEFAULT_KEYS",
    "FIELDS",
    "READERS",
    "ReadOptions",
    "Reader",
    "plan",
    "reader_for",
    "reader_named",
    "register",
]
