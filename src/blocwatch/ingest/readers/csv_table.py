"""CSV and TSV files with a header row (the Wikinews ``url,date,title,text`` layout).

The csv module reads from a line source that bounds what it can build: each line is
read with a cap, decoded on its own (invalid UTF-8 bytes replaced and counted), and a
record (one row, over one or more lines) longer than ``ingest_max_record_bytes`` is cut
off there. The reader then skips to the end of that record — tracking quote parity, so
that a huge quoted field full of newlines is skipped whole — and goes on with the next
row. Rows wider than ``ingest_max_fields`` are quarantined.
"""

from __future__ import annotations

import csv
import logging
import sys
import zlib
from collections.abc import Iterator
from typing import IO

from blocwatch.errors import E
from blocwatch.ingest.normalize import decode_mostly_utf8, detect_encoding
from blocwatch.ingest.readers.base import ReadOptions, SuffixReader, open_binary, record_from_mapping
from blocwatch.ingest.records import Quarantined, RawRecord, printable

log = logging.getLogger("blocwatch.ingest")

_SAMPLE = 1 << 16
_CHUNK = 1 << 20


class _RecordTooLong(Exception):
    pass


class _Lines:
    """Decoded lines for the csv module, with a size cap per record (see the module doc)."""

    def __init__(self, handle: IO[bytes], encoding: str | None, limit: int, where: str) -> None:
        self.handle = handle
        self.encoding = encoding  # None: UTF-8, invalid bytes replaced
        self.limit = limit
        self.where = where
        self.record_chars = 0
        self.quotes = 0
        self.replaced = 0
        self.nuls = 0
        self.count = 0  # physical lines read so far, skipped ones included

    def start_record(self) -> None:
        self.record_chars = 0
        self.quotes = 0

    def _decode(self, raw: bytes) -> str:
        if b"\x00" in raw:
            self.nuls += raw.count(0)
            raw = raw.replace(b"\x00", b"")
        if self.encoding is not None:
            return raw.decode(self.encoding, errors="replace")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", errors="replace")
            self.replaced += len(raw) - len(text.encode("utf-8", errors="replace")) + 3 * text.count("\ufffd")
            return text

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        budget = self.limit - self.record_chars
        raw = self.handle.readline(max(budget, 0) + 1)
        if not raw:
            raise StopIteration
        if len(raw) > budget:
            self.skip_rest(raw)
            raise _RecordTooLong
        self.count += 1
        line = self._decode(raw)
        self.record_chars += len(raw)
        self.quotes += line.count('"')
        return line

    def skip_rest(self, raw: bytes) -> None:
        """Skip to the end of the current record: the end of the line, and on to the line
        where the quotes opened in the record close."""
        self.quotes += raw.count(b'"')
        ended = raw.endswith(b"\n")
        self.count += ended
        while True:
            if ended and self.quotes % 2 == 0:
                return
            chunk = self.handle.readline(_CHUNK)
            if not chunk:
                return
            self.quotes += chunk.count(b'"')
            ended = chunk.endswith(b"\n")
            self.count += ended


def _encoding(sample: bytes) -> str | bool | None:
    """``None`` for UTF-8 (possibly with a few invalid bytes), a legacy encoding's name,
    or ``False`` for binary content."""
    if sample.count(0) > max(1, len(sample) // 100):
        return False
    cleaned = sample.replace(b"\x00", b"")
    if not cleaned:
        return False
    try:
        cleaned.decode("utf-8-sig")
        return None
    except UnicodeDecodeError as exc:
        if exc.start >= len(cleaned) - 3:  # a multi-byte character cut at the end of the sample
            return None
    logger = logging.getLogger("blocwatch.ingest.readers.csv_table.probe")
    previous = logger.disabled
    logger.disabled = True
    try:
        mostly = decode_mostly_utf8(cleaned)
    finally:
        logger.disabled = previous
    if mostly is not None:
        return None
    found = detect_encoding(cleaned)
    return found if found is not None else False


class CsvReader(SuffixReader):
    """A header row names the columns; each further row is a record located as
    ``file:line``. Column names are configurable with ``fields`` (``text=body``)."""

    format = "csv"
    name = "csv.v1"
    suffixes = (".csv", ".tsv", ".csv.gz", ".tsv.gz")

    def read(self, location: str, options: ReadOptions) -> Iterator[RawRecord | Quarantined]:
        lines: _Lines | None = None
        try:
            with open_binary(location, max_decompressed=options.max_decompressed_bytes) as handle:
                sample = handle.peek(_SAMPLE)[:_SAMPLE] if hasattr(handle, "peek") else b""
                if not sample.strip():
                    yield self.quarantine(location, E.BW301, "the file is empty")
                    return
                encoding = _encoding(sample)
                if encoding is False:
                    yield self.quarantine(location, E.BW302, "binary content or unknown text encoding", sample)
                    return
                if sample.startswith(b"\xef\xbb\xbf"):
                    handle.read(3)
                lines = _Lines(
                    handle, encoding if isinstance(encoding, str) else None, options.max_record_bytes, location
                )
                yield from self._rows(lines, location, options)
        except (OSError, EOFError, zlib.error) as exc:
            yield self.io_error(location, location, exc)
        finally:
            if lines is not None and lines.replaced:
                log.warning("%s: %d byte(s) not valid UTF-8, replaced by U+FFFD", printable(location), lines.replaced)
            if lines is not None and lines.nuls:
                log.warning("%s: %d NUL byte(s) stripped", printable(location), lines.nuls)

    def _rows(self, lines: _Lines, location: str, options: ReadOptions) -> Iterator[RawRecord | Quarantined]:
        dialect = "excel-tab" if ".tsv" in location.lower() else "excel"
        old_limit = csv.field_size_limit()
        csv.field_size_limit(min(options.max_record_bytes, sys.maxsize))
        limit = options.max_record_bytes
        try:
            rows = csv.reader(lines, dialect=dialect)
            lines.start_record()
            try:
                header = next(rows)
            except StopIteration:
                yield self.quarantine(location, E.BW301, "the file has no header row")
                return
            except _RecordTooLong:
                yield self.quarantine(
                    f"{location}:1", E.BW305, f"header row over the limit of {limit} bytes (ingest_max_record_bytes)"
                )
                return
            except csv.Error as exc:
                yield self.quarantine(f"{location}:1", E.BW303, f"unreadable header row: {exc}")
                return
            if len(header) > options.max_fields:
                yield self.quarantine(
                    f"{location}:1",
                    E.BW315,
                    f"header of {len(header)} columns is over the limit of {options.max_fields} (ingest_max_fields)",
                )
                return
            header = [column.strip() for column in header]
            while True:
                start = lines.count + 1
                lines.start_record()
                try:
                    row = next(rows)
                except StopIteration:
                    return
                except _RecordTooLong:
                    rows = csv.reader(lines, dialect=dialect)  # its state is unknown after the exception
                    yield self.quarantine(
                        f"{location}:{start}", E.BW305, f"row over the limit of {limit} bytes (ingest_max_record_bytes)"
                    )
                    continue
                except csv.Error as exc:
                    code = E.BW305 if "field larger" in str(exc) else E.BW303
                    yield self.quarantine(f"{location}:{start}", code, f"unreadable row: {exc}")
                    continue
                if len(row) > options.max_fields:
                    yield self.quarantine(
                        f"{location}:{start}",
                        E.BW315,
                        f"row of {len(row)} fields is over the limit of {options.max_fields} (ingest_max_fields)",
                    )
                    continue
                if not any(cell.strip() for cell in row):
                    continue
                where = f"{location}:{start}"
                if len(row) != len(header):
                    yield self.quarantine(
                        where, E.BW303, f"row has {len(row)} columns, the header {len(header)}", ",".join(row)[:200]
                    )
                    continue
                yield record_from_mapping(dict(zip(header, row, strict=True)), where, self.name, options)
        finally:
            csv.field_size_limit(old_limit)
