"""``blocwatch ingest --engine ray``: the same ingestion, on a Ray cluster.

The driver plans the inputs into shards (:func:`plan_shards`: runs of at most
``cluster_records_per_shard`` records of one file, or several small files). Ray Data hands
the shards to a pool of workers (one per ``--workers``); each worker runs the same
readers, normalization, language detection and extractor as local ingest
(:mod:`blocwatch.ingest.batch`; the extractor is built once on the driver from the
reference graph and shipped to the workers, which need no database) and writes the
shard's rows as Parquet (:mod:`blocwatch.ingest.parquet`). The driver merges the shards
into the store in input order with the same de-duplication, near-duplicate linking and
quarantine as local ingest (:func:`merge_shard`), so both engines give the same ids.

A worker that dies is restarted by Ray and its shard retried (``cluster_max_retries``).
``manifest.json`` in the work folder records the shards written and merged; re-running the
same command skips them. A record that fails is quarantined with its shard and offset.

    >>> report = ingest_cluster(bw, ["news/"], workers=2)  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blocwatch.errors import CODES, E, UsageError
from blocwatch.ingest.articles import IngestReport
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
from blocwatch.ingest.parquet import (
    article_of,
    article_row,
    quarantine_row,
    read_manifest,
    read_shard,
    shard_file,
    source_row_dict,
    write_manifest,
    write_shard,
)
from blocwatch.ingest.pipeline import resume_post_store_stages
from blocwatch.ingest.readers import Reader, ReadOptions, plan
from blocwatch.ingest.records import Quarantined, RawRecord, storable
from blocwatch.ingest.store import SourceRow, existing_ids, existing_sources, write_batch

if TYPE_CHECKING:
    from blocwatch.core import Blocwatch

log = logging.getLogger("blocwatch.ingest")

#: Formats whose files hold many records (split into several shards when large).
MULTI_RECORD = frozenset({"warc", "jsonl", "json", "csv"})


def require_ray() -> Any:
    """The ``ray`` module, or a coded error naming the extra to install."""
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise UsageError(E.BW600, f"--engine ray needs Ray ({exc})") from None
    return ray


@dataclass(frozen=True)
class Part:
    """Records ``[start, stop)`` of one file (``stop`` None: to the end), counted from byte
    ``seek`` (WARC: the offset of the shard's first record, so a worker does not read the
    records before it)."""

    location: str
    reader: Reader
    start: int = 0
    stop: int | None = None
    seek: int = 0
    base: int = 0  # the number of the part's first record in the file (when ``seek`` is set)


@dataclass(frozen=True)
class Shard:
    index: int
    parts: tuple[Part, ...]
    records: int


def _count(location: str, reader: Reader, options: ReadOptions, max_records: int, every: int) -> tuple[int, list[int]]:
    """Records in a file, and for a WARC the byte offset of every ``every``-th record."""
    timer = RecordTimer(0)
    total = 0
    seeks: list[int] = []
    for item, _last in read_records(location, reader, options, timer, file_seconds=0, max_records=max_records):
        if reader.format == "warc" and total % every == 0:
            _, at, offset = item.location.rpartition("@")
            seeks.append(int(offset) if at and offset.isdigit() else -1)
        total += 1
    return total, seeks


def plan_shards(
    planned: Sequence[tuple[str, Reader]], options: ReadOptions, *, per_shard: int, max_records: int
) -> list[Shard]:
    """Shards of at most ``per_shard`` records, in input order. Files of many-record formats
    are counted (read once, cheaply: no normalization) and cut into runs; single-record files
    are grouped."""
    shards: list[Shard] = []
    group: list[Part] = []

    def close_group() -> None:
        if group:
            shards.append(Shard(len(shards), tuple(group), len(group)))
            group.clear()

    for location, reader in planned:
        if reader.format not in MULTI_RECORD:
            group.append(Part(location, reader))
            if len(group) >= per_shard:
                close_group()
            continue
        close_group()
        total, seeks = _count(location, reader, options, max_records, per_shard)
        starts = list(range(0, max(total, 1), per_shard))
        for n, start in enumerate(starts):
            stop = None if n == len(starts) - 1 else start + per_shard
            seek = seeks[n] if n < len(seeks) and seeks[n] > 0 and n > 0 else 0
            part = Part(location, reader, 0, None if stop is None else per_shard, seek, start) if seek else None
            part = part or Part(location, reader, start, stop)
            shards.append(Shard(len(shards), (part,), (stop or total) - start))
    close_group()
    return shards


@dataclass
class Job:
    """What every worker needs: the shards, read options, limits and the extractor (None
    when ``extract_on_ingest`` is off). Pickled once and shipped to the workers."""

    shards: list[Shard]
    options: ReadOptions
    output: str
    record_seconds: float
    file_seconds: float
    max_records: int
    extractor: Any = None


def process_shard(job: Job, shard: Shard) -> dict[str, Any]:
    """Read, normalize, detect languages, code and write one shard; returns its summary."""
    started = time.monotonic()
    records: list[RawRecord] = []
    quarantined: list[Quarantined] = []
    offsets: dict[str, tuple[str, int]] = {}  # location of a record → (file, offset in it)
    read = 0
    with RecordTimer(job.record_seconds) as timer:
        for part in shard.parts:
            items = read_records(
                part.location,
                part.reader,
                dataclasses.replace(job.options, start=part.seek) if part.seek else job.options,
                timer,
                file_seconds=job.file_seconds,
                max_records=job.max_records,
            )
            for position, (item, _last) in enumerate(items):
                if position < part.start:
                    continue
                if part.stop is not None and position >= part.stop:
                    break
                read += 1
                if storable(item.location) != item.location:
                    item = dataclasses.replace(item, location=storable(item.location))
                offsets.setdefault(item.location, (part.location, part.base + position))
                if isinstance(item, Quarantined):
                    quarantined.append(item)
                else:
                    records.append(item)
        guard = partial(guarded, timer)
        prepared = prepare_all(records, guard, quarantined)
        fresh = sort_sources(prepared, source_row, set(), set()).fresh
        new = enrich_all(fresh, guard, quarantined)
    extraction, uncoded = _code(job.extractor, list(new.values()), quarantined) if job.extractor else ({}, set())
    quarantined = [_located(item, shard.index, offsets.get(item.location)) for item in quarantined]
    tables: dict[str, list[dict[str, Any]]] = {
        "articles": [
            {**article_row(a), "coded": a.id not in uncoded and job.extractor is not None} for a in new.values()
        ],
        "sources": [source_row_dict(source_row(p)) for p in prepared],
        "quarantine": [quarantine_row(q) for q in quarantined],
        **extraction,
    }
    write_shard(Path(job.output), shard.index, tables)
    return {
        "shard": shard.index,
        "records": read,
        "articles": len(new),
        "quarantined": len(quarantined),
        "events": len(extraction.get("events", [])),
        "seconds": round(time.monotonic() - started, 2),
        "worker": os.getpid(),
    }


def _located(item: Quarantined, shard: int, where: tuple[str, int] | None) -> Quarantined:
    """The quarantine entry with its shard and its offset (record number) in the file."""
    if where is None:
        return dataclasses.replace(item, reason=f"{item.reason} [shard {shard}]")
    return dataclasses.replace(item, reason=f"{item.reason} [shard {shard}, record {where[1]}]")


def _code(
    extractor: Any, articles: list[Any], quarantined: list[Quarantined]
) -> tuple[dict[str, list[dict[str, Any]]], set[str]]:
    """Extraction rows per document (so the driver can keep only the articles it stores);
    an article whose coding fails is quarantined (BW604) and left uncoded."""
    from blocwatch.extract.pipeline import Document
    from blocwatch.extract.store import extraction_rows

    docs = [
        Document(id=a.id, text=a.text, date=a.published, lang=a.lang, title=storable(a.title) if a.title else None)
        for a in articles
    ]
    by_doc = {a.id: a for a in articles}
    try:
        results = list(extractor.extract_many(docs))
    except Exception:  # find the document that fails, code the others
        results = []
        for doc in docs:
            try:
                results.extend(extractor.extract_many([doc]))
            except Exception as exc:
                article = by_doc[doc.id]
                log.warning("coding %s failed: %s", article.location, exc, exc_info=True)
                quarantined.append(
                    Quarantined(article.location, E.BW604, f"coding failed: {type(exc).__name__}: {exc}", "extract")
                )
    tables: dict[str, list[dict[str, Any]]] = {"events": [], "proposals": [], "evidence": []}
    for result in results:
        rows = extraction_rows([result])
        tables["events"].extend(rows.events)
        tables["proposals"].extend(rows.proposals)
        tables["evidence"].extend(rows.evidence)
    coded = {r.doc.id for r in results}
    return tables, {a.id for a in articles if a.id not in coded}


class ShardWorker:
    """A Ray Data actor: holds the job (and its extractor, models loaded on first use)."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        summaries = [process_shard(self.job, self.job.shards[int(i)]) for i in batch["shard"]]
        return {"summary": [json.dumps(s) for s in summaries]}


# --- the driver ---------------------------------------------------------------------
@dataclass
class ClusterReport(IngestReport):
    """An ingest report with the Ray engine's shards."""

    engine: str = "ray"
    output: str = ""
    dashboard: str | None = None
    shards: list[dict[str, Any]] = field(default_factory=list)
    failed_shards: list[int] = field(default_factory=list)
    skipped_shards: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.failed_shards) or super().failed

    def to_dict(self) -> dict[str, Any]:
        return {
            **super().to_dict(),
            "engine": self.engine,
            "output": self.output,
            "dashboard": self.dashboard,
            "shards": self.shards,
            "failed_shards": self.failed_shards,
            "skipped_shards": self.skipped_shards,
        }


def merge_shard(bw: Blocwatch, tables: Mapping[str, list[dict[str, Any]]], report: IngestReport) -> list[str]:
    """Bring one shard's rows into the store, as local ingest stores one batch: the same
    de-duplication against the store, near-duplicate links, quarantine and coding state.
    Returns the ids of the articles stored."""
    from blocwatch.extract.coding import coded_by_key, mark_coded
    from blocwatch.extract.store import ExtractionRows, write_rows

    con = bw.con
    sources = [SourceRow(**row) for row in tables["sources"]]
    articles = {row["id"]: row for row in tables["articles"]}
    quarantined = [
        Quarantined(row["location"], CODES[row["reason_code"]], row["reason"], row["reader"], row["snippet"] or "")
        for row in tables["quarantine"]
    ]
    ids = list(dict.fromkeys(row.article_id for row in sources))
    stored = existing_ids(con, ids)
    sorted_ = sort_sources(sources, lambda row: row, stored, existing_sources(con, ids))
    report.unchanged += sorted_.unchanged
    report.duplicates += sorted_.duplicates
    new = {i: article_of(articles[i]) for i in sorted_.fresh if i in articles}
    kept = [row for row in sorted_.sources.values() if row.article_id in new or row.article_id in stored]
    rows = link_near_duplicates(con, new.values())
    write_batch(con, rows, kept, quarantined, now=bw.articles.clock())
    for entry in quarantined:
        bw.articles._quarantine(entry, report)
    count_stored(report, rows)
    coded = [a.id for a, dup in rows if dup is None and articles[a.id].get("coded")]
    if coded and bw.settings.get("extract_on_ingest"):
        wanted = set(coded)
        seen: set[str] = set()
        proposals = []
        for row in tables.get("proposals", []):
            if row["doc_id"] in wanted and row["id"] not in seen:
                seen.add(row["id"])
                proposals.append(row)
        extraction = ExtractionRows(
            doc_ids=coded,
            events=[r for r in tables.get("events", []) if r["doc_id"] in wanted],
            proposals=proposals,
            evidence=[r for r in tables.get("evidence", []) if r["doc_id"] in wanted],
        )
        write_rows(con, extraction, replace=True)
        extractor = bw.events.extractor
        mark_coded(con, coded, key=coded_by_key(extractor), components=extractor.components)
    return [a.id for a, _ in rows]


def _run_key(shards: Sequence[Shard], extract: Any) -> str:
    parts = []
    for shard in shards:
        for part in shard.parts:
            try:
                stat = Path(part.location).stat()
                stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
            except OSError:
                stamp = ""
            parts.append(
                f"{shard.index}|{part.location}|{part.reader.name}|{part.start}|{part.stop}|{part.seek}|{stamp}"
            )
    parts.append(f"coder={extract}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:24]


@contextmanager
def ray_runtime(address: str | None, workers: int, temp_dir: str | None = None) -> Iterator[str | None]:
    """Join the cluster at ``address``, or start a local Ray runtime on 127.0.0.1 with
    ``workers`` CPUs; yields the dashboard URL when one runs. Shuts down what it started."""
    ray = require_ray()
    if ray.is_initialized():
        yield None
        return
    try:
        if address:
            context = ray.init(address=address, log_to_driver=False, configure_logging=False)
        else:
            context = ray.init(
                num_cpus=workers,
                include_dashboard=False,
                _node_ip_address="127.0.0.1",
                _temp_dir=temp_dir or str(Path(tempfile.gettempdir()) / "blocwatch-ray"),
                object_store_memory=200 * 1024 * 1024,
                log_to_driver=False,
                configure_logging=False,
            )
    except Exception as exc:
        raise UsageError(E.BW601, f"cannot start Ray: {type(exc).__name__}: {exc}") from None
    dashboard = getattr(context, "dashboard_url", None) or None
    try:
        yield f"http://{dashboard}" if dashboard and "://" not in dashboard else dashboard
    finally:
        ray.shutdown()


def ingest_cluster(
    bw: Blocwatch,
    inputs: Sequence[str],
    *,
    workers: int = 2,
    address: str | None = None,
    output: str | None = None,
    format: str | None = None,
    fields: Mapping[str, str] | None = None,
    strict: bool = False,
    progress: Callable[[IngestReport], None] | None = None,
    load: bool = True,
) -> ClusterReport:
    """Ingest ``inputs`` on Ray (see the module docstring). With ``load`` False only the
    Parquet dataset is written to ``output`` (``blocwatch ingest --output DIR``)."""
    from blocwatch.ingest.articles import read_options

    ray = require_ray()
    if not inputs:
        raise UsageError(E.BW007, "nothing to ingest", hint="pass at least one file, folder or URL")
    settings = bw.settings
    options = read_options(settings, fields)
    planned = [item for location in inputs for item in plan(location, format_name=format)]
    max_records = int(settings.get("ingest_max_records_per_file"))
    shards = plan_shards(
        planned, options, per_shard=max(1, int(settings.get("cluster_records_per_shard"))), max_records=max_records
    )
    report = ClusterReport(strict=strict)
    report.files = len(planned)
    extract = bool(settings.get("extract_on_ingest"))
    extractor = bw.events.extractor if extract else None
    if load:
        batch_size = max(1, int(settings.get("ingest_batch_size")))
        report.resumed = sum(resume_post_store_stages(bw, None, batch_size=batch_size).values())
    temporary = output is None and bw.path in (None, ":memory:")
    root = Path(output or (tempfile.mkdtemp(prefix="blocwatch-shards-") if temporary else f"{bw.path}.shards"))
    report.output = str(root)
    key = _run_key(shards, getattr(extractor, "config_hash", None))
    manifest = read_manifest(root)
    if manifest.get("run") != key:
        if manifest:
            log.warning("%s holds shards of another run: starting afresh", root)
        for child in ("articles", "sources", "quarantine", "events", "proposals", "evidence"):
            shutil.rmtree(root / child, ignore_errors=True)
        manifest = {"run": key, "shards": len(shards), "inputs": list(inputs), "written": {}, "merged": []}
        write_manifest(root, manifest)
    written: dict[str, Any] = manifest["written"]
    merged = set(manifest["merged"]) if load else set()
    todo = [s for s in shards if str(s.index) not in written or not shard_file(root, "articles", s.index).exists()]
    report.skipped_shards = len(shards) - len(todo)
    job = Job(
        shards=shards,
        options=options,
        output=str(root),
        record_seconds=float(settings.get("ingest_record_seconds")),
        file_seconds=float(settings.get("ingest_file_seconds")),
        max_records=max_records,
        extractor=extractor,
    )
    pending = [s.index for s in shards if s.index not in merged]
    position = 0

    def merge_ready() -> None:
        nonlocal position
        while position < len(pending) and str(pending[position]) in written:
            index = pending[position]
            if load:
                merge_shard(bw, read_shard(root, index), report)
                manifest["merged"].append(index)
                write_manifest(root, manifest)
            position += 1

    for shard in shards:
        if str(shard.index) in written and shard not in todo:
            report.read += int(written[str(shard.index)]["records"])
            report.shards.append({**written[str(shard.index)], "status": "done earlier"})
    merge_ready()
    retries = int(settings.get("cluster_max_retries"))
    with ray_runtime(address, workers) as dashboard:
        report.dashboard = dashboard
        if dashboard:
            log.warning("Ray dashboard: %s", dashboard)
        if todo:
            context = ray.data.DataContext.get_current()
            context.enable_progress_bars = False
            context.print_on_execution_start = False
            dataset = ray.data.from_items([{"shard": s.index} for s in todo], override_num_blocks=len(todo))
            with warnings.catch_warnings():
                # Ray 2.60 has no named parameter for an actor's restarts and retries yet
                warnings.simplefilter("ignore", DeprecationWarning)
                dataset = dataset.map_batches(
                    ShardWorker,
                    fn_constructor_args=(job,),
                    batch_size=1,
                    concurrency=max(1, workers),
                    num_cpus=1,
                    max_restarts=retries,
                    max_task_retries=retries,
                )
            try:
                for row in dataset.iter_rows():
                    summary = json.loads(row["summary"])
                    written[str(summary["shard"])] = summary
                    write_manifest(root, manifest)
                    report.read += summary["records"]
                    report.shards.append({**summary, "status": "done"})
                    merge_ready()
                    if progress is not None:
                        progress(report)
            except Exception as exc:  # a shard failed after its retries: what is done stays done
                log.error("the Ray job stopped: %s", exc)
                report.failed_shards = [s.index for s in todo if str(s.index) not in written]
    merge_ready()
    report.shards.sort(key=lambda s: s["shard"])
    if temporary and not report.failed_shards:
        shutil.rmtree(root, ignore_errors=True)
    elif load and output is None and not report.failed_shards:
        shutil.rmtree(root, ignore_errors=True)  # everything is in the store: the work folder goes
    if progress is not None:
        progress(report)
    return report


def load_dataset(
    bw: Blocwatch, folder: str, *, progress: Callable[[IngestReport], None] | None = None
) -> ClusterReport:
    """Merge a Parquet dataset written by ``ingest --output DIR`` into the store
    (``blocwatch load DIR``); loading it twice adds nothing."""
    root = Path(folder)
    manifest = read_manifest(root)
    if not manifest or "written" not in manifest:
        raise UsageError(E.BW603, f"{folder} has no manifest.json", where=folder)
    report = ClusterReport(engine="load", output=str(root))
    for index in sorted(int(i) for i in manifest["written"]):
        if not shard_file(root, "articles", index).exists():
            raise UsageError(E.BW603, f"shard {index} is listed but its files are missing", where=folder)
        merge_shard(bw, read_shard(root, index), report)
        report.read += int(manifest["written"][str(index)]["records"])
        report.shards.append({**manifest["written"][str(index)], "status": "loaded"})
        if progress is not None:
            progress(report)
    missing = int(manifest.get("shards", 0)) - len(manifest["written"])
    if missing > 0:
        report.failed_shards = [i for i in range(int(manifest["shards"])) if str(i) not in manifest["written"]]
    return report
