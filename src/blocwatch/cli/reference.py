"""Commands on the reference knowledge graph: build, members, presidency, overlap, …"""

from __future__ import annotations

from typing import Any

import click

from blocwatch.capacity import count_phrase, parse_capacities
from blocwatch.cli import main
from blocwatch.cli._common import echo, json_option, print_json, print_table, state
from blocwatch.errors import E, UsageError
from blocwatch.reference.graph import Presidency
from blocwatch.reference.sql import run_read_only


def _on_option(func: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--on", "on", metavar="DATE", default=None, help="Date as YYYY, YYYY-MM, YYYY-MM-DD or today (the default)."
    )(func)


@main.command()
@json_option
@click.pass_context
def build(ctx: click.Context, as_json: bool) -> None:
    """Validate the reference data files and (re)build the graph in the database."""
    bw = state(ctx).open(build=False, write=True)
    counts = bw.build()
    if as_json:
        print_json({"db": bw.path, "counts": counts})
        return
    echo(f"Built the reference graph in {bw.path}")
    print_table(None, ["table", "rows"], sorted(counts.items()))


def _capacity_option(func: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--capacity",
        default="member",
        show_default=True,
        metavar="LIST",
        help="Capacities that count: member, associate, observer (comma-separated) or all.",
    )(func)


@main.command()
@click.argument("org")
@_on_option
@_capacity_option
@click.option("--active", "active_only", is_flag=True, help="Leave out suspended members.")
@json_option
@click.pass_context
def members(ctx: click.Context, org: str, on: str | None, capacity: str, active_only: bool, as_json: bool) -> None:
    """Members of ORG on a date, with capacity and status.

    ORG is any known name or acronym in en/es/pt (CELAC, Mercosul, "Comunidad Andina").
    Full members only unless --capacity says otherwise (--capacity all: observers too);
    the headline counts every capacity ("4 members, 2 observers").

    \b
    Example:
      blocwatch members CELAC --on 2020-02-06
    """
    graph = state(ctx).open().graph
    chosen = parse_capacities(capacity)
    everyone = graph.members(org, on=on, active_only=active_only)
    rows = [m for m in everyone if m.capacity in chosen]
    if as_json:
        print_json(
            [
                {
                    "state": m.state,
                    "name": m.name,
                    "capacity": m.capacity,
                    "status": m.status,
                    "since": m.since,
                    "since_precision": m.since_precision,
                    "status_since": m.status_since,
                    "status_since_precision": m.status_since_precision,
                }
                for m in rows
            ]
        )
        return
    org_id = graph.resolve_org(org)
    active = sum(1 for m in rows if m.status == "active")
    left_out = [m.capacity for m in everyone if m.capacity not in chosen]
    title = f"{org_id} on {on or 'today'}: {count_phrase(m.capacity for m in rows)} ({active} active)"
    if left_out:
        title += f"; not listed: {count_phrase(left_out)} (--capacity all)"
    print_table(
        title,
        ["state", "name", "capacity", "status", "since", "status since"],
        [(m.state, m.name, m.capacity, m.status, m.since, m.status_since) for m in rows],
    )


@main.command()
@click.argument("state_name", metavar="STATE")
@_on_option
@json_option
@click.pass_context
def memberships(ctx: click.Context, state_name: str, on: str | None, as_json: bool) -> None:
    """Organizations STATE belonged to on a date (STATE: ISO code or name in en/es/pt)."""
    graph = state(ctx).open().graph
    rows = graph.memberships(state_name, on=on)
    if as_json:
        print_json(
            [
                {
                    "org": m.org,
                    "capacity": m.capacity,
                    "status": m.status,
                    "since": m.since,
                    "since_precision": m.since_precision,
                }
                for m in rows
            ]
        )
        return
    member = graph.resolve_member(state_name)
    print_table(
        f"{graph.name_of(member)} ({member}) on {on or 'today'}: {len(rows)} organizations",
        ["org", "capacity", "status", "since"],
        [(m.org, m.capacity, m.status, m.since) for m in rows],
    )


def _term(term: Presidency) -> dict[str, Any]:
    return {
        "org": term.org,
        "holder": term.holder,
        "start": term.start,
        "end": term.end,
        "start_precision": term.start_precision,
        "end_precision": term.end_precision,
    }


@main.command()
@click.argument("entity", metavar="ORG|STATE")
@json_option
@click.pass_context
def history(ctx: click.Context, entity: str, as_json: bool) -> None:
    """Every dated membership change and presidency of an organization or a state."""
    rows = state(ctx).open().graph.history(entity)
    if as_json:
        print_json([h.to_dict() for h in rows])
        return
    print_table(
        None,
        ["date", "org", "member", "event", "capacity", "note", "sources"],
        [
            (h.date, h.org, f"{h.member_name} ({h.member})", h.event, h.capacity, h.note, "; ".join(h.sources))
            for h in rows
        ],
    )


@main.command()
@click.argument("org")
@_on_option
@click.option("--all", "all_terms", is_flag=True, help="List every term instead of the holder on a date.")
@json_option
@click.pass_context
def presidency(ctx: click.Context, org: str, on: str | None, all_terms: bool, as_json: bool) -> None:
    """Who held the rotating (pro tempore) presidency of ORG on a date."""
    graph = state(ctx).open().graph
    if all_terms:
        terms = graph.presidencies(org)
        if as_json:
            print_json([{**_term(t), "co_holders": t.co_holders} for t in terms])
            return
        print_table(
            None,
            ["holder", "name", "start", "end", "co-holders"],
            [(t.holder, t.holder_name, t.start, t.end, " ".join(t.co_holders)) for t in terms],
        )
        return
    term = graph.presidency(org, on=on)
    if as_json:
        print_json(term.to_json())
        return
    echo(term.describe(on or "today"))
    if term.sources:
        echo("sources: " + "; ".join(term.sources))


@main.command()
@click.argument("orgs", nargs=-1, required=True)
@_on_option
@click.option("--active", "active_only", is_flag=True, help="Leave out suspended members.")
@_capacity_option
@json_option
@click.pass_context
def overlap(
    ctx: click.Context, orgs: tuple[str, ...], on: str | None, active_only: bool, capacity: str, as_json: bool
) -> None:
    """Shared members and Jaccard index of two or more organizations on a date.

    \b
    Example:
      blocwatch overlap UNASUR PROSUR --on 2019-06-01
    """
    result = state(ctx).open().graph.overlap(list(orgs), on=on, active_only=active_only, capacity=capacity)
    if as_json:
        print_json(result.to_dict())
        return
    for org_id, states in result.members.items():
        echo(f"{org_id} ({len(states)}): {' '.join(states)}")
    print_table(
        f"Overlap on {result.on}",
        ["a", "b", "shared", "jaccard", "shared members"],
        [(p.a, p.b, len(p.shared), f"{p.jaccard:.3f}", " ".join(p.shared)) for p in result.pairs],
    )


@main.command()
@click.argument("org", required=False)
@click.option("--partner", metavar="STATE", help="Only mechanisms with this outside partner.")
@click.option(
    "--on", "on", metavar="DATE", default=None, help="Also give the status on this date (YYYY, YYYY-MM or YYYY-MM-DD)."
)
@json_option
@click.pass_context
def mechanisms(ctx: click.Context, org: str | None, partner: str | None, on: str | None, as_json: bool) -> None:
    """Dialogue mechanisms and agreements of an organization with outside partners.

    Each has its areas, meetings and dated status history (negotiating, concluded,
    signed, ratified by each party, in force or provisionally applied, …); with --on,
    the status on that date.

    \b
    Example:
      blocwatch mechanisms MERCOSUR --partner EU --on 2020-01-01
    """
    rows = state(ctx).open().graph.mechanisms(org, partner=partner, on=on)
    if as_json:
        print_json([m.to_dict() for m in rows])
        return
    print_table(
        None,
        ["id", "org", "partner", "status" if on is None else f"status on {on}", "areas", "meetings", "condition"],
        [
            (
                m.id,
                m.org,
                m.partner_name,
                m.status if on is None else (m.status_on or "(not yet)"),
                ", ".join(m.areas),
                "; ".join(f"{mt.date} {mt.place or ''}".strip() for mt in m.meetings),
                m.condition,
            )
            for m in rows
        ],
    )
    for m in rows:
        if m.history:
            print_table(
                f"{m.id}: status history",
                ["date", "status", "party", "note", "sources"],
                [(h.date, h.status, h.party or "", h.note or "", "; ".join(h.sources)) for h in m.history],
            )


@main.command()
@click.argument("org", required=False)
@json_option
@click.pass_context
def coverage(ctx: click.Context, org: str | None, as_json: bool) -> None:
    """What the graph knows of ORG (default: every organization) and what it does not.

    Periods researched per kind of fact, presidency gaps inside them (explained or not),
    the shares of dates at day/month/year precision, the share of rows with two or more
    independent sources, and the rows with fewer.
    """
    reports = state(ctx).open().graph.coverage(org)
    if as_json:
        print_json([r.to_dict() for r in reports])
        return
    for rep in reports:
        share = "n/a" if rep.two_source_share is None else f"{rep.two_source_share:.0%}"
        prec = ", ".join(f"{k} {v:.0%}" for k, v in rep.precision.items())
        echo(f"{rep.org} ({rep.name}): {rep.rows} rows, {share} with two independent sources; dates: {prec}")
        for period in rep.periods:
            echo(f"  {period.kind}: researched {period.start} – {period.end}, checked {period.checked}")
        if not rep.periods:
            echo("  nothing declared as researched")
        for gap in rep.gaps:
            why = gap.explanation if gap.explained else "UNEXPLAINED"
            echo(f"  presidency gap {gap.start} – {gap.end}: {why}")
        if org:
            for weak in rep.single_source:
                echo(f"  one source: {weak.kind} {weak.what} {weak.date} [{'; '.join(weak.sources)}] {weak.where}")


@main.command()
@click.option("--region", help="Only this region (LAC, EUROPE, AFRICA, …).")
@json_option
@click.pass_context
def orgs(ctx: click.Context, region: str | None, as_json: bool) -> None:
    """Every organization the graph knows, with status and members today."""
    rows = state(ctx).open().graph.orgs(region=region)
    if as_json:
        print_json([o.to_dict() for o in rows])
        return
    print_table(
        None,
        ["id", "name", "acronyms", "region", "status", "founded", "ended", "members"],
        [(o.id, o.name, "/".join(o.acronyms), o.region, o.status, o.founded, o.ended, o.members_today) for o in rows],
    )


@main.command()
@click.argument("query")
@click.option(
    "--allow-dir",
    "allow_dirs",
    multiple=True,
    type=click.Path(file_okay=False, exists=True),
    help="Another folder whose files the query may read (the current folder always may).",
)
@json_option
@click.pass_context
def sql(ctx: click.Context, query: str, allow_dirs: tuple[str, ...], as_json: bool) -> None:
    """Run a read-only SQL QUERY against the database.

    Only SELECT statements run (DESCRIBE, SUMMARIZE and SHOW too); COPY, EXPORT, ATTACH,
    INSTALL, LOAD, SET, PRAGMA and writes exit with code 2. Table functions may read files
    under the current folder (read_csv('my.csv')) and under each --allow-dir.

    \b
    Example:
      blocwatch sql "select org, count(*) from membership_events group by org"
    """
    cli_state = state(ctx)
    bw = cli_state.open()
    path = bw.path
    cli_state.close()
    if path == ":memory:":
        raise UsageError(E.BW004, "`sql` needs a database file", hint="pass --db PATH")
    columns, rows = run_read_only(path, query, allow_dirs=allow_dirs)
    if as_json:
        print_json([dict(zip(columns, row, strict=True)) for row in rows])
        return
    print_table(None, columns, rows)
