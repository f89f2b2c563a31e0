"""CSV and TSV files with a header row (the Wikinews ``url,date,title,text`` layout)."""

from __future__ import annotations

import codecs
import csv
import io
import sys
import zlib
from collections.abc import Iterator
from typing import Any, cast

from blocwatch.errors import E
from blocwatch.ingest.normalize import detect_encoding
from blocwatch.ingest.readers.base import ReadOptions, SuffixReader, open_binary, record_from_mapping
from blocwatch.ingest.records import Quarantined, RawRecord

_SAMPLE = 1 << 16


def _encoding(sample: bytes) -> str | None:
    """UTF-8 if the sample decodes as such, else charset-normalizer's guess (``None``: binary)."""
    if b"\x00" in sample:
        return None
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return detect_encoding(sample)


class CsvReader(SuffixReader):
    """A header row names the columns; each further row is a record located as
    ``file:line``. Column names are configurable with ``fields`` (``text=body``)."""

    format = "csv"
    name = "csv.v1"
    suffixes = (".csv", ".tsv", ".csv.gz", ".tsv.gz")

    def read(self, location: str, options: ReadOptions) -> Iterator[RawRecord | Quarantined]:
        try:
            with open_binary(location) as raw:
                buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(cast(Any, raw))
                sample = buffered.peek(_SAMPLE)[:_SAMPLE]
                if not sample.strip():
                    yield self.quarantine(location, E.BW301, "the file is empty")
                    return
                encoding = _encoding(sample)
                if encoding is None:
                    yield self.quarantine(location, E.BW302, "binary content or unknown text encoding", sample)
                    return
                stream = io.TextIOWrapper(buffered, encoding=encoding, errors="replace", newline="")
                yield from self._rows(stream, location, options)
        except (OSError, EOFError, zlib.error) as exc:
            yield self.quarantine(location, E.BW304, f"file ends early or is corrupt: {exc}")

    def _rows(self, stream: io.TextIOWrapper, location: str, options: ReadOptions) -> Iterator[RawRecord | Quarantined]:
        dialect = "excel-tab" if ".tsv" in location.lower() else "excel"
        old_limit = csv.field_size_limit()
        csv.field_size_limit(min(options.max_record_bytes, sys.maxsize))
        try:
            rows = csv.reader(stream, dialect=dialect)
            try:
                header = next(rows)
            except StopIteration:
                yield self.quarantine(location, E.BW301, "the file has no header row")
                return
            except csv.Error as exc:
                yield self.quarantine(f"{location}:1", E.BW303, f"unreadable header row: {exc}")
                return
            header = [column.strip() for column in header]
            while True:
                start = rows.line_num + 1
                try:
                    row = next(rows)
                except StopIteration:
                    return
                except csv.Error as exc:
                    code = E.BW305 if "field larger" in str(exc) else E.BW303
                    yield self.quarantine(f"{location}:{start}", code, f"unreadable row: {exc}")
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
