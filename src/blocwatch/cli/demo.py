"""``blocwatch demo``: the main job of the README's quick start."""

from __future__ import annotations

import click

from blocwatch.cli import main
from blocwatch.cli._common import echo, json_option, print_json, print_table, state
from blocwatch.demo import seed_answers


@main.command()
@json_option
@click.pass_context
def demo(ctx: click.Context, as_json: bool) -> None:
    """Build the database, then print a summary and the seed article's answers."""
    bw = state(ctx).open(build=False)
    bw.ensure_built()
    counts = dict(
        bw.con.execute(
            """select 'organizations', count(*) from organizations union all
               select 'states and territories', count(*) from countries union all
               select 'membership events', count(*) from membership_events union all
               select 'presidency terms', count(*) from presidencies union all
               select 'dialogue mechanisms', count(*) from mechanisms union all
               select 'persons in office', count(distinct id) from persons union all
               select 'sources', count(*) from sources"""
        ).fetchall()
    )
    answers = seed_answers(bw)
    if as_json:
        print_json({"db": bw.path, "graph": counts, "seed": answers.to_dict()})
        return
    echo(f"blocwatch database: {bw.path}")
    print_table("Reference graph", ["records", "count"], list(counts.items()))
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
