"""Commands of the extraction subsystem: extract, events, proposals, export, resolve."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from blocwatch.cli import main
from blocwatch.cli._common import dumps, echo, json_option, print_json, print_table, state
from blocwatch.dates import to_date
from blocwatch.errors import E, UsageError
from blocwatch.extract.export import FORMATS, export_events
from blocwatch.extract.pipeline import CONFIGS, Document, Extractor, describe_components
from blocwatch.extract.tables import MAX_LIMIT, PROPOSAL_KINDS, PROPOSAL_STATUSES, RELATIONS


def _documents(handle: IO[str], name: str, skipped: list[dict[str, Any]]) -> Iterator[Document]:
    """The documents of a JSON-lines stream; bad lines go to ``skipped`` with a coded reason."""
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or "text" not in record or "id" not in record:
                raise UsageError(E.BW401, 'record lacks "id" or "text"', where=where)
            date = to_date(record["date"], where=where) if record.get("date") else None
        except (json.JSONDecodeError, RecursionError, ValueError) as exc:
            skipped.append({"record": "skipped", "code": "BW401", "where": where, "reason": f"not JSON: {exc}"[:200]})
            continue
        except UsageError as exc:
            skipped.append({"record": "skipped", "code": exc.code.id, "where": where, "reason": exc.message})
            continue
        yield Document(
            id=str(record["id"]),
            text=str(record["text"]),
            date=date,
            lang=record.get("lang"),
            title=record.get("title"),
        )


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--no-parse", is_flag=True, help="Without the spaCy parse (the rules coder only; faster).")
@click.option(
    "--coder",
    type=click.Choice(sorted(CONFIGS)),
    default=None,
    help="learned (default, setting extract_coder) or rules (the first coder).",
)
@click.pass_context
def extract(ctx: click.Context, files: tuple[str, ...], no_parse: bool, coder: str | None) -> None:
    """Code JSON lines of articles into events and proposals, without writing the database.

    Each input line is {"id", "text", "date"?, "lang"?, "title"?} (stdin when no FILE is
    given); each output line is {"record": "event", …} or {"record": "proposal", …} in the
    interchange format, with doc_id = the input id. Lines that cannot be read, and texts
    the coder does not code (empty, a sentence over extract_max_sentence_chars, a
    language other than en/es/pt, only numbers or tables), give {"record": "skipped", "code", "where", "reason"}
    and a warning on stderr; the rest of the input goes on.

    \b
    Example:
      echo '{"id": "a1", "text": "Russia will cooperate with CELAC.", "date": "2020-02-06"}' | blocwatch extract
    """
    bw = state(ctx).open()
    extractor = Extractor.for_store(bw.con, settings=bw.settings, coder=coder, parse=False if no_parse else None)
    for name in files or ("-",):
        if name == "-":
            _emit(extractor, sys.stdin, "<stdin>")
            continue
        if not Path(name).is_file():
            raise UsageError(E.BW007, "no such input file", where=name)
        with Path(name).open(encoding="utf-8", errors="replace") as handle:
            _emit(extractor, handle, name)


def _emit(extractor: Extractor, handle: IO[str], name: str) -> None:
    skipped: list[dict[str, Any]] = []

    def flush() -> None:
        for row in skipped:
            click.echo(dumps(row))
            click.echo(f"warning: skipped {row['where']}: [{row['code']}] {row['reason']}", err=True)
        skipped.clear()

    for result in extractor.extract_many(_documents(handle, name, skipped)):
        flush()
        for event in result.events:
            click.echo(dumps(event.to_dict()))
        for proposal in result.proposals:
            click.echo(dumps(proposal.to_dict()))
        for skip in result.skipped:
            where = result.doc.id if skip.sentence_index is None else f"{result.doc.id}#{skip.sentence_index}"
            skipped.append({"record": "skipped", "code": skip.code, "where": where, "reason": skip.reason})
    flush()


@main.command()
@json_option
@click.option("--coder", type=click.Choice(sorted(CONFIGS)), default=None, help="The coder whose pipeline to show.")
@click.pass_context
def components(ctx: click.Context, as_json: bool, coder: str | None) -> None:
    """The registered extraction components: version, requires/assigns, weights and their sha256.

    \b
    Example:
      blocwatch components --json
    """
    bw = state(ctx).open()
    rows = describe_components(bw.con, settings=bw.settings, coder=coder)
    if as_json:
        print_json(rows)
        return
    print_table(
        f"{len(rows['registered'])} components; pipeline of the {rows['coder']} coder (config {rows['config_hash']})",
        ["component", "in pipeline", "requires", "assigns", "weights"],
        [
            (
                r["name"],
                "yes" if r["in_pipeline"] else "",
                r["requires"],
                r["assigns"],
                ", ".join(f"{k} ({v[:12]}…)" for k, v in r["weights"].items()),
            )
            for r in rows["registered"]
        ],
    )


def _event_filters(func: Any) -> Any:
    for option in reversed(
        [
            click.option("--actor", metavar="ID", help="Actor: ISO3 country, organization, person id or name."),
            click.option("--recipient", metavar="ID", help="Recipient, like --actor."),
            click.option("--type", "event_type", metavar="TYPE", help="PLOVER event type (AGREE, CONSULT, …)."),
            click.option("--since", metavar="DATE", help="From this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
            click.option("--until", metavar="DATE", help="Up to this date."),
            click.option("--doc", "doc_id", metavar="ID", help="Only events of this document."),
            click.option("--min-confidence", type=float, help="Only events at least this confident (0–1)."),
        ]
    ):
        func = option(func)
    return func


@main.command()
@_event_filters
@click.option("--limit", type=int, default=None, help="At most this many events.")
@json_option
@click.pass_context
def events(ctx: click.Context, /, limit: int | None, as_json: bool, **filters: Any) -> None:
    """Coded events stored in the database, filtered.

    \b
    Example:
      blocwatch events --actor RUS --type AGREE --since 2020
    """
    rows = state(ctx).open().events.query(limit=limit, **filters)
    if as_json:
        from blocwatch.extract.export import to_interchange

        print_json([to_interchange(r) for r in rows])
        return
    print_table(
        f"{len(rows)} events",
        ["date", "actor", "event", "recipient", "quad", "score", "conf", "sentence"],
        [
            (
                r["date"],
                r["actor_id"] or r["actor_text"],
                r["event_type"] + (" (neg)" if r["negated"] else "") + (" (future)" if r["future"] else ""),
                r["recipient_id"] or r["recipient_text"],
                r["quad"],
                r["score"],
                f"{r['confidence']:.2f}",
                r["sentence"][:100],
            )
            for r in rows
        ],
    )


def proposal_options(func: Any) -> Any:
    """The filters of ``proposals`` and ``review list`` (one listing, two names)."""
    for option in reversed(
        [
            click.option("--status", type=click.Choice(PROPOSAL_STATUSES), help="Only this status."),
            click.option("--kind", type=click.Choice(PROPOSAL_KINDS), help="Only this kind."),
            click.option("--org", help="Only proposals about this organization."),
            click.option("--relation", type=click.Choice(RELATIONS), help="Only this relation to the graph."),
            click.option("--min-confidence", type=click.FloatRange(0, 1), help="Only proposals this confident (0–1)."),
            click.option("--queue", is_flag=True, help="Only the review queue: pending and not confirming the graph."),
            click.option("--limit", type=click.IntRange(1, MAX_LIMIT), default=MAX_LIMIT, help="At most this many."),
        ]
    ):
        func = option(func)
    return func


def _when(row: dict[str, Any]) -> str:
    """A proposal's date at its precision ("2024-07"), or "date unknown"."""
    if not row.get("date"):
        return "date unknown"
    cut = {"year": 4, "month": 7}.get(str(row.get("date_precision")), 10)
    return str(row["date"])[:cut]


def list_proposals(ctx: click.Context, *, as_json: bool, envelope: bool, **filters: Any) -> None:
    """Print proposals by relation and confidence, each with its evidence grouped under it."""
    total, rows = state(ctx).open().analytics.proposals(evidence=True, **filters)
    if as_json:
        print_json({"total": total, "items": rows} if envelope else rows)
        return
    echo(f"{total} proposal(s), by relation and confidence")
    for r in rows:
        when = _when(r)
        echo(
            f"\n{r['id'][:12]}  {r['relation']:<11} {r['confidence']:.2f}  {r['kind']} {r['org'] or ''} "
            f"{r['member'] or ''} {r['change']}  {when}  [{r['status']}]"
        )
        if r["relation"] in ("contradicts", "refines") and r.get("graph_fact"):
            fact = ", ".join(f"{k}={v}" for k, v in r["graph_fact"].items() if v is not None)
            echo(f"    graph: {fact}")
        for item in r["evidence"]:
            where = f"{item['outlet'] or item['doc_id'][:12]} {item['article_date'] or ''}".strip()
            said = f" — {item['speaker']}" if item.get("speaker") else ""
            echo(f"    · {where}@{item['evidence_start']}: {item['sentence'][:110]}{said}")


@main.command()
@proposal_options
@json_option
@click.pass_context
def proposals(ctx: click.Context, /, as_json: bool, **filters: Any) -> None:
    """Proposed updates of the knowledge graph, by relation (contradicts, refines, new,
    confirms) and confidence, each with all its evidence.

    \b
    Example:
      blocwatch proposals --relation new --min-confidence 0.7 --json
    """
    list_proposals(ctx, as_json=as_json, envelope=False, **filters)


@main.group("export")
def export_group() -> None:
    """Export stored data for pandas, R and Stata users."""


@export_group.command("events")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True, help="Output format.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Output file (default: stdout; parquet needs one)."
)
@_event_filters
@json_option
@click.pass_context
def export_events_command(ctx: click.Context, /, fmt: str, output: str | None, as_json: bool, **filters: Any) -> None:
    """Export coded events as JSON lines, CSV, Parquet or CAMEO (tab-separated).

    CAMEO codes come from the PLOVER crosswalk (openeventdata/PLOVER, CC BY-SA 4.0).
    With --json, prints {"format", "rows", "output"} after writing --output.
    """
    if fmt == "parquet" and not output:
        raise UsageError(E.BW402, "parquet needs an output file", hint="pass --output FILE.parquet")
    count, text = export_events(state(ctx).open(), output, fmt=fmt, **filters)
    if text is not None:
        click.echo(text, nl=False)
    elif as_json:
        print_json({"format": fmt, "rows": count, "output": output})
    else:
        click.echo(f"wrote {count} events to {output}", err=True)


@main.command()
@click.argument("texts", nargs=-1, required=True)
@click.option("--date", metavar="DATE", help="Resolve titles ('the Russian foreign minister') at this date.")
@json_option
@click.pass_context
def resolve(ctx: click.Context, texts: tuple[str, ...], date: str | None, as_json: bool) -> None:
    """Resolve actor names to country, sector, organization and person.

    Persons resolve with the office they hold on --date ("role"); out of office, the
    person and country still resolve but the sector and role do not.

    With TEXT "-", reads JSON lines {"text", "date"?} from stdin and prints one result
    line per input line, in order.

    \b
    Example:
      blocwatch resolve "the Russian foreign minister" --date 2020-02-06 --json
    """
    from blocwatch.extract.actors import ActorIndex

    bw = state(ctx).open()
    index = ActorIndex.for_store(bw.con)
    default_day = to_date(date) if date else None
    if texts == ("-",):
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UsageError(E.BW401, f"not JSON: {exc.msg}", where=f"<stdin>:{number}") from exc
            if not isinstance(record, dict) or "text" not in record:
                raise UsageError(E.BW401, 'record lacks "text"', where=f"<stdin>:{number}")
            day = to_date(record["date"], where=f"<stdin>:{number}") if record.get("date") else default_day
            click.echo(dumps(index.resolve(str(record["text"]), date=day).details()))
        return
    results = [index.resolve(text, date=default_day).details() for text in texts]
    if as_json:
        for result in results:
            click.echo(dumps(result))
        return
    columns = ["text", "country", "sector", "org", "person", "role", "id"]
    print_table(None, columns, [[r[c] for c in columns] for r in results])
    if not any(r["id"] for r in results):
        echo("No actor recognized.")
