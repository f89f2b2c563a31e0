"""Plain text and Markdown files: one article per file."""

from __future__ import annotations

import re
from collections.abc import Iterator

from blocwatch.ingest.readers.base import ReadOptions, SuffixReader, read_whole_file
from blocwatch.ingest.records import Quarantined, RawRecord

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


class TextReader(SuffixReader):
    """``.txt`` and ``.md`` files. The title is the first line when it is short (a
    Markdown heading loses its ``#``); the date is looked for in the text."""

    format = "text"
    name = "text.v1"
    suffixes = (".txt", ".md", ".markdown", ".txt.gz")

    def read(self, location: str, options: ReadOptions) -> Iterator[RawRecord | Quarantined]:
        content = read_whole_file(self, location, options)
        if isinstance(content, Quarantined):
            yield content
            return
        first = next((line.strip() for line in content.splitlines() if line.strip()), "")
        title = _HEADING.sub("", first).strip() if len(first) <= 200 else None
        yield RawRecord(location=location, reader=self.name, text=content, title=title or None)
