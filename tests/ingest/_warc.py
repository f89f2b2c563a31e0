"""Writing small WARC archives for tests (warcio)."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def write_warc(path: Path, pages: list[tuple[str, str, bytes]], *, gzip: bool = True) -> None:
    """A WARC of (url, content type, body) HTTP responses, each preceded by its request."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        for url, content_type, body in pages:
            request = writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True),
            )
            writer.write_record(request)
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )


def article_html(number: int, *, words: int = 120) -> bytes:
    """A small news page with boilerplate around a unique article body."""
    body = " ".join(f"word{(number * 7 + i) % 997}" for i in range(words))
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Story {number}</title><meta property='article:published_time' content='2020-02-06T10:00:00Z'>"
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Story {number}: regional ministers meet</h1>"
        f"<p>Ministers of the region met on Thursday to discuss integration, story number {number}.</p>"
        f"<p>{body}.</p><p>The meeting ended with a joint declaration on cooperation.</p></article>"
        "<footer>Copyright 2020 Example News. All rights reserved.</footer></body></html>"
    ).encode()
