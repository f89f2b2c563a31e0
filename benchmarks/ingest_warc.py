"""Benchmark: generate a WARC.GZ of N HTML responses (default 10,000, with request
records and some non-HTML responses between them, as in a crawl), then ingest it into a
fresh DuckDB file without extraction. Prints records/s, MB/s and peak RSS.

    .venv/bin/python benchmarks/ingest_warc.py [--pages 10000] [--words 300]

The pages are synthetic: a news-like layout (navigation, article, footer) around a body
of pseudo-random words, so each page is distinct and trafilatura has real work to do.
"""

from __future__ import annotations

import argparse
import io
import logging
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ingest_figures, print_figures

WORDS = [
    "integration",
    "region",
    "summit",
    "minister",
    "foreign",
    "trade",
    "agreement",
    "cooperation",
    "bloc",
    "presidency",
    "dialogue",
    "mechanism",
    "partner",
    "declaration",
    "member",
    "state",
    "council",
    "meeting",
    "economy",
    "security",
    "energy",
    "climate",
    "infrastructure",
    "investment",
    "development",
    "market",
    "tariff",
    "customs",
    "union",
    "parliament",
    "vote",
    "treaty",
]


def page(number: int, rng: random.Random, words: int) -> bytes:
    paragraphs = []
    for _ in range(max(1, words // 60)):
        sentence = " ".join(rng.choice(WORDS) for _ in range(60))
        paragraphs.append(f"<p>{sentence.capitalize()}, report {number}.</p>")
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Report {number}</title>"
        "<meta property='article:published_time' content='2020-02-06T10:00:00Z'></head><body>"
        "<header><nav><a href='/'>Home</a> | <a href='/world'>World</a> | <a href='/region'>Region</a></nav></header>"
        f"<main><article><h1>Report {number}: ministers meet</h1>{''.join(paragraphs)}</article>"
        "<aside><h3>Most read</h3><ul><li><a href='/a'>Another story</a></li></ul></aside></main>"
        "<footer>Copyright 2020 Example News. All rights reserved.</footer></body></html>"
    ).encode()


def write_archive(path: Path, pages: int, words: int) -> int:
    """Write the archive; returns the bytes of HTML written (uncompressed)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(20200206)
    html_bytes = 0
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number in range(pages):
            url = f"https://news{number % 50}.example/story/{number}"
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
            writer.write_record(
                writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request)
            )
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            html = page(number, rng, words)
            html_bytes += len(html)
            body = io.BytesIO(html)
            writer.write_record(writer.create_warc_record(url, "response", payload=body, http_headers=headers))
            if number % 10 == 0:  # an image now and then, skipped by the reader
                image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                png = io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(rng.randbytes(2000)))
                writer.write_record(
                    writer.create_warc_record(url + ".png", "response", payload=png, http_headers=image)
                )
    return html_bytes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000, help="HTML responses in the archive")
    parser.add_argument("--words", type=int, default=300, help="words of article text per page")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "crawl.warc.gz"
        started = time.perf_counter()
        html_bytes = write_archive(archive, args.pages, args.words)
        generated = time.perf_counter() - started
        size = archive.stat().st_size
        figures = ingest_figures(Path(tmp) / "warc.duckdb", [str(archive)], size)
    figures["MB/s (HTML, uncompressed)"] = round(html_bytes / 1e6 / figures["seconds"], 2)
    figures["input"] = (
        f"{args.pages} HTML responses ({html_bytes / 1e6:.1f} MB of HTML), {size / 1e6:.1f} MB gzipped WARC"
        f" (generated in {generated:.1f} s)"
    )
    print_figures("Ingestion benchmark: generated WARC.GZ (extraction off)", figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
