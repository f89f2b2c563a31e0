"""From a raw record to an :class:`Article`: HTML extraction, normalization, id,
fingerprint, language and publication date."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from blocwatch.errors import E
from blocwatch.ingest.language import canonical_lang
from blocwatch.ingest.normalize import fingerprint, hash_normalized, normalize_text
from blocwatch.ingest.published import date_from_text, parse_published
from blocwatch.ingest.records import Article, Quarantined, RawRecord, snippet_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prepared:
    """A record with its text normalized and its id computed (the cheap first step)."""

    raw: RawRecord
    id: str
    text: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | dt.date | None


def _extract_html(raw: RawRecord) -> Prepared | Quarantined:
    import trafilatura

    assert raw.html is not None
    document = trafilatura.bare_extraction(
        raw.html, url=raw.url, with_metadata=True, include_comments=False, include_tables=False
    )
    meta: dict[str, Any] = {}
    if isinstance(document, dict):
        meta = document
    elif document is not None:
        meta = {key: getattr(document, key, None) for key in ("text", "title", "url", "sitename", "hostname", "date")}
    text = normalize_text(meta.get("text") or "")
    if not text:
        return Quarantined(raw.location, E.BW306, "no article text found in the HTML", raw.reader, snippet_of(raw.html))
    return Prepared(
        raw=raw,
        id=hash_normalized(text),
        text=text,
        title=raw.title or meta.get("title") or None,
        url=raw.url or meta.get("url") or None,
        outlet=raw.outlet or meta.get("sitename") or meta.get("hostname") or None,
        published=raw.published or meta.get("date") or None,
    )


def prepare(raw: RawRecord) -> Prepared | Quarantined:
    """Normalize the text (extracting it from HTML first) and compute the article id."""
    if raw.html is not None:
        return _extract_html(raw)
    text = normalize_text(raw.text or "")
    if not text:
        return Quarantined(raw.location, E.BW306, "the record has no text", raw.reader, snippet_of(raw.text or ""))
    title = normalize_text(raw.title) if raw.title else None
    return Prepared(raw, hash_normalized(text), text, title or None, raw.url, raw.outlet, raw.published)


def given_lang(item: Prepared) -> str | None:
    """The language the input states for the record, if any (``en``/``es``/``pt``/``other``)."""
    return canonical_lang(item.raw.lang)


def enrich(item: Prepared, lang: str) -> Article:
    """Publication date and fingerprint of a new article whose language is known."""
    published = parse_published(item.published)
    source = "metadata"
    if published is None:
        if item.published is not None:
            log.debug("%s: unreadable date %r; looking in the text", item.raw.location, item.published)
        published = date_from_text(item.text, lang=lang)
        source = "text" if published is not None else "unknown"
    return Article(
        id=item.id,
        fingerprint=fingerprint(item.text, normalized=True),
        title=item.title,
        text=item.text,
        lang=lang,
        published=published,
        published_source=source,
        url=item.url.strip() if item.url else None,
        outlet=item.outlet.strip() if item.outlet else None,
        reader=item.raw.reader,
        location=item.raw.location,
    )
