"""The ingestion facade, ``bw.articles``: read inputs, normalize, de-duplicate, store in
batches, run the post-store stages.

    >>> from blocwatch import open_blocwatch
    >>> bw = open_blocwatch(":memory:", build=False, extract_on_ingest=False)
    >>> report = bw.articles.ingest(["news/"])  # doctest: +SKIP
    >>> report.stored, report.quarantined  # doctest: +SKIP
    (120, 2)
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from blocwatch.errors import E, UsageError
from blocwatch.ingest.batch import (
    count_stored,
    enrich_all,
    guarded,
    link_near_duplicates,
    prepare_all,
    read_records,
    sort_sources,
    source_row,
)
from blocwatch.ingest.limits import RecordTimer
from blocwatch.ingest.pipeline import resume_post_store_stages, run_post_store_stages
from blocwatch.ingest.readers import FIELDS, Reader, ReadOptions, plan
from blocwatch.ingest.records import Quarantined, RawRecord, printable, storable
from blocwatch.ingest.store import existing_ids, existing_sources, write_batch
from blocwatch.ingest.transport import Transport, UrllibTransport

if TYPE_CHECKING:
    from blocwatch.core import Blocwatch

log = logging.getLogger("blocwatch.ingest")

R = TypeVar("R")

_BATCH_BYTES = 32 << 20
#: Quarantined records logged one by one at WARNING per run; further ones at DEBUG.
QUARANTINE_WARNINGS = 50


@dataclass
class IngestReport:
    """What one ingest run did. ``read`` counts every record seen, quarantined or not."""

    files: int = 0
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    unchanged: int = 0
    quarantined: int = 0
    bytes_read: int = 0
    by_lang: Counter[str] = field(default_factory=Counter)
    quarantine_reasons: Counter[str] = field(default_factory=Counter)
    strict: bool = False
    current: str = ""
    resumed: int = 0
    skipped: int = 0

    @property
    def failed(self) -> bool:
        """True under ``strict`` when anything was quarantined."""
        return self.strict and self.quarantined > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "read": self.read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "unchanged": self.unchanged,
            "quarantined": self.quarantined,
            "by_lang": dict(sorted(self.by_lang.items())),
            "quarantine_reasons": dict(sorted(self.quarantine_reasons.items())),
            "resumed": self.resumed,
            "skipped": self.skipped,
            "strict": self.strict,
            "failed": self.failed,
        }


@dataclass(frozen=True)
class QuarantineEntry:
    """A row of the quarantine table."""

    location: str
    reason_code: str
    reason: str
    reader: str | None
    created_at: dt.datetime
    snippet: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "reason_code": self.reason_code,
            "reason": self.reason,
            "reader": self.reader,
            "created_at": self.created_at.isoformat(),
            "snippet": self.snippet,
        }


def parse_fields(pairs: Iterable[str]) -> dict[str, str]:
    """``["text=body", "date=pubdate"]`` → ``{"text": "body", "date": "pubdate"}``."""
    fields: dict[str, str] = {}
    for pair in pairs:
        name, sep, key = pair.partition("=")
        name, key = name.strip(), key.strip()
        if not sep or not key or name not in FIELDS:
            raise UsageError(E.BW309, f"bad field mapping {pair!r}")
        fields[name] = key
    return fields


def read_options(settings: Any, fields: Mapping[str, str] | None, transport: Transport | None = None) -> ReadOptions:
    """The readers' options from the ``ingest_*`` settings."""
    return ReadOptions(
        fields=dict(fields or {}),
        max_record_bytes=int(settings.get("ingest_max_record_bytes")),
        http_timeout=float(settings.get("ingest_http_timeout")),
        transport=transport or UrllibTransport(),
        max_fields=int(settings.get("ingest_max_fields")),
        max_depth=int(settings.get("ingest_max_depth")),
        max_decompressed_bytes=int(settings.get("ingest_max_decompressed_bytes")),
    )


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class _Batch:
    def __init__(self) -> None:
        self.records: list[RawRecord] = []
        self.quarantined: list[Quarantined] = []
        self.size = 0

    def __len__(self) -> int:
        return len(self.records) + len(self.quarantined)


class Articles:
    """Ingestion and the article tables of one store (``bw.articles``)."""

    def __init__(
        self,
        bw: Blocwatch,
        *,
        transport: Transport | None = None,
        clock: Callable[[], dt.datetime] = _utcnow,
    ) -> None:
        self.bw = bw
        self.con = bw.con
        self.transport = transport or UrllibTransport()
        self.clock = clock

    # --- ingestion ----------------------------------------------------------------------
    def ingest(
        self,
        paths_or_urls: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
        *,
        strict: bool = False,
        progress: Callable[[IngestReport], None] | None = None,
        format: str | None = None,
        fields: Mapping[str, str] | None = None,
        transport: Transport | None = None,
        stages: Sequence[str] | None = None,
    ) -> IngestReport:
        """Read files, folders or feed URLs into the store and return what happened.

        ``format`` forces a reader (``"jsonl"``, …); ``fields`` maps article fields to the
        input's keys (``{"text": "body"}``); ``stages`` overrides the post-store stages.
        Usage errors (a missing path, an unknown format) are raised before anything is
        written; unreadable records are quarantined and the run goes on.
        """
        if isinstance(paths_or_urls, str | os.PathLike):
            paths_or_urls = [paths_or_urls]
        inputs = [os.fspath(item) for item in paths_or_urls]
        if not inputs:
            raise UsageError(E.BW007, "nothing to ingest", hint="pass at least one file, folder or URL")
        bad = [key for key in (fields or {}) if key not in FIELDS]
        if bad:
            raise UsageError(E.BW309, f"unknown field {bad[0]!r}")
        settings = self.bw.settings
        options = read_options(settings, fields, transport or self.transport)
        planned = [item for location in inputs for item in plan(location, format_name=format)]
        report = IngestReport(strict=strict)
        batch_size = max(1, int(settings.get("ingest_batch_size")))
        report.resumed = sum(resume_post_store_stages(self.bw, stages, batch_size=batch_size).values())
        with RecordTimer(float(settings.get("ingest_record_seconds"))) as timer:
            self._run(planned, options, report, batch_size, timer, progress, stages)
        return report

    def _run(
        self,
        planned: list[tuple[str, Reader]],
        options: ReadOptions,
        report: IngestReport,
        batch_size: int,
        timer: RecordTimer,
        progress: Callable[[IngestReport], None] | None,
        stages: Sequence[str] | None,
    ) -> None:
        batch = _Batch()
        settings = self.bw.settings
        file_seconds = float(settings.get("ingest_file_seconds"))
        max_records = int(settings.get("ingest_max_records_per_file"))
        for location, reader in planned:
            report.files += 1
            report.current = location
            if storable(location) != location:
                log.warning("file name is not valid UTF-8: read, and recorded as %s", printable(storable(location)))
            for item, last in read_records(
                location, reader, options, timer, file_seconds=file_seconds, max_records=max_records
            ):
                self._add(batch, item, report)
                if last:
                    break
                if progress is not None:
                    progress(report)
                if len(batch) >= batch_size or batch.size >= _BATCH_BYTES:
                    self._flush(batch, report, timer, stages)
                    batch = _Batch()
        self._flush(batch, report, timer, stages)
        if progress is not None:
            progress(report)

    def _add(self, batch: _Batch, item: RawRecord | Quarantined, report: IngestReport) -> None:
        report.read += 1
        if storable(item.location) != item.location:  # a file name that is not valid UTF-8
            item = replace(item, location=storable(item.location))
        if isinstance(item, Quarantined):
            batch.quarantined.append(item)
        else:
            batch.records.append(item)
            batch.size += len(item.text or item.html or "")

    def _quarantine(self, item: Quarantined, report: IngestReport) -> None:
        # One warning per record, up to a cap per run; the rest go to the debug log and the
        # quarantine table (`blocwatch quarantine` lists them all).
        level = logging.WARNING if report.quarantined < QUARANTINE_WARNINGS else logging.DEBUG
        log.log(level, "quarantined %s: [%s] %s", printable(item.location), item.code.id, printable(item.reason))
        if report.quarantined == QUARANTINE_WARNINGS:
            log.warning("more records quarantined: further warnings go to the debug log; see `blocwatch quarantine`")
        report.quarantined += 1
        report.quarantine_reasons[item.code.id] += 1
        if item.code is E.BW312:
            report.skipped += 1

    def _flush(self, batch: _Batch, report: IngestReport, timer: RecordTimer, stages: Sequence[str] | None) -> None:
        if not len(batch):
            return
        quarantined = list(batch.quarantined)
        prepared = prepare_all(batch.records, partial(guarded, timer), quarantined)
        ids = list(dict.fromkeys(p.id for p in prepared))
        stored = existing_ids(self.con, ids)
        sorted_ = sort_sources(prepared, source_row, stored, existing_sources(self.con, ids))
        report.unchanged += sorted_.unchanged
        report.duplicates += sorted_.duplicates
        new = enrich_all(sorted_.fresh, partial(guarded, timer), quarantined)
        kept = [row for row in sorted_.sources.values() if row.article_id in new or row.article_id in stored]
        rows = link_near_duplicates(self.con, new.values())
        write_batch(self.con, rows, kept, quarantined, now=self.clock())
        for entry in quarantined:
            self._quarantine(entry, report)
        count_stored(report, rows)
        report.bytes_read += batch.size
        run_post_store_stages(self.bw, [article.id for article, _ in rows], stages)

    # --- queries ------------------------------------------------------------------------
    def count(self) -> int:
        """Number of stored articles."""
        row = self.con.execute("select count(*) from articles").fetchone()
        return int(row[0]) if row else 0

    def stats(self) -> dict[str, Any]:
        """Counts of articles, duplicates, quarantined records, events and proposals.

        ``duplicates`` counts articles linked to an earlier near-identical one
        (``duplicate_of``); ``duplicate_sources`` counts the further places exact copies
        came from (rows of ``article_sources`` beyond one per article).
        """

        def scalar(sql: str) -> int:
            row = self.con.execute(sql).fetchone()
            return int(row[0]) if row and row[0] is not None else 0

        tables = {row[0] for row in self.con.execute("select table_name from information_schema.tables").fetchall()}
        by_lang = dict(self.con.execute("select lang, count(*) from articles group by lang order by lang").fetchall())
        articles = scalar("select count(*) from articles")
        sources = scalar("select count(*) from article_sources")
        return {
            "articles": articles,
            "duplicates": scalar("select count(*) from articles where duplicate_of is not null"),
            "sources": sources,
            "duplicate_sources": sources - articles,
            "quarantined": scalar("select count(*) from quarantine"),
            "events": scalar("select count(*) from events") if "events" in tables else 0,
            "proposals": scalar("select count(*) from proposals") if "proposals" in tables else 0,
            "by_lang": {str(k): int(v) for k, v in by_lang.items()},
        }

    def quarantined(self, *, limit: int | None = None) -> list[QuarantineEntry]:
        """What was set aside, newest first."""
        sql = "select location, reason_code, reason, reader, created_at, snippet from quarantine"
        sql += " order by created_at desc, location"
        params: list[Any] = []
        if limit is not None:
            sql += " limit ?"
            params.append(int(limit))
        return [QuarantineEntry(*row) for row in self.con.execute(sql, params).fetchall()]

    def get(self, article_id: str) -> dict[str, Any] | None:
        """One article as a mapping, with its ``sources``; ``None`` if unknown."""
        cursor = self.con.execute("select * from articles where id = ?", [article_id])
        row = cursor.fetchone()
        if row is None:
            return None
        columns = [d[0] for d in cursor.description or []]
        article = dict(zip(columns, row, strict=True))
        article["sources"] = [
            {"url": url, "outlet": outlet, "reader": reader, "location": location}
            for url, outlet, reader, location in self.con.execute(
                "select url, outlet, reader, location from article_sources where article_id = ? order by location",
                [article_id],
            ).fetchall()
        ]
        return article
