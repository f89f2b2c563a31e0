"""Commands of ingestion: ``ingest``, ``stats`` and ``quarantine``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text

from blocwatch.cli import main
from blocwatch.cli._common import echo, err_console, json_option, print_json, print_table, state
from blocwatch.core import Blocwatch
from blocwatch.dates import parse_date
from blocwatch.errors import CODES, E, UsageError
from blocwatch.ingest import IngestReport, parse_fields
from blocwatch.ingest.readers import READERS
from blocwatch.ingest.records import printable


def _db_option(func: Any) -> Any:
    """``--db`` after the command name too (``blocwatch ingest news/ --db news.duckdb``)."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="DuckDB database file (same as the global --db).",
    )(func)


def _open(ctx: click.Context, db_path: str | None, *, write: bool = False) -> Blocwatch:
    cli_state = state(ctx)
    if db_path is not None:
        cli_state.close()
        cli_state.db = db_path
    return cli_state.open(build=False, write=write)


class _RateColumn(ProgressColumn):
    """Records per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} records/s" if speed else "… records/s")


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[Any]:
    if not enabled:
        yield None
        return
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(bar_width=None),
        TextColumn("{task.completed:,.0f} read"),
        _RateColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    )
    with progress:
        task = progress.add_task("ingesting", total=None)

        def update(report: IngestReport) -> None:
            progress.update(
                task,
                completed=report.read,
                description=f"{report.stored:,} stored, {report.quarantined:,} quarantined",
            )

        yield update


def _summary(report: IngestReport) -> None:
    echo(
        f"Read {report.read:,} records from {report.files:,} input(s): {report.stored:,} stored, "
        f"{report.duplicates:,} duplicates (sources added), {report.near_duplicates:,} near-duplicates linked, "
        f"{report.unchanged:,} already stored, {report.quarantined:,} quarantined."
    )
    if report.by_lang:
        echo("By language: " + ", ".join(f"{lang} {n:,}" for lang, n in sorted(report.by_lang.items())))
    if report.quarantine_reasons:
        reasons = ", ".join(
            f"{code} ({CODES[code].summary}) {n:,}" for code, n in sorted(report.quarantine_reasons.items())
        )
        echo(f"Quarantined: {reasons}. See `blocwatch quarantine`.")


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL…")
@click.option("--strict", is_flag=True, help="Exit with status 1 if any record was quarantined.")
@click.option("--format", "format_name", type=click.Choice(sorted(READERS)), help="Read every input with this reader.")
@click.option(
    "--field",
    "field_pairs",
    multiple=True,
    metavar="NAME=KEY",
    help="Take article field NAME (text, title, date, url, outlet, lang) from input key KEY, e.g. --field text=body.",
)
@click.option("--no-progress", is_flag=True, help="Do not show the progress bar.")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: this process; ray: shards on a Ray cluster (needs blocwatch[cluster]; docs/cluster.md).",
)
@click.option("--ray-address", metavar="ADDR", help="Join this Ray cluster (host:port) instead of starting one.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Ray workers (default 2).")
@click.option(
    "--output",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Write the Parquet dataset to DIR without loading it (`blocwatch load DIR` loads it).",
)
@_db_option
@json_option
@click.pass_context
def ingest(
    ctx: click.Context,
    inputs: tuple[str, ...],
    strict: bool,
    format_name: str | None,
    field_pairs: tuple[str, ...],
    no_progress: bool,
    engine: str,
    ray_address: str | None,
    workers: int | None,
    output: str | None,
    db_path: str | None,
    as_json: bool,
) -> None:
    """Read news from files, folders or feed URLs into the store.

    Formats: folders of .txt/.md, JSONL, JSON arrays, CSV, HTML pages, RSS/Atom feeds
    (files or http(s) URLs), WARC/WARC.GZ. Re-running the same ingest adds nothing, and
    codes first any article a killed run stored but did not code.

    Exit status: 0 done (records may be quarantined); 1 a file or folder could not be
    read (BW313, permission denied), or --strict and something was quarantined (BW310);
    2 usage error.

    \b
    Examples:
      blocwatch ingest news/
      blocwatch ingest export.csv --field text=body --field date=pubdate
      blocwatch ingest https://example.org/feed.xml --strict
      blocwatch ingest archive/ --engine ray --workers 2
    """
    fields = parse_fields(field_pairs)
    if engine == "local" and (ray_address or workers or output):
        raise UsageError(E.BW605, "--ray-address, --workers and --output are options of --engine ray")
    if engine == "ray":
        from blocwatch.ingest.cluster import require_ray

        require_ray()  # before opening the store: a missing extra is a usage error
    bw = _open(ctx, db_path, write=True)
    if bw.settings.get("extract_on_ingest"):
        bw.ensure_built()
    report: IngestReport
    with _progress_bar(not no_progress) as progress:
        if engine == "ray":
            from blocwatch.ingest.cluster import ingest_cluster

            report = ingest_cluster(
                bw,
                list(inputs),
                workers=workers or 2,
                address=ray_address,
                output=output,
                format=format_name,
                fields=fields,
                strict=strict,
                progress=progress,
                load=output is None,
            )
        else:
            report = bw.articles.ingest(
                list(inputs), strict=strict, progress=progress, format=format_name, fields=fields
            )
    if as_json:
        print_json(report.to_dict())
    else:
        _summary(report)
    _cluster_summary(ctx, report, as_json)
    if report.failed:
        err_console.print(
            f"Error: [{E.BW310.id}] {report.quarantined} record(s) quarantined. {E.BW310.hint}", markup=False
        )
        ctx.exit(1)
    if report.skipped:
        err_console.print(
            f"Error: [{E.BW313.id}] {report.skipped} file(s) or folder(s) could not be read and were skipped. "
            f"{E.BW313.hint}",
            markup=False,
        )
        ctx.exit(1)


def _cluster_summary(ctx: click.Context, report: IngestReport, as_json: bool) -> None:
    """The Ray engine's per-shard report, and BW602 (exit 1) when shards failed."""
    from blocwatch.ingest.cluster import ClusterReport

    if not isinstance(report, ClusterReport):
        return
    if report.shards and not as_json:
        rows = [
            (
                str(s["shard"]),
                f"{s['records']:,}",
                f"{s['articles']:,}",
                f"{s['quarantined']:,}",
                f"{s['events']:,}",
                f"{s['seconds']:.1f}",
                str(s.get("worker", "")),
                s["status"],
            )
            for s in report.shards
        ]
        header = ["shard", "records", "articles", "quarantined", "events", "seconds", "worker pid", "status"]
        print_table("Shards", header, rows)
    if report.dashboard:
        err_console.print(f"Ray dashboard: {report.dashboard}", markup=False)
    if report.engine == "ray" and not report.failed_shards and Path(report.output).is_dir():
        err_console.print(f"{len(report.shards)} shard(s); Parquet dataset: {report.output}", markup=False)
    if report.failed_shards:
        err_console.print(
            f"Error: [{E.BW602.id}] {len(report.failed_shards)} shard(s) failed: "
            f"{', '.join(map(str, report.failed_shards[:20]))}. {E.BW602.hint}",
            markup=False,
        )
        ctx.exit(1)


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--no-progress", is_flag=True, help="Do not show the progress bar.")
@_db_option
@json_option
@click.pass_context
def load(ctx: click.Context, folder: str, no_progress: bool, db_path: str | None, as_json: bool) -> None:
    """Load a Parquet dataset written by `blocwatch ingest --engine ray --output DIR`.

    The same de-duplication and quarantine as ingest; loading twice adds nothing.
    Needs pyarrow only (not Ray).

    \b
    Example:
      blocwatch load lake/2020/
    """
    from blocwatch.ingest.cluster import load_dataset

    bw = _open(ctx, db_path, write=True)
    with _progress_bar(not no_progress) as progress:
        report = load_dataset(bw, folder, progress=progress)
    if as_json:
        print_json(report.to_dict())
    else:
        _summary(report)
    _cluster_summary(ctx, report, as_json)


@main.command()
@_db_option
@json_option
@click.pass_context
def stats(ctx: click.Context, db_path: str | None, as_json: bool) -> None:
    """Counts of articles, duplicates, quarantined records, events and proposals."""
    counts = _open(ctx, db_path).articles.stats()
    if as_json:
        print_json(counts)
        return
    by_lang = counts.pop("by_lang")
    print_table(None, ["what", "count"], [(key, f"{value:,}") for key, value in counts.items()])
    if by_lang:
        echo("Articles by language: " + ", ".join(f"{lang} {n:,}" for lang, n in by_lang.items()))


@main.command()
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most this many entries.")
@_db_option
@json_option
@click.pass_context
def quarantine(ctx: click.Context, limit: int | None, db_path: str | None, as_json: bool) -> None:
    """List the records and files set aside during ingestion, and why."""
    entries = _open(ctx, db_path).articles.quarantined(limit=limit)
    if as_json:
        print_json([entry.to_dict() for entry in entries])
        return
    if not entries:
        echo("Nothing is quarantined.")
        return
    for entry in entries:
        echo(
            f"{printable(entry.location)}  [{entry.reason_code}] {printable(entry.reason)}"
            f"  ({entry.reader}, {entry.created_at:%Y-%m-%d %H:%M})"
        )
    echo(f"{len(entries)} quarantined.")


@main.command()
@click.option("--since", metavar="DATE", help="Only articles published on or after DATE (YYYY[-MM[-DD]]).")
@click.option(
    "--components",
    "component_names",
    metavar="NAME[,NAME…]",
    help="Count an article as stale only when its version of one of these components changed (e.g. quad_clf).",
)
@click.option("--all", "everything", is_flag=True, help="Re-code every article, whatever its state.")
@click.option("--dry-run", is_flag=True, help="Only count what would be re-coded.")
@_db_option
@json_option
@click.pass_context
def recode(
    ctx: click.Context,
    since: str | None,
    component_names: str | None,
    everything: bool,
    dry_run: bool,
    db_path: str | None,
    as_json: bool,
) -> None:
    """Code the stored articles whose coding is missing, stale or inconsistent.

    Missing: stored but never coded (an interrupted run, or extract_on_ingest off).
    Stale: coded by another version of the coder. Inconsistent: fewer or more events
    stored than the coding recorded. Re-coding gives the same event and proposal ids.

    \b
    Examples:
      blocwatch recode
      blocwatch recode --since 2020-01-01 --components quad_clf --dry-run
    """
    from blocwatch.extract.coding import recode as recode_store

    bw = _open(ctx, db_path)
    bw.ensure_built()
    names = [name.strip() for name in (component_names or "").split(",") if name.strip()] or None
    if since:
        parse_date(since)  # a malformed date is a usage error before anything runs
    report = recode_store(bw, since=since, components=names, everything=everything, dry_run=dry_run)
    if as_json:
        print_json({**report.to_dict(), "dry_run": dry_run})
        return
    echo(
        f"{report.missing:,} missing, {report.stale:,} stale, {report.inconsistent:,} inconsistent"
        + (
            "."
            if dry_run
            else f"; re-coded {report.coded:,} articles: {report.events:,} events, {report.proposals:,} proposals."
        )
    )
