"""JSON files holding an array of article objects (the Reuters-21578 JSON layout), read
incrementally so that memory stays flat however large the array."""

from __future__ import annotations

import codecs
import json
import re
import zlib
from collections.abc import Iterator
from typing import IO

from blocwatch.errors import E
from blocwatch.ingest.normalize import detect_encoding
from blocwatch.ingest.readers.base import ReadOptions, SuffixReader, depth_over, open_binary, record_from_mapping
from blocwatch.ingest.records import Quarantined, RawRecord

_CHUNK = 1 << 20
_SPACE = re.compile(r"[ \t\n\r,]*")  # between array elements, skipped in bulk


def _decoder_for(sample: bytes) -> codecs.IncrementalDecoder:
    """UTF-8 unless the first bytes say otherwise (then what charset-normalizer finds)."""
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=False)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = detect_encoding(sample) or "latin-1"
    return codecs.getincrementaldecoder(encoding)(errors="replace")


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _value_end(buffer: str, pos: int) -> int | None:
    """Where the array or object starting at ``pos`` ends (strings skipped), or ``None``."""
    depth = 0
    for match in _TOKEN.finditer(buffer, pos):
        found = match.group(0)
        if found in "[{":
            depth += 1
        elif found in "]}":
            depth -= 1
            if depth == 0:
                return match.end()
    return None


class JsonArrayReader(SuffixReader):
    """A ``.json`` file: an array of objects (``[{"title": …, "body": …}, …]``) or a
    single object. Records are located as ``file#index``. Invalid JSON stops the file
    there (the records before it are kept) since the array cannot be resynchronized."""

    format = "json"
    name = "json.v1"
    suffixes = (".json", ".json.gz")

    def read(self, location: str, options: ReadOptions) -> Iterator[RawRecord | Quarantined]:
        try:
            with open_binary(location, max_decompressed=options.max_decompressed_bytes) as handle:
                yield from self._read(handle, location, options)
        except (OSError, EOFError, zlib.error) as exc:
            yield self.io_error(location, location, exc)

    def _read(self, handle: IO[bytes], location: str, options: ReadOptions) -> Iterator[RawRecord | Quarantined]:
        first = handle.read(_CHUNK)
        if not first.strip():
            yield self.quarantine(location, E.BW301, "the file is empty")
            return
        decoder = _decoder_for(first[:65536])
        scanner = json.JSONDecoder()
        buffer = decoder.decode(first, final=False)
        pos = 0
        eof = False
        index = 0

        def fill() -> bool:
            nonlocal buffer, pos, eof
            chunk = handle.read(_CHUNK)
            eof = not chunk
            buffer = buffer[pos:] + decoder.decode(chunk, final=eof)
            pos = 0
            return not eof

        pos = _SPACE.match(buffer, pos).end()  # type: ignore[union-attr]  # matches the empty string too
        in_array = buffer.startswith("[", pos)
        if in_array:
            pos += 1
        while True:
            while True:
                pos = _SPACE.match(buffer, pos).end()  # type: ignore[union-attr]
                if pos < len(buffer) or not fill():
                    break
            if pos >= len(buffer):
                if in_array:
                    yield self.quarantine(
                        f"{location}#{index}", E.BW304, "the array is not closed: the file ends early"
                    )
                return
            if in_array and buffer[pos] == "]":
                return
            try:
                value, end = scanner.raw_decode(buffer, pos)
                complete = end < len(buffer) or eof
                too_deep = depth_over(value, options.max_depth)
            except json.JSONDecodeError as exc:
                value, end, complete, too_deep = None, pos, False, False
                error = exc
            except RecursionError:  # deeper than Python's recursion limit: skip the element by its brackets
                skipped = _value_end(buffer, pos)
                if skipped is None and not eof and len(buffer) - pos <= options.max_record_bytes:
                    fill()
                    continue
                value, end, complete, too_deep = None, skipped or len(buffer), True, True
            if too_deep and complete:
                yield self.quarantine(
                    f"{location}#{index}",
                    E.BW314,
                    f"JSON nested deeper than {options.max_depth} levels (ingest_max_depth)",
                    buffer[pos : pos + 200],
                )
                index += 1
                pos = end
                continue
            if not complete:
                if len(buffer) - pos > options.max_record_bytes:
                    yield self.quarantine(
                        f"{location}#{index}",
                        E.BW305,
                        f"record over the limit of {options.max_record_bytes} bytes (ingest_max_record_bytes); "
                        "the rest of the file is skipped",
                        buffer[pos : pos + 200],
                    )
                    return
                if not eof:
                    fill()
                    continue  # decode again with more input (or knowing that there is no more)
                if value is None:
                    cut_off = error.msg.startswith("Unterminated") or error.pos >= len(buffer.rstrip()) - 1
                    code = E.BW304 if cut_off else E.BW303
                    yield self.quarantine(
                        f"{location}#{index}",
                        code,
                        f"invalid JSON: {error.msg} (character {error.pos - pos} of the record); "
                        "the rest of the file is skipped",
                        buffer[pos : pos + 200],
                    )
                    return
            where = f"{location}#{index}"
            index += 1
            if isinstance(value, dict):
                yield record_from_mapping(value, where, self.name, options)
            else:
                yield self.quarantine(where, E.BW303, f"expected a JSON object, found {type(value).__name__}")
            pos = end
            if pos > _CHUNK:
                buffer = buffer[pos:]
                pos = 0
