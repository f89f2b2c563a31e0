"""``blocwatch import cow-igo`` and ``blocwatch check``: the cross-check against COW IGO v3."""

from __future__ import annotations

import click

from blocwatch.cli import main
from blocwatch.cli._common import echo, json_option, print_json, print_table, state
from blocwatch.cli.imports import import_group
from blocwatch.reference.cow import check_cow, import_cow_igo


@import_group.command("cow-igo")
@click.argument("path", type=click.Path(dir_okay=False))
@json_option
@click.pass_context
def import_cow(ctx: click.Context, path: str, as_json: bool) -> None:
    """Import the COW IGO v3 IGO-year CSV (igo_year_format_3.csv) from PATH.

    The original is published by the Correlates of War project (Pevehouse et al. 2020).
    """
    bw = state(ctx).open(write=True)
    counts = import_cow_igo(bw.con, path, data_dir=bw.data_dir)
    if as_json:
        print_json(counts)
        return
    echo(f"Imported {counts['rows']:,} state-year cells of {counts['organizations']} organizations from {path}")


@main.command()
@click.option("--from", "first", type=int, default=1991, show_default=True, help="First year compared.")
@click.option("--to", "last", type=int, default=2014, show_default=True, help="Last year compared (COW ends in 2014).")
@click.option(
    "--rule",
    type=click.Choice(["year-end", "any"]),
    default="year-end",
    show_default=True,
    help="A state is in an organization in a year if it is on 31 December (year-end) or on any day (any).",
)
@click.option("--org", help="Only this organization.")
@click.option("--min-agreement", type=float, default=0.97, show_default=True, help="Exit 1 below this agreement.")
@json_option
@click.pass_context
def check(
    ctx: click.Context, first: int, last: int, rule: str, org: str | None, min_agreement: float, as_json: bool
) -> None:
    """Compare the membership graph with COW IGO v3, organization by organization.

    Lists every disagreement and whether the data explains it (cow_notes). Exits 1 if an
    organization agrees below --min-agreement or a disagreement is unexplained.
    """
    bw = state(ctx).open()
    org_id = bw.graph.resolve_org(org) if org else None
    report = check_cow(bw.con, first=first, last=last, rule=rule, org=org_id)  # type: ignore[arg-type]
    if as_json:
        print_json(report.to_dict() | {"ok": report.ok(min_agreement)})
    else:
        print_table(
            f"Agreement with COW IGO v3, {first}-{last}, rule {rule}",
            ["org", "cow", "years", "cells", "agreement", "member cells", "member agreement"],
            [
                (
                    o.org,
                    o.cow_abbr,
                    f"{o.years[0]}-{o.years[1]}",
                    o.cells,
                    f"{o.agreement:.2%}",
                    o.member_cells,
                    f"{o.member_agreement:.2%}",
                )
                for o in report.orgs
            ],
        )
        if report.disagreements:
            print_table(
                "Disagreements",
                ["org", "member", "years", "COW", "ours", "explanation"],
                [
                    (d.org, d.member, f"{d.years[0]}-{d.years[-1]}", d.cow, d.ours, d.explanation or "UNEXPLAINED")
                    for d in report.disagreements
                ],
            )
        unexplained = sum(1 for d in report.disagreements if not d.explained)
        echo(f"{len(report.disagreements)} disagreements, {unexplained} unexplained")
    if not report.ok(min_agreement):
        ctx.exit(1)
