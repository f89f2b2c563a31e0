"""Round trips through every reader (hypothesis): what a writer of the format puts in a
file — in UTF-8, UTF-16 or UTF-32 with a BOM, gzipped or not — the reader gives back."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blocwatch.ingest.readers import READERS, ReadOptions
from blocwatch.ingest.records import RawRecord

from ._warc import write_warc

# Text a news record can hold: any letters, marks, numbers, punctuation, symbols and spaces
# (no control characters but newlines; no lone surrogates).
_CHARS = st.characters(categories=["L", "M", "N", "P", "S", "Zs"], exclude_characters="\x85")
texts = st.text(_CHARS, min_size=1, max_size=60).filter(lambda t: t.strip() != "")
multiline = st.lists(texts, min_size=1, max_size=3).map("\n".join)
encodings = st.sampled_from(["utf-8", "utf-16", "utf-32", "utf-16-be", "utf-8-sig"])
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


def _encode(text: str, encoding: str) -> bytes:
    return (("\ufeff" + text) if encoding == "utf-16-be" else text).encode(encoding)


def _write(name: str, data: bytes, gzipped: bool) -> str:
    folder = Path(tempfile.mkdtemp(prefix="bw-roundtrip-"))
    path = folder / (name + (".gz" if gzipped else ""))
    path.write_bytes(gzip.compress(data) if gzipped else data)
    return str(path)


def _read(fmt: str, location: str) -> list[RawRecord]:
    items = list(READERS[fmt].read(location, ReadOptions()))
    assert all(isinstance(item, RawRecord) for item in items), items
    return [item for item in items if isinstance(item, RawRecord)]


@SETTINGS
@given(st.lists(st.tuples(multiline, texts), min_size=1, max_size=5), encodings, st.booleans())
def test_jsonl(records: list[tuple[str, str]], encoding: str, gzipped: bool) -> None:
    lines = "".join(json.dumps({"text": t, "title": h}, ensure_ascii=False) + "\n" for t, h in records)
    got = _read("jsonl", _write("a.jsonl", _encode(lines, encoding), gzipped))
    assert [(r.text, r.title) for r in got] == records


@SETTINGS
@given(st.lists(st.tuples(multiline, texts), min_size=1, max_size=5), encodings, st.booleans())
def test_json_array(records: list[tuple[str, str]], encoding: str, gzipped: bool) -> None:
    data = json.dumps([{"body": t, "headline": h} for t, h in records], ensure_ascii=False, indent=1)
    got = _read("json", _write("a.json", _encode(data, encoding), gzipped))
    assert [(r.text, r.title) for r in got] == records


@SETTINGS
@given(st.lists(st.tuples(multiline, texts), min_size=1, max_size=5), encodings, st.booleans(), st.booleans())
def test_csv_and_tsv(records: list[tuple[str, str]], encoding: str, gzipped: bool, tabs: bool) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel-tab" if tabs else "excel")
    writer.writerow(["title", "text"])
    writer.writerows([(h, t) for t, h in records])
    got = _read("csv", _write("a.tsv" if tabs else "a.csv", _encode(buffer.getvalue(), encoding), gzipped))
    assert [(r.text, r.title.strip() if r.title else r.title) for r in got] == [(t, h.strip()) for t, h in records]


@SETTINGS
@given(multiline, encodings, st.booleans())
def test_text(text: str, encoding: str, gzipped: bool) -> None:
    (got,) = _read("text", _write("a.txt", _encode(text, encoding), gzipped))
    assert got.text == text


@SETTINGS
@given(texts, encodings)
def test_html(text: str, encoding: str) -> None:
    from html import escape

    page = f"<html><body><article><p>{escape(text)}</p></article></body></html>"
    (got,) = _read("html", _write("a.html", _encode(page, encoding), False))
    assert got.html == page


# feedparser "repairs" what looks like UTF-8 read as Latin-1 ("Â¡" becomes "¡", "Ä¡" "ġ")
# whatever the bytes: a property of feedparser, so the feed round trip leaves such pairs out.
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]")
# A feed's description is HTML to feedparser, which sanitizes it: "<", ">" and "&" are markup there.
feed_texts = texts.filter(lambda t: not _MOJIBAKE.search(t) and not set(t) & set("<>&"))


@SETTINGS
@given(st.lists(st.tuples(feed_texts, feed_texts), min_size=1, max_size=4), encodings)
def test_feed(entries: list[tuple[str, str]], encoding: str) -> None:
    from xml.sax.saxutils import escape

    items = "".join(
        f"<item><title>{escape(h)}</title><description>{escape(t)}</description></item>" for t, h in entries
    )
    feed = f"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>{items}</channel></rss>"
    got = _read("feed", _write("a.rss", _encode(feed, encoding), False))
    assert [" ".join(r.text.split()) for r in got] == [" ".join(t.split()) for t, _ in entries]


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(texts, min_size=1, max_size=4), st.booleans())
def test_warc(bodies: list[str], gzipped: bool) -> None:
    from html import escape

    folder = Path(tempfile.mkdtemp(prefix="bw-roundtrip-"))
    path = folder / ("a.warc.gz" if gzipped else "a.warc")
    pages = [f"<html><body><p>{escape(b)}</p></body></html>" for b in bodies]
    write_warc(path, [(f"https://example.org/{i}", "text/html; charset=utf-8", p.encode()) for i, p in enumerate(pages)],
               gzip=gzipped)  # fmt: skip
    got = _read("warc", str(path))
    assert [r.html for r in got] == pages
