"""Commands for the measures: ``import unvotes``, cohesion, alignment, overlap matrix, churn,
de facto blocs and multipolarity. Each calls :class:`blocwatch.analytics.Analytics`."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from blocwatch.cli import main
from blocwatch.cli._common import echo, json_option, print_json, print_table, state
from blocwatch.cli.extract import export_group
from blocwatch.cli.imports import import_group
from blocwatch.errors import E, UsageError


def _period_options(func: click.decorators.FC) -> click.decorators.FC:
    func = click.option("--to", "end", metavar="DATE", help="Last date (YYYY, YYYY-MM or YYYY-MM-DD; inclusive).")(func)
    return click.option("--from", "start", metavar="DATE", help="First date (YYYY, YYYY-MM or YYYY-MM-DD).")(func)


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _cell(value: float | None, roll_calls: int) -> str:
    """A summary-table cell: the value and the roll calls behind it ("0.914 (74)")."""
    return f"{_fmt(value) or '–'} ({roll_calls})"


def _capacity_option(default: str) -> Callable[[click.decorators.FC], click.decorators.FC]:
    return click.option(
        "--capacity",
        default=default,
        show_default=True,
        metavar="LIST",
        help="Capacities that count: member, associate, observer (comma-separated) or all.",
    )


_min_roll_calls = click.option(
    "--min-roll-calls",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="In summary tables, leave values over fewer roll calls blank.",
)


@import_group.command("unvotes")
@click.argument("directory", type=click.Path(file_okay=False, exists=True))
@json_option
@click.pass_context
def import_unvotes(ctx: click.Context, directory: str, as_json: bool) -> None:
    """Import UN General Assembly votes from DIRECTORY in the `unvotes` layout.

    DIRECTORY holds unvotes_votes.csv, unvotes_roll_calls.csv and unvotes_issues.csv
    (Voeten's data as packaged by the `unvotes` R package). Replaces earlier imports.
    """
    report = state(ctx).open(write=True).analytics.import_unvotes(directory)
    if as_json:
        print_json(report)
        return
    echo(f"Imported UN votes from {report.directory} ({report.first_date} – {report.last_date})")
    print_table(None, ["table", "rows"], sorted(report.counts.items()))
    if report.unmapped:
        echo("Votes kept without an ISO3 code: " + ", ".join(f"{k}: {v}" for k, v in report.unmapped.items()))


@main.command()
@json_option
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """What the store holds for the measures, and the UN votes' version, licence and coverage.

    \b
    Example:
      blocwatch status --json
    """
    bw = state(ctx).open()
    report = {"db": bw.path, **bw.analytics.status()}
    if as_json:
        print_json(report)
        return
    echo(f"Database: {report['db']}")
    print_table(
        None,
        ["table", "rows"],
        [(t, report[t]) for t in ("un_roll_calls", "un_votes", "events", "proposals", "accepted_facts")],
    )
    votes = report["unvotes"]
    if votes is None:
        echo("UN votes: none (run `blocwatch build`, or `blocwatch import unvotes DIR`)")
        return
    sessions, dates = votes.get("sessions") or ["?", "?"], votes.get("dates") or ["?", "?"]
    origin = f"bundled copy {votes.get('version')}" if votes.get("kind") == "bundled" else votes["directory"]
    echo(
        f"UN votes: {origin}; sessions {sessions[0]}–{sessions[1]} ({dates[0]} – {dates[1]}); "
        f"licence: {votes.get('licence')}"
    )


@main.command()
@click.argument("org")
@_period_options
@click.option("--by-issue", is_flag=True, help="Also per issue (Palestinian conflict, human rights, …).")
@click.option("--associates", "include_associates", is_flag=True, help="Count associate members as voters too.")
@_capacity_option("member")
@click.option("--summary", is_flag=True, help="One table: period mean, per-session values, roll-call counts.")
@_min_roll_calls
@click.option("--session", type=int, help="List the roll calls of one session instead (the rows behind it).")
@click.option("--events", "from_events", is_flag=True, help="Cohesion from coded events instead of UN votes.")
@json_option
@click.pass_context
def cohesion(
    ctx: click.Context,
    org: str,
    start: str | None,
    end: str | None,
    by_issue: bool,
    include_associates: bool,
    capacity: str,
    summary: bool,
    min_roll_calls: int,
    session: int | None,
    from_events: bool,
    as_json: bool,
) -> None:
    """Cohesion of ORG per UN General Assembly session (or per year, from events).

    Membership is taken on each roll call's date; suspended members do not count. ORG may
    be a comma list (CELAC,UNASUR,PROSUR): that, or --summary, gives one table with each
    organization's period mean, its per-session values and the roll calls behind each.

    \b
    Examples:
      blocwatch cohesion CELAC --from 2011 --to 2019
      blocwatch cohesion CELAC,UNASUR,PROSUR --summary --from 2015 --to 2019
    """
    analytics = state(ctx).open().analytics
    chosen = "member,associate" if include_associates and capacity == "member" else capacity
    if summary or "," in org:
        table = analytics.cohesion_summary(org, start=start, end=end, capacity=chosen, min_roll_calls=min_roll_calls)
        if as_json:
            print_json(table)
            return
        sessions = sorted({v.session for v in table.sessions})
        cells = {(v.org, v.session): v for v in table.sessions}
        print_table(
            f"UN vote agreement per session ({table.start} – {table.end}; {', '.join(table.capacities)}; "
            f"blank under {table.min_roll_calls} roll calls)",
            ["org", "roll calls", "sessions", "agreement", "rice", *(f"session {s}" for s in sessions)],
            [
                (
                    r.org,
                    r.roll_calls,
                    r.sessions,
                    _fmt(r.agreement),
                    _fmt(r.rice),
                    *(
                        _cell(cells[(r.org, s)].agreement, cells[(r.org, s)].roll_calls) if (r.org, s) in cells else ""
                        for s in sessions
                    ),
                )
                for r in table.summary
            ],
        )
        echo(table.definition)
        return
    if from_events:
        result_events = analytics.event_cohesion(org, start=start, end=end)
        if as_json:
            print_json(result_events)
            return
        print_table(
            f"{result_events.org}: cohesion from events between members",
            ["year", "events", "cooperative", "conflictual", "share cooperative", "mean score"],
            [
                (r.year, r.events, r.cooperative, r.conflictual, _fmt(r.share_cooperative), _fmt(r.mean_score))
                for r in result_events.years
            ],
        )
        return
    if session is not None:
        rows = analytics.roll_calls(org, session=session, capacity=chosen)
        if as_json:
            print_json(rows)
            return
        print_table(
            f"roll calls of session {session}",
            ["rcid", "date", "resolution", "yes", "no", "abstain", "agreement", "rice"],
            [(r.rcid, r.date, r.unres or "", r.yes, r.no, r.abstain, _fmt(r.agreement), _fmt(r.rice)) for r in rows],
        )
        return
    result = analytics.cohesion(org, start=start, end=end, by_issue=by_issue, capacity=chosen)
    if as_json:
        print_json(result)
        return
    print_table(
        f"{result.org}: UN vote cohesion per session ({result.start} – {result.end})",
        ["session", "from", "to", "roll calls", "members", "agreement", "rice", "agreement index"],
        [
            (
                r.session,
                r.first_date,
                r.last_date,
                r.roll_calls,
                r.members,
                _fmt(r.agreement),
                _fmt(r.rice),
                _fmt(r.agreement_index),
            )
            for r in result.sessions
        ],
    )
    if by_issue:
        print_table(
            "by issue",
            ["session", "issue", "roll calls", "agreement", "rice"],
            [(r.session, r.issue, r.roll_calls, _fmt(r.agreement), _fmt(r.rice)) for r in result.by_issue],
        )
    echo(result.definition)


@main.command()
@click.argument("state_name", metavar="[STATE]", required=False)
@click.option("--with", "powers", metavar="CODES", help="Outside powers, comma-separated (default USA,CHN,RUS; EU ok).")
@click.option("--states", metavar="ORG|CODES", help="Many states at once: an organization's members, or a comma list.")
@_capacity_option("member")
@_min_roll_calls
@_period_options
@json_option
@click.pass_context
def alignment(
    ctx: click.Context,
    state_name: str | None,
    powers: str | None,
    states: str | None,
    capacity: str,
    min_roll_calls: int,
    start: str | None,
    end: str | None,
    as_json: bool,
) -> None:
    """Alignment of STATE with outside powers: UN vote agreement per session, event balance per year.

    With --states (an organization, whose members in --capacity at any time in the period
    are taken, or a comma list) one table gives each state's period mean with each power,
    its per-session values and the roll calls behind each, from a single query.

    \b
    Examples:
      blocwatch alignment Venezuela --with USA,RUS --from 2000
      blocwatch alignment --states CELAC --with USA,CHN --from 2011 --to 2019
    """
    if (state_name is None) == (states is None):
        raise UsageError(
            E.BW011, "give one STATE or --states", hint="e.g. `alignment VEN` or `alignment --states CELAC`"
        )
    analytics = state(ctx).open().analytics
    if states is not None:
        batch = analytics.alignment_summary(
            states, powers, start=start, end=end, capacity=capacity, min_roll_calls=min_roll_calls
        )
        if as_json:
            print_json(batch)
            return
        sessions = sorted({r.session for r in batch.sessions})
        cells = {(r.state, r.power, r.session): r for r in batch.sessions}
        print_table(
            f"UN vote agreement with {', '.join(batch.powers)} ({batch.start} – {batch.end}; "
            f"blank under {batch.min_roll_calls} roll calls)",
            ["state", "power", "roll calls", "sessions", "agreement", *(f"session {s}" for s in sessions)],
            [
                (
                    r.state,
                    r.power,
                    r.roll_calls,
                    r.sessions,
                    _fmt(r.agreement),
                    *(
                        _cell(cells[(r.state, r.power, s)].agreement, cells[(r.state, r.power, s)].roll_calls)
                        if (r.state, r.power, s) in cells
                        else ""
                        for s in sessions
                    ),
                )
                for r in batch.summary
            ],
        )
        echo(batch.definition)
        return
    assert state_name is not None  # checked above; narrows the type for mypy
    result = analytics.alignment(state_name, powers, start=start, end=end)
    if as_json:
        print_json(result)
        return
    sessions = sorted({r.session for r in result.votes})
    table = {(r.power, r.session): r for r in result.votes}
    print_table(
        f"{result.state}: UN vote agreement per session",
        ["session", *result.powers],
        [(s, *(_fmt(table[(p, s)].agreement) if (p, s) in table else "" for p in result.powers)) for s in sessions],
    )
    if result.events:
        print_table(
            "events per year",
            ["power", "year", "events", "cooperative", "conflictual", "balance"],
            [(r.power, r.year, r.events, r.cooperative, r.conflictual, _fmt(r.balance)) for r in result.events],
        )


@main.command("overlap-matrix")
@click.argument("orgs", nargs=-1, required=True)
@click.option("--on", metavar="DATE", help="Date, or today (the default).")
@click.option("--active", "active_only", is_flag=True, help="Leave out suspended members.")
@_capacity_option("member")
@json_option
@click.pass_context
def overlap_matrix(
    ctx: click.Context, orgs: tuple[str, ...], on: str | None, active_only: bool, capacity: str, as_json: bool
) -> None:
    """Jaccard matrix of the memberships of ORGS on a date.

    \b
    Example:
      blocwatch overlap-matrix UNASUR PROSUR CELAC --on 2019-06-01
    """
    result = state(ctx).open().analytics.overlap_matrix(list(orgs), on=on, active_only=active_only, capacity=capacity)
    if as_json:
        print_json(result)
        return
    print_table(
        f"Jaccard index on {result.on}",
        ["", *result.orgs],
        [(o, *(f"{v:.3f}" for v in row)) for o, row in zip(result.orgs, result.jaccard, strict=True)],
    )


@main.command()
@click.argument("org")
@click.option("--from", "start", type=int, metavar="YEAR", help="First year.")
@click.option("--to", "end", type=int, metavar="YEAR", help="Last year.")
@json_option
@click.pass_context
def churn(ctx: click.Context, org: str, start: int | None, end: int | None, as_json: bool) -> None:
    """Membership churn of ORG per year: entries, exits, suspensions."""
    rows = state(ctx).open().analytics.churn(org, start=start, end=end)
    if as_json:
        print_json(rows)
        return
    print_table(
        None,
        ["year", "members 1 Jan", "members 31 Dec", "entries", "exits", "suspensions", "reinstated", "churn"],
        [
            (r.year, r.members_start, r.members_end, r.entries, r.exits, r.suspensions, r.reinstatements, _fmt(r.churn))
            for r in rows
        ],
    )


@main.command()
@click.argument("universe")
@click.option("--compare", required=True, metavar="ORGS", help="De jure blocs to compare with, comma-separated.")
@_period_options
@click.option("--min-shared", default=10, show_default=True, help="Roll calls two states must share for an edge.")
@json_option
@click.pass_context
def blocs(
    ctx: click.Context,
    universe: str,
    compare: str,
    start: str | None,
    end: str | None,
    min_shared: int,
    as_json: bool,
) -> None:
    """De facto blocs among UNIVERSE's members: Louvain communities of UN vote agreement.

    \b
    Example:
      blocwatch blocs CELAC --compare ALBA-TCP,PROSUR --from 2019 --to 2019
    """
    result = state(ctx).open().analytics.blocs(universe, compare, start=start, end=end, min_shared=min_shared)
    if as_json:
        print_json(result)
        return
    print_table(
        f"communities among {result.universe} members, {result.start} – {result.end}",
        ["community", "members", "de jure"],
        [(c.id, " ".join(c.members), ", ".join(f"{k}: {v}" for k, v in c.de_jure.items())) for c in result.communities],
    )
    echo(f"adjusted Rand index vs {', '.join(result.compare)}: {_fmt(result.adjusted_rand)}")


@main.command()
@click.argument("org")
@click.option("--powers", metavar="CODES", help="Only these outside powers (comma-separated).")
@_period_options
@json_option
@click.pass_context
def multipolarity(
    ctx: click.Context, org: str, powers: str | None, start: str | None, end: str | None, as_json: bool
) -> None:
    """Per year: shares of ORG's external events by outside power, and their Herfindahl index."""
    result = state(ctx).open().analytics.multipolarity(org, powers=powers, start=start, end=end)
    if as_json:
        print_json(result)
        return
    print_table(
        f"{result.org}: outside engagement",
        ["year", "events", "HHI", "effective partners", "top partners"],
        [
            (
                r.year,
                r.events,
                _fmt(r.hhi),
                r.effective_partners,
                ", ".join(f"{p.partner} {p.share:.2f}" for p in r.partners[:5]),
            )
            for r in result.years
        ],
    )


@export_group.command("panel")
@click.option("--region", metavar="R", help="Every organization of this region (LAC, EUROPE, AFRICA, …).")
@click.option("--orgs", metavar="A,B", help="These organizations (comma-separated names or codes).")
@click.option("--from", "start", type=int, required=True, metavar="YEAR", help="First year.")
@click.option("--to", "end", type=int, required=True, metavar="YEAR", help="Last year (inclusive).")
@click.option("--by", type=click.Choice(["year", "month", "day"]), default="year", show_default=True)
@click.option(
    "--on-day", default="07-01", show_default=True, metavar="MM-DD", help="Day of the year (or of the month) observed."
)
@click.option(
    "--capacity",
    default="member,associate,observer",
    show_default=True,
    metavar="LIST",
    help="Capacities that count (comma-separated, or all).",
)
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "dta"]), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Output file (csv may go to stdout).")
@json_option
@click.pass_context
def export_panel(
    ctx: click.Context,
    region: str | None,
    orgs: str | None,
    start: int,
    end: int,
    by: str,
    on_day: str,
    capacity: str,
    fmt: str,
    output: str | None,
    as_json: bool,
) -> None:
    """Export the membership panel: state × organization × year (or month, day), with capacity
    and status (active/suspended/none), the sources and the date precision behind each row.

    Status is taken on --on-day of each year; a partial date counts from the first day of
    its period. The CSV gets a CSV on the Web sidecar (FILE-metadata.json) stating this;
    Parquet keeps it in the schema metadata, Stata (.dta, needs pandas) in its labels.

    \b
    Example:
      blocwatch export panel --region LAC --from 2000 --to 2024 --format csv -o panel.csv
    """
    if fmt != "csv" and not output:
        raise UsageError(E.BW521, f"{fmt} needs an output file", hint=f"pass -o FILE.{fmt}")
    panel = (
        state(ctx)
        .open()
        .analytics.panel(region=region, orgs=orgs, start=start, end=end, by=by, on_day=on_day, capacity=capacity)
    )
    if output is None:
        panel.write_csv(sys.stdout)
        return
    written = panel.write(output, fmt)
    if as_json:
        print_json({"format": fmt, "rows": len(panel.rows), "files": [str(p) for p in written], **panel.metadata})
        return
    click.echo(f"wrote {len(panel.rows)} rows to {', '.join(str(p) for p in written)}", err=True)
