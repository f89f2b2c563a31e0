"""HTML pages, RSS/Atom feeds (files and URLs through a mock transport) and WARC archives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from blocwatch.core import Blocwatch
from blocwatch.ingest import MockTransport, Response

from ._warc import article_html, write_warc

Count = Callable[[Blocwatch, str], int]

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://wire.example/</link>
<language>es</language>
<item><title>CELAC se reune en Mexico</title><link>https://wire.example/1</link>
<pubDate>Thu, 06 Feb 2020 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Los cancilleres de la CELAC se reunieron en la Ciudad de Mexico para hablar de integracion.&lt;/p&gt;</description></item>
<item><title>Fecha rota</title><link>https://wire.example/2</link>
<pubDate>Jueves 99 de Nada, a las tantas</pubDate>
<description>El 16 de enero de 2020 Brasil suspendio su participacion en la CELAC, informo la cancilleria.</description></item>
<item><title>Sin fecha</title><link>https://wire.example/3</link>
<pubDate>not a date</pubDate>
<description>Una nota breve sobre la integracion regional sin fecha alguna en el texto.</description></item>
<item><title>Vacia</title><link>https://wire.example/4</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Example</title><id>urn:x</id><updated>2020-02-06T00:00:00Z</updated>
<entry><title>Mercosul e UE</title><id>urn:1</id><link href="https://atom.example/1"/>
<updated>2019-06-28T12:00:00Z</updated>
<content type="html">&lt;p&gt;O Mercosul e a União Europeia concluíram as negociações do acordo comercial em Bruxelas.&lt;/p&gt;</content>
</entry></feed>""".encode()


def test_html_page_with_trafilatura(store: Blocwatch, tmp_path: Path) -> None:
    (tmp_path / "page.html").write_bytes(article_html(7))
    report = store.articles.ingest([str(tmp_path / "page.html")])
    assert (report.stored, report.quarantined) == (1, 0)
    title, text, published, source, reader = store.con.execute(
        "select title, text, published, published_source, reader from articles"
    ).fetchone()
    assert title == "Story 7: regional ministers meet"
    assert "story number 7" in text
    assert "Home" not in text and "All rights reserved" not in text
    assert (published, source, reader) == (dt.date(2020, 2, 6), "metadata", "html.v1")


def test_rss_file_with_broken_dates(store: Blocwatch, tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_bytes(RSS)
    report = store.articles.ingest([str(path)])
    assert (report.read, report.stored, report.quarantined) == (4, 3, 1)
    rows = store.con.execute(
        "select title, published, published_source, outlet, url, lang from articles order by url"
    ).fetchall()
    assert rows == [
        ("CELAC se reune en Mexico", dt.date(2020, 2, 6), "metadata", "Example Wire", "https://wire.example/1", "es"),
        ("Fecha rota", dt.date(2020, 1, 16), "text", "Example Wire", "https://wire.example/2", "es"),
        ("Sin fecha", None, "unknown", "Example Wire", "https://wire.example/3", "es"),
    ]
    (entry,) = store.articles.quarantined()
    assert (entry.reason_code, entry.location) == ("BW306", f"{path}#entry=4")


def test_atom_over_http_with_mock_transport(store: Blocwatch) -> None:
    transport = MockTransport({"https://atom.example/feed": ATOM})
    report = store.articles.ingest(["https://atom.example/feed"], transport=transport)
    assert transport.requested == ["https://atom.example/feed"]
    assert report.stored == 1
    row = store.con.execute("select published, lang, outlet, location from articles").fetchone()
    assert row == (dt.date(2019, 6, 28), "pt", "Atom Example", "https://atom.example/feed#entry=1")


def test_unreachable_url_is_quarantined(store: Blocwatch) -> None:
    report = store.articles.ingest(["https://nowhere.example/feed"], transport=MockTransport({}))
    assert report.quarantine_reasons == {"BW308": 1}


def test_url_serving_a_page_reads_the_page(store: Blocwatch) -> None:
    page = Response("https://news.example/story", article_html(3), "text/html")
    report = store.articles.ingest(["https://news.example/story"], transport=MockTransport({page.url: page}))
    assert report.stored == 1
    assert store.con.execute("select reader, url from articles").fetchone() == ("html.v1", "https://news.example/story")


def test_warc_reads_html_responses_only(store: Blocwatch, tmp_path: Path, count: Count) -> None:
    path = tmp_path / "crawl.warc.gz"
    pages = [(f"https://news.example/{i}", "text/html; charset=utf-8", article_html(i)) for i in range(5)]
    pages.append(("https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100))
    pages.append(("https://news.example/data.json", "application/json", b'{"text": "not a page"}'))
    latin = "<html><body><article><p>" + "Integración y cooperación en la región andina. " * 10
    pages.append(
        (
            "https://news.example/latin",
            "text/html; charset=iso-8859-1",
            (latin + "</p></article></body></html>").encode("latin-1"),
        )
    )
    write_warc(path, pages)
    report = store.articles.ingest([str(path)])
    assert (report.read, report.stored, report.quarantined) == (6, 6, 0)
    assert count(store, "articles") == 6
    outlets = {row[0] for row in store.con.execute("select distinct outlet from articles").fetchall()}
    assert outlets == {"news.example"}
    (latin_text,) = store.con.execute("select text from articles where url like '%latin'").fetchone()
    assert "Integración y cooperación" in latin_text
    assert all("@" in row[0] for row in store.con.execute("select location from articles").fetchall())
