"""WARC and WARC.GZ archives (Common Crawl News and the like): HTML responses only."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from blocwatch.errors import E
from blocwatch.ingest.normalize import decode_bytes
from blocwatch.ingest.readers.base import ReadOptions, SuffixReader, log
from blocwatch.ingest.records import Quarantined, RawRecord

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


class WarcReader(SuffixReader):
    """``.warc`` and ``.warc.gz``. Each HTTP response with an HTML body is a record
    located as ``file@offset``; other records are skipped. An archive that ends early
    keeps the records read before the break and is quarantined at the offset."""

    format = "warc"
    name = "warc.v1"
    suffixes = (".warc", ".warc.gz", ".arc.gz")

    def read(self, location: str, options: ReadOptions) -> Iterator[RawRecord | Quarantined]:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed

        limit = options.max_record_bytes
        offset = start = options.start
        # A page is yielded only once the archive is known to go on past it (the next record
        # starts, or the final record is whole): a cut-off last page is never stored.
        pending: RawRecord | Quarantined | None = None
        try:
            size = Path(location).stat().st_size
            if size == 0:
                yield self.quarantine(location, E.BW301, "the archive is empty")
                return
            with Path(location).open("rb") as handle:
                handle.seek(start)
                records = ArchiveIterator(handle)
                for record in records:
                    if pending is not None:
                        yield pending
                        pending = None
                    content_type = ""
                    if record.rec_type == "response" and record.http_headers is not None:
                        content_type = record.http_headers.get_header("Content-Type") or ""
                    if not content_type.lower().startswith(_HTML_TYPES):
                        offset = records.get_record_offset()
                        continue
                    length = int(record.rec_headers.get_header("Content-Length") or 0)
                    body = record.content_stream().read(limit + 1) if length <= limit else b""
                    offset = records.get_record_offset()  # only after reading: it consumes the record
                    where = f"{location}@{offset}"
                    if length > limit or len(body) > limit:  # a Content-Encoding: gzip body can expand
                        what = f"record of {length} bytes" if length > limit else "decoded HTTP body"
                        pending = self.quarantine(
                            where, E.BW305, f"{what} is over the limit of {limit} bytes (ingest_max_record_bytes)"
                        )
                    elif not body.strip():
                        pending = self.quarantine(where, E.BW301, "empty HTTP response body")
                    else:
                        pending = self._page(
                            record.rec_headers.get_header("WARC-Target-URI"), body, content_type, where
                        )
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError, AttributeError) as exc:
            yield self.io_error(f"{location}@{offset}", location, exc, "archive ends early or is corrupt")
            return
        if not _tail_is_whole(location, offset):
            yield self.quarantine(f"{location}@{offset}", E.BW304, "archive ends early: the last record is cut off")
            return
        if pending is not None:
            yield pending

    def _page(self, url: str | None, body: bytes, content_type: str, where: str) -> RawRecord | Quarantined:
        charset = _charset(content_type)
        page: str | None = None
        if charset:
            try:
                page = body.decode(charset)
            except (UnicodeDecodeError, LookupError):
                log.debug("%s: declared charset %s does not decode the body", where, charset)
        if page is None:
            page = decode_bytes(body, where=where)
        if page is None:
            return self.quarantine(where, E.BW302, "binary content or unknown text encoding", body)
        outlet = urlsplit(url).hostname if url else None
        return RawRecord(location=where, reader=self.name, html=page, url=url, outlet=outlet)


def _tail_is_whole(path: str, offset: int) -> bool:
    """Whether the archive's last record, starting at ``offset``, is complete (read in chunks)."""
    with Path(path).open("rb") as handle:
        gzipped = handle.read(2) == b"\x1f\x8b"
        handle.seek(offset)
        if gzipped:
            member = zlib.decompressobj(16 + zlib.MAX_WBITS)
            try:
                while chunk := handle.read(1 << 20):
                    member.decompress(chunk, 1 << 16)
                    while member.unconsumed_tail and not member.eof:
                        member.decompress(member.unconsumed_tail, 1 << 16)
                    if member.eof:
                        return not (member.unused_data + handle.read()).strip()
            except zlib.error:
                return False
            return False
        head = handle.read(1 << 16)
        size = Path(path).stat().st_size
    header, sep, _ = head.partition(b"\r\n\r\n")
    declared = re.search(rb"(?im)^content-length:\s*(\d+)", header)
    if not sep or declared is None:
        return False
    return size - offset - len(header) - len(sep) >= int(declared.group(1))
