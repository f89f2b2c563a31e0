"""Ingestion: read news from text, JSONL, JSON, CSV, HTML, RSS/Atom and WARC into the
store, normalized, de-duplicated and language-tagged, with a quarantine for what cannot
be read. Reach it as ``bw.articles``; see docs/ingest.md.
"""

from blocwatch.ingest.articles import Articles, IngestReport, QuarantineEntry, parse_fields
from blocwatch.ingest.readers import READERS, Reader, ReadOptions, register
from blocwatch.ingest.records import Article, Quarantined, RawRecord
from blocwatch.ingest.transport import MockTransport, Response, Transport, UrllibTransport

__all__ = [
    "READERS",
    "Article",
    "Articles",
    "IngestReport",
    "MockTransport",
    "QuarantineEntry",
    "Quarantined",
    "RawRecord",
    "ReadOptions",
    "Reader",
    "Response",
    "Transport",
    "UrllibTransport",
    "parse_fields",
    "register",
]
