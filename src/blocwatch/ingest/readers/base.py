"""What every reader shares: the :class:`Reader` protocol, its options, field mapping
and byte-level helpers (gzip, size limits, decoding)."""

from __future__ import annotations

import codecs
import functools
import gzip
import io
import logging
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol, cast

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
    """Options passed to every reader (the limits are the ``ingest_max_*`` settings)."""

    fields: Mapping[str, str] = field(default_factory=dict)
    max_record_bytes: int = 10_000_000
    http_timeout: float = 30.0
    transport: Transport = field(default_factory=UrllibTransport)
    max_fields: int = 10_000
    max_depth: int = 100
    max_decompressed_bytes: int = 2_000_000_000
    #: Byte offset of the first record to read (WARC only: the Ray engine's shards of one archive).
    start: int = 0


class LimitExceeded(OSError):
    """A limit was reached while reading a file. An ``OSError``, so that every reader's
    I/O error path catches it; :meth:`SuffixReader.io_error` turns it into its code."""

    def __init__(self, code: Code, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


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

    def io_error(
        self, where: str, path: str, exc: BaseException, what: str = "file ends early or is corrupt"
    ) -> Quarantined:
        """The quarantine entry for an error reading ``path``: permission denied (at the
        file), a limit reached (its own code), otherwise truncated or corrupt (at ``where``)."""
        if isinstance(exc, PermissionError):
            return self.quarantine(path, E.BW312, f"permission denied: cannot read the file ({exc.strerror})")
        if isinstance(exc, LimitExceeded):
            return self.quarantine(where, exc.code, exc.message)
        return self.quarantine(where, E.BW304, f"{what}: {exc}")


_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)


def bom_encoding(head: bytes) -> tuple[str, int] | None:
    """The UTF-16/32 encoding a byte-order mark at the start of ``head`` declares, and its length."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding, len(bom)
    return None


class _Counted(io.RawIOBase):
    """A decompressed stream that fails once more than ``limit`` bytes came out of it."""

    def __init__(self, inner: IO[bytes], limit: int, path: str) -> None:
        self.inner = inner
        self.limit = limit
        self.path = path
        self.total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.inner.read(min(len(buffer), 1 << 16))
        self.total += len(data)
        if self.total > self.limit:
            raise LimitExceeded(
                E.BW317, f"decompressed content over the limit of {self.limit} bytes (ingest_max_decompressed_bytes)"
            )
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.inner.close()
        super().close()


class _Transcoded(io.RawIOBase):
    """UTF-8 bytes from a UTF-16/32 stream (its BOM already consumed), decoded in chunks."""

    def __init__(self, inner: IO[bytes], encoding: str) -> None:
        self.inner = inner
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self.pending = b""
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending and not self.done:
            chunk = self.inner.read(1 << 16)
            self.done = not chunk
            self.pending = self.decoder.decode(chunk, final=self.done).encode("utf-8", errors="surrogatepass")
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size

    def close(self) -> None:
        self.inner.close()
        super().close()


def open_binary(path: str, *, max_decompressed: int = 2_000_000_000, transcode: bool = True) -> IO[bytes]:
    """A file opened for binary reading: ``.gz`` decompressed as a stream and counted
    (:class:`LimitExceeded` past ``max_decompressed`` bytes), and text in UTF-16/32 with
    a byte-order mark turned into UTF-8 (``transcode``), so that every reader sees UTF-8."""
    handle: IO[bytes]
    if path.lower().endswith(".gz"):
        handle = io.BufferedReader(_Counted(cast(IO[bytes], gzip.open(path, "rb")), max_decompressed, path))  # noqa: SIM115 - the caller closes it
    else:
        handle = Path(path).open("rb")  # noqa: SIM115 - the caller closes it
    if not transcode:
        return handle
    buffered = handle if isinstance(handle, io.BufferedReader) else io.BufferedReader(cast(Any, handle))
    declared = bom_encoding(buffered.peek(4)[:4])
    if declared is None:
        return buffered
    encoding, length = declared
    buffered.read(length)
    return io.BufferedReader(_Transcoded(buffered, encoding))


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


def depth_over(value: object, limit: int) -> bool:
    """Whether a decoded JSON value nests deeper than ``limit`` (walked without recursion)."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


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
                path,
                E.BW305,
                f"file of {size} bytes is over the limit of {options.max_record_bytes} (ingest_max_record_bytes)",
            )
        with open_binary(path, max_decompressed=options.max_decompressed_bytes) as handle:
            data = handle.read(options.max_record_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        return reader.io_error(path, path, exc, "cannot read the file")
    if len(data) > options.max_record_bytes:
        return reader.quarantine(
            path, E.BW305, f"content over the limit of {options.max_record_bytes} bytes (ingest_max_record_bytes)", data
        )
    if not data.strip():
        return reader.quarantine(path, E.BW301, "the file is empty")
    text = decode_bytes(data, where=path)
    if text is None:
        return reader.quarantine(path, E.BW302, "binary content or unknown text encoding", data)
    return text
