"""The steps of ingestion that both engines share (``--engine local`` and ``--engine ray``).

Reading a file with its limits (:func:`read_records`), normalizing records
(:func:`prepare_all`), sorting them into new articles, further sources of stored ones and
sources already recorded (:func:`sort_sources`), language and date (:func:`enrich_all`)
and linking near-duplicates to the first article with the same fingerprint
(:func:`link_near_duplicates`). The local engine runs them all in one process, one batch
at a time; the Ray engine runs the first, second and fourth on the workers and the
de-duplication against the store on the driver, with the same functions, so that both give
the same rows.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import duckdb

from blocwatch.errors import E
from blocwatch.ingest.language import detect_languages
from blocwatch.ingest.limits import RecordTimeout, RecordTimer
from blocwatch.ingest.prepare import Prepared, enrich, given_lang, prepare
from blocwatch.ingest.readers import Reader, ReadOptions
from blocwatch.ingest.records import Article, Quarantined, RawRecord, printable, snippet_of
from blocwatch.ingest.store import SourceRow, original_by_fingerprint

if TYPE_CHECKING:
    from blocwatch.ingest.articles import IngestReport

log = logging.getLogger("blocwatch.ingest")

R = TypeVar("R")
T = TypeVar("T")


def read_records(
    location: str,
    reader: Reader,
    options: ReadOptions,
    timer: RecordTimer,
    *,
    file_seconds: float,
    max_records: int,
) -> Iterator[tuple[RawRecord | Quarantined, bool]]:
    """The records of one file as ``(item, last)``; ``last`` marks the quarantine entry that
    ends the file early (reading too slow, ``BW318``; nested too deep, ``BW314``; the
    reader failed, ``BW311``; too many records, ``BW316``)."""
    items = reader.read(location, options)
    records = 0
    spent = 0.0
    while True:
        started = time.monotonic()
        try:
            with timer.limit(file_seconds - spent if file_seconds > 0 else 0):
                item = next(items)
        except StopIteration:
            return
        except RecordTimeout:
            yield (
                Quarantined(
                    location,
                    E.BW318,
                    f"reading the file took more than {file_seconds:g} s (ingest_file_seconds); "
                    f"the rest of it is skipped after {records} record(s)",
                    reader.name,
                ),
                True,
            )
            return
        except RecursionError:
            yield Quarantined(location, E.BW314, "nested too deep to read; the rest is skipped", reader.name), True
            return
        except Exception as exc:  # a reader bug must not lose the rest of the run
            log.warning("%s: reader %s failed: %s", printable(location), reader.name, exc, exc_info=True)
            yield Quarantined(location, E.BW311, f"reader failed: {exc}", reader.name), True
            return
        spent += time.monotonic() - started
        records += 1
        if records > max_records:
            close = getattr(items, "close", None)  # a generator: let it close its file now
            if close is not None:
                close()
            yield (
                Quarantined(
                    location,
                    E.BW316,
                    f"more than {max_records} records (ingest_max_records_per_file); the rest of the file is skipped",
                    reader.name,
                ),
                True,
            )
            return
        yield item, False


def raw_snippet(raw: RawRecord) -> str:
    return snippet_of(raw.text or raw.html or "")


def guarded(timer: RecordTimer, raw: RawRecord, work: Callable[[], R]) -> R | Quarantined:
    """``work()`` under the per-record time limit; a failure or timeout quarantines ``raw``."""
    try:
        with timer.limit():
            return work()
    except RecordTimeout as exc:
        return Quarantined(raw.location, E.BW307, f"normalizing the record {exc}", raw.reader, raw_snippet(raw))
    except Exception as exc:
        log.debug("%s: %s", raw.location, exc, exc_info=True)
        return Quarantined(raw.location, E.BW311, f"{type(exc).__name__}: {exc}", raw.reader, raw_snippet(raw))


#: ``guard(raw, work)``: :func:`guarded` with its timer bound.
Guard = Callable[[RawRecord, Callable[[], Any]], Any]


def prepare_all(
    records: Iterable[RawRecord],
    guard: Guard,
    quarantined: list[Quarantined],
) -> list[Prepared]:
    """Normalized records with their ids; those that fail go to ``quarantined``."""
    prepared: list[Prepared] = []
    for raw in records:
        result = guard(raw, partial(prepare, raw))
        if isinstance(result, Quarantined):
            quarantined.append(result)
        elif isinstance(result, Prepared):
            prepared.append(result)
    return prepared


def source_row(item: Prepared) -> SourceRow:
    """The ``article_sources`` row of a normalized record."""
    return SourceRow(item.id, item.url, item.outlet, item.raw.reader, item.raw.location)


@dataclass
class Sorted(Generic[T]):
    """Records sorted against what is stored: the source rows to add (by
    ``(article_id, location)``), the first record of each new article, and the counts."""

    sources: dict[tuple[str, str], SourceRow] = field(default_factory=dict)
    fresh: dict[str, T] = field(default_factory=dict)
    unchanged: int = 0
    duplicates: int = 0


def sort_sources(
    items: Sequence[T], row_of: Callable[[T], SourceRow], stored: set[str], known: set[tuple[str, str]]
) -> Sorted[T]:
    """Sort ``items`` (in input order) into sources already recorded (``unchanged``: the same
    article from the same place), further sources of an article stored or seen earlier
    (``duplicates``), and new articles (``fresh``, the first item of each)."""
    out: Sorted[T] = Sorted()
    for item in items:
        row = row_of(item)
        key = (row.article_id, row.location)
        if key in known or key in out.sources:
            out.unchanged += 1
            continue
        out.sources[key] = row
        if row.article_id in stored or row.article_id in out.fresh:
            out.duplicates += 1
            continue
        out.fresh[row.article_id] = item
    return out


def enrich_all(
    fresh: dict[str, Prepared],
    guard: Guard,
    quarantined: list[Quarantined],
) -> dict[str, Article]:
    """Language (stated by the input, else detected), publication date and fingerprint of
    new articles; those that fail go to ``quarantined``."""
    langs = {item.id: given_lang(item) for item in fresh.values()}
    unknown = [item for item in fresh.values() if langs[item.id] is None]
    langs.update(zip((item.id for item in unknown), detect_languages([i.text for i in unknown]), strict=True))
    new: dict[str, Article] = {}
    for item in fresh.values():
        article = guard(item.raw, partial(enrich, item, langs[item.id] or "other"))
        if isinstance(article, Quarantined):  # its source rows (and its copies') are dropped by the caller
            quarantined.append(article)
        elif isinstance(article, Article):
            new[item.id] = article
    return new


def link_near_duplicates(
    con: duckdb.DuckDBPyConnection, articles: Iterable[Article]
) -> list[tuple[Article, str | None]]:
    """``(article, duplicate_of)``: the first article stored or listed with the same
    fingerprint is the original, later ones point to it."""
    new = list(articles)
    originals = original_by_fingerprint(con, list({a.fingerprint for a in new}))
    rows: list[tuple[Article, str | None]] = []
    for article in new:
        original = originals.setdefault(article.fingerprint, article.id)
        rows.append((article, original if original != article.id else None))
    return rows


def count_stored(report: IngestReport, rows: Sequence[tuple[Article, str | None]]) -> None:
    """Add stored articles to the report (by language, and the near-duplicates)."""
    for article, duplicate_of in rows:
        report.stored += 1
        report.by_lang[article.lang] += 1
        if duplicate_of is not None:
            report.near_duplicates += 1
