"""``blocwatch demo``: the main job of the README's quick start."""

from __future__ import annotations

import click

from blocwatch.cli import main
from blocwatch.cli._common import echo, json_option, print_json, print_table, state
from blocwatch.demo import run_demo


@main.command()
@click.option(
    "--serve/--no-serve",
    default=True,
    show_default=True,
    help="End by serving the dashboard on 127.0.0.1 (Ctrl-C stops it). Off with --json.",
)
@click.option("--port", type=int, default=None, help="Port of the dashboard (default: the `port` setting).")
@json_option
@click.pass_context
def demo(ctx: click.Context, serve: bool, port: int | None, as_json: bool) -> None:
    """The main job: build the graph, ingest and code the demo corpus, answer the seed's
    questions, then serve the dashboard.

    Running it again adds nothing: the build is skipped when the data files have not
    changed and re-ingesting the same corpus stores no duplicates.
    """
    bw = state(ctx).open(build=False, write=True)
    report = run_demo(bw)
    if as_json:
        print_json(report.to_dict())
        return
    echo(f"blocwatch database: {report.db}")
    print_table("Reference graph", ["records", "count"], list(report.graph.items()))
    ing, stats = report.ingest, report.stats
    echo(
        f"\nDemo corpus: read {ing['read']}, stored {ing['stored']} new, {ing['unchanged']} already there, "
        f"{ing['quarantined']} quarantined. The store holds {stats['articles']} articles, "
        f"{stats['events']} coded events and {stats['proposals']} proposals for the graph."
    )
    answers = report.seed
    echo(f"\nThe seed article's questions, on {answers.date}:")
    echo(f"  CELAC pro tempore presidency: {answers.celac_presidency}")
    echo(
        f"  CELAC members: {answers.celac_members} ({answers.celac_active} participating; "
        f"suspended: {', '.join(answers.celac_suspended) or 'none'})"
    )
    echo(f"  UNASUR members: {' '.join(answers.unasur_members)} (active: {' '.join(answers.unasur_active)})")
    echo(f"  PROSUR members: {' '.join(answers.prosur_members)}")
    if answers.russia_celac:
        rc = answers.russia_celac
        echo(f"  Russia-CELAC mechanism: {rc['status']}, condition: {rc['condition']}; areas: {', '.join(rc['areas'])}")
    if report.russia_celac_events:
        print_table(
            "Coded events, Russia -> CELAC (demo corpus)",
            ["date", "event", "actor", "recipient", "evidence"],
            [
                (e["date"], e["event_type"], e["actor_text"], e["recipient_text"], e["sentence"])
                for e in report.russia_celac_events
            ],
        )
    if serve:
        from blocwatch.web.serve import serve as serve_dashboard

        port_used = port or bw.settings.get("port")
        echo(f"\nServing the dashboard at http://127.0.0.1:{port_used}/ (Ctrl-C to stop)")
        serve_dashboard(bw, port=port_used)
