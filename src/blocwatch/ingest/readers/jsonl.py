"""JSON Lines: one JSON object per line (``.jsonl``, ``.ndjson``, optionally gzipped)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from typing import IO

from blocwatch.errors import E
from blocwatch.ingest.normalize import decode_bytes
from blocwatch.ingest.readers.base import (
    ReadOptions,
    SuffixReader,
    depth_over,
    open_binary,
    record_from_mapping,
)
from blocwatch.ingest.records import Quarantined, RawRecord

_CHUNK = 1 << 20


def _skip_blank_lines(handle: IO[bytes]) -> int:
    """Skip a run of line ends from the read buffer in bulk (a file of millions of blank
    lines costs one call per buffer, not one per line); returns the lines skipped."""
    skipped = 0
    peek = getattr(handle, "peek", None)
    while peek is not None:
        ahead = peek(1 << 16)
        kept = ahead.lstrip(b"\r\n")
        run = len(ahead) - len(kept)
        if not run:
            break
        skipped += ahead.count(b"\n", 0, run)
        handle.read(run)
    return skipped


class JsonlReader(SuffixReader):
    """Each line an object with the article fields (names configurable with ``fields``).
    A bad line is quarantined and reading goes on with the next."""

    format = "jsonl"
    name = "jsonl.v1"
    suffixes = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")

    def read(self, location: str, options: ReadOptions) -> Iterator[RawRecord | Quarantined]:
        limit = options.max_record_bytes
        line_no = 0
        seen_content = False
        try:
            with open_binary(location, max_decompressed=options.max_decompressed_bytes) as handle:
                while True:
                    line = handle.readline(limit + 1)
                    if not line:
                        break
                    line_no += 1
                    where = f"{location}:{line_no}"
                    if len(line) > limit and not line.endswith(b"\n"):
                        while chunk := handle.readline(_CHUNK):  # skip the rest of the over-long line
                            if chunk.endswith(b"\n"):
                                break
                        seen_content = True
                        yield self.quarantine(
                            where, E.BW305, f"line over the limit of {limit} bytes (ingest_max_record_bytes)", line
                        )
                        continue
                    if line.isspace():
                        line_no += _skip_blank_lines(handle)
                        continue
                    seen_content = True
                    yield self._record(line, where, options)
        except (OSError, EOFError, zlib.error) as exc:
            yield self.io_error(f"{location}:{line_no + 1}", location, exc)
            return
        if not seen_content:
            yield self.quarantine(location, E.BW301, "the file has no records")

    def _record(self, line: bytes, where: str, options: ReadOptions) -> RawRecord | Quarantined:
        try:
            text = line.decode("utf-8-sig")  # a BOM (first line) is never part of the JSON
        except UnicodeDecodeError:
            decoded = decode_bytes(line, where=where)
            if decoded is None:
                return self.quarantine(where, E.BW302, "binary content or unknown text encoding", line)
            text = decoded
        if "\x00" in text:
            text = text.replace("\x00", "")
        try:
            value = json.loads(text)
            too_deep = depth_over(value, options.max_depth)
        except json.JSONDecodeError as exc:
            return self.quarantine(where, E.BW303, f"invalid JSON: {exc.msg} at column {exc.colno}", line)
        except RecursionError:
            too_deep = True
        if too_deep:
            return self.quarantine(
                where, E.BW314, f"JSON nested deeper than {options.max_depth} levels (ingest_max_depth)", line[:200]
            )
        if not isinstance(value, dict):
            return self.quarantine(where, E.BW303, f"a line must hold a JSON object, not {type(value).__name__}", line)
        return record_from_mapping(value, where, self.name, options)
