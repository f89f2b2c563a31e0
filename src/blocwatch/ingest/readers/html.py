"""Saved HTML pages: one article per file; main text and metadata come from trafilatura
during normalization."""

from __future__ import annotations

from collections.abc import Iterator

from blocwatch.ingest.readers.base import ReadOptions, SuffixReader, read_whole_file
from blocwatch.ingest.records import Quarantined, RawRecord


class HtmlReader(SuffixReader):
    """``.html`` / ``.htm`` files."""

    format = "html"
    name = "html.v1"
    suffixes = (".html", ".htm", ".xhtml", ".html.gz")

    def read(self, location: str, options: ReadOptions) -> Iterator[RawRecord | Quarantined]:
        content = read_whole_file(self, location, options)
        if isinstance(content, Quarantined):
            yield content
            return
        yield RawRecord(location=location, reader=self.name, html=content)
