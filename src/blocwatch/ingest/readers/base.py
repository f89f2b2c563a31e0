"""What every reader shares: the :class:`Reader` protocol, its options, field mapping
and byte-level helpers (gzip, size limits, decoding)."""

from __future__ import annotations

import functools
import gzip
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol, cast

from blocwatch.errors import Code, E
from blocwatch.ingest.normalize import decode_bytes
from blocwatch.ingest.records import Quarantined, RawRecord, snippet_of
from blocwatch.ingest.transport import Transport, UrllibTransport

log = logging.getLogger("blocwatch.ingest")

#: The article fields a record-shaped input (JSONL, JSON, CSV) can fill.
FIELDS: tuple[str, ...] = ("text", "title", "date", "url", "outlet", "lang")

#: Keys tried, in order, for each field when no ``--field`` option names one.
DEFAULT_KEYS: Mapping[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext", "story"),
    "title": ("title", "headline"),
    "date": ("date", "published", "pubdate", "date_publish", "published_at", "publication_date", "datetime"),
    "url": ("url", "link", "source_url"),
    "outlet": ("outlet", "source", "publisher", "source_domain", "sitename", "site"),
    "lang": ("lang", "language"),
}


@dataclass(frozen=True)
class ReadOptions:
    """Options passed to every reader."""

    fields: Mapping[str, str] = field(default_factory=dict)
    max_record_bytes: int = 10_000_000
    http_timeout: float = 30.0
    transport: Transport = field(default_factory=UrllibTransport)


class Reader(Protocol):
    """A registered input format. ``name`` carries a version (``"jsonl.v1"``)."""

    @property
    def format(self) -> str:
        """The format's short name, used by ``--format`` (``"jsonl"``)."""
        ...

    @property
    def name(self) -> str:
        """The component id with its version (``"jsonl.v1"``), recorded on every row."""
        ...

    @property
    def suffixes(self) -> tuple[str, ...]:
        """File name endings this reader claims."""
        ...

    def can_read(self, location: str) -> bool:
        """Whether this reader handles ``location`` (by its name; content is not sniffed)."""
        ...

    def read(self, location: str, options: ReadOptions) -> Iterator[RawRecord | Quarantined]:
        """Every record of ``location``, or a :class:`Quarantined` for what cannot be read."""
        ...


class SuffixReader:
    """Base for readers that claim files by their suffix."""

    format: str = ""
    name: str = ""
    suffixes: tuple[str, ...] = ()

    def can_read(self, location: str) -> bool:
        lowered = location.lower()
        return any(lowered.endswith(suffix) for suffix in self.suffixes)

    def quarantine(self, location: str, code: Code, reason: str, data: bytes | str = b"") -> Quarantined:
        """A :class:`Quarantined` from this reader."""
        return Quarantined(location, code, reason, self.name, snippet_of(data))


def open_binary(path: str) -> IO[bytes]:
    """A file opened for binary reading, transparently decompressing ``.gz``."""
    if path.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return Path(path).open("rb")


@functools.lru_cache(maxsize=256)
def _resolve_keys(keys: tuple[str, ...], fields: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Article field → input key, for one layout of keys (cached: records of a file share it)."""
    explicit = dict(fields)
    by_lower = {key.lower(): key for key in reversed(keys)}
    resolved: dict[str, str] = {}
    for wanted in FIELDS:
        if wanted in explicit:
            if explicit[wanted] in keys:
                resolved[wanted] = explicit[wanted]
            continue
        for candidate in DEFAULT_KEYS[wanted]:
            if candidate in by_lower:
                resolved[wanted] = by_lower[candidate]
                break
    return resolved


def _scalar(value: object) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping):  # e.g. {"source": {"name": "EFE"}}
        name = value.get("name")
        return name if isinstance(name, str) else None
    return None


def record_from_mapping(
    mapping: Mapping[str, object], location: str, reader: str, options: ReadOptions
) -> RawRecord | Quarantined:
    """A raw record from one JSON object or CSV row, with the configured field names."""
    keys = list(mapping)
    resolved = _resolve_keys(tuple(keys), tuple(sorted(options.fields.items())))
    values = {wanted: _scalar(mapping.get(key)) for wanted, key in resolved.items()}
    text = values.get("text")
    if text is None or not text.strip():
        key = resolved.get("text")
        if key is not None:
            reason = f"field {key!r} is empty"
        elif "text" in options.fields:
            reason = f"no field {options.fields['text']!r} in the record"
        else:
            reason = f"no text field (tried {', '.join(DEFAULT_KEYS['text'])}; name it with --field text=KEY)"
        return Quarantined(location, E.BW306, reason, reader, snippet_of(repr(dict(list(mapping.items())[:6]))))
    return RawRecord(
        location=location,
        reader=reader,
        text=text,
        title=values.get("title"),
        url=values.get("url"),
        outlet=values.get("outlet"),
        published=values.get("date"),
        lang=values.get("lang"),
    )


def read_whole_file(reader: SuffixReader, path: str, options: ReadOptions) -> str | Quarantined:
    """The decoded text of a one-record file, or why it cannot be read."""
    try:
        size = Path(path).stat().st_size
        if size > options.max_record_bytes:
            return reader.quarantine(
                path, E.BW305, f"file of {size} bytes is over the limit of {options.max_record_bytes}"
            )
        with open_binary(path) as handle:
            data = handle.read(options.max_record_bytes + 1)
    except (OSError, EOFError) as exc:
        return reader.quarantine(path, E.BW304, f"cannot read the file: {exc}")
    if len(data) > options.max_record_bytes:
        return reader.quarantine(path, E.BW305, f"content over the limit of {options.max_record_bytes} bytes", data)
    if not data.strip():
        return reader.quarantine(path, E.BW301, "the file is empty")
    text = decode_bytes(data)
    if text is None:
        return reader.quarantine(path, E.BW302, "binary content or unknown text encoding", data)
    return text
