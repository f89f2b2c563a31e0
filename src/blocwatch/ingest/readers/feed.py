"""RSS and Atom feeds, from a file or an http(s) URL (fetched through the transport)."""

from __future__ import annotations

import datetime as dt
import html
import re
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from blocwatch.errors import E
from blocwatch.ingest.normalize import decode_bytes
from blocwatch.ingest.readers.base import ReadOptions, SuffixReader, open_binary
from blocwatch.ingest.records import Quarantined, RawRecord
from blocwatch.ingest.transport import FetchError

_BLOCK_TAGS = ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")
_TAG = re.compile(r"<[a-zA-Z!/]")


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed summary), paragraphs on their own lines."""
    if not _TAG.search(fragment):
        return html.unescape(fragment)  # feedparser gives HTML: "&amp;" is "&"
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", fragment)
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return str(root.text_content())


def _date(entry: Any) -> str | dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = dict.get(entry, key)  # plain dict access: no feedparser fallback mapping
        if isinstance(parsed, time.struct_time):
            try:
                return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            except ValueError:
                continue
    for key in ("published", "updated", "created", "dc_date"):
        raw = dict.get(entry, key)
        if isinstance(raw, str) and raw.strip():
            return raw  # normalization parses it, or falls back to the text
    return None


class FeedReader(SuffixReader):
    """``.rss``, ``.atom`` and feed ``.xml`` files, and ``http(s)://`` URLs. Each entry is
    a record (``feed#entry=N``) with its content or summary as text. A URL that serves an
    HTML page instead of a feed is read as that page."""

    format = "feed"
    name = "feed.v1"
    suffixes = (".rss", ".atom", ".xml", ".rss.gz", ".atom.gz", ".xml.gz")

    def can_read(self, location: str) -> bool:
        return location.startswith(("http://", "https://")) or super().can_read(location)

    def read(self, location: str, options: ReadOptions) -> Iterator[RawRecord | Quarantined]:
        import feedparser

        content = self._content(location, options)
        if isinstance(content, Quarantined):
            yield content
            return
        if not content.strip():
            yield self.quarantine(location, E.BW301, "the feed is empty")
            return
        parsed = feedparser.parse(content)  # bytes: feedparser never fetches anything itself
        entries = parsed.get("entries") or []
        if not entries:
            head = content[:2048].lower()
            if location.startswith(("http://", "https://")) and (b"<html" in head or b"<!doctype html" in head):
                page = decode_bytes(content)
                if page is not None:
                    yield RawRecord(location=location, reader="html.v1", html=page, url=location)
                    return
            problem = parsed.get("bozo_exception")
            reason = f"not a readable feed: {problem}" if problem else "the feed has no entries"
            code = E.BW303 if problem else E.BW301
            yield self.quarantine(location, code, reason, content)
            return
        outlet = parsed.get("feed", {}).get("title") or None
        for number, entry in enumerate(entries, start=1):
            where = f"{location}#entry={number}"
            bodies = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
            body = max(bodies, key=len) if bodies else entry.get("summary", "") or entry.get("description", "")
            text = fragment_text(body).strip() if isinstance(body, str) else ""
            title = entry.get("title") or None
            if not text:
                yield self.quarantine(where, E.BW306, "entry has neither content nor summary", title or "")
                continue
            yield RawRecord(
                location=where,
                reader=self.name,
                text=text,
                title=title,
                url=entry.get("link") or None,
                outlet=outlet,
                published=_date(entry),
                lang=entry.get("language") or parsed.get("feed", {}).get("language") or None,
            )

    def _content(self, location: str, options: ReadOptions) -> bytes | Quarantined:
        limit = options.max_record_bytes
        if location.startswith(("http://", "https://")):
            try:
                return options.transport.fetch(location, timeout=options.http_timeout, max_bytes=limit).content
            except FetchError as exc:
                return self.quarantine(location, E.BW308, f"cannot fetch the feed: {exc}")
        try:
            if Path(location).stat().st_size > limit and not location.endswith(".gz"):
                return self.quarantine(location, E.BW305, f"feed file over the limit of {limit} bytes")
            with open_binary(location, max_decompressed=options.max_decompressed_bytes) as handle:
                data = handle.read(limit + 1)
        except (OSError, EOFError, zlib.error) as exc:
            return self.io_error(location, location, exc, "cannot read the file")
        if len(data) > limit:
            return self.quarantine(location, E.BW305, f"feed over the limit of {limit} bytes", data)
        return data
