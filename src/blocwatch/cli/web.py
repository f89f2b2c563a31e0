"""Commands for the web app and the review of proposals: ``serve`` and ``review …``."""

from __future__ import annotations

from typing import Any

import click

from blocwatch.cli import main
from blocwatch.cli._common import echo, json_option, print_json, print_table, state
from blocwatch.cli.extract import list_proposals, proposal_options
from blocwatch.errors import E, UsageError
from blocwatch.review import token_matches


@main.command()
@click.option("--host", default=None, help="Address to listen on [default: 127.0.0.1; others only when given here].")
@click.option("--port", type=int, default=None, help="TCP port [default: the `port` setting, 8765].")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Serve the JSON API (/api/v1) and the offline dashboard.

    Listens on 127.0.0.1 unless --host names another address. Without BLOCWATCH_TOKEN
    the app is read-only.
    """
    from blocwatch.web import check_host
    from blocwatch.web import serve as run

    explicit = ctx.get_parameter_source("host") == click.core.ParameterSource.COMMANDLINE
    bind = check_host(host, explicit=explicit)
    bw = state(ctx).open()
    chosen = port or int(bw.settings.get("port"))
    echo(f"blocwatch dashboard on http://{bind}:{chosen}/ (API: /api/v1/openapi.json); Ctrl-C to stop")
    run(bw, host=bind, port=chosen, explicit_host=explicit)


@main.group()
def review() -> None:
    """Review proposed facts: list, show, accept, reject (accept/reject need BLOCWATCH_TOKEN)."""


def _require_token(ctx: click.Context, given: str | None) -> None:
    """The given token must be the configured one, compared as the API compares it."""
    bw = state(ctx).open(write=True)
    expected = bw.settings.get("token")
    if not expected:
        raise UsageError(E.BW506, "reviewing needs a review token; this installation has none")
    if not given:
        raise UsageError(E.BW506, "pass the review token with --token (or BLOCWATCH_REVIEW_TOKEN)")
    if not token_matches(expected, given):
        raise UsageError(E.BW506, "wrong review token")


_token_option = click.option(
    "--token",
    envvar="BLOCWATCH_REVIEW_TOKEN",
    help="The review token (must equal the configured BLOCWATCH_TOKEN) [env BLOCWATCH_REVIEW_TOKEN].",
)


@review.command("list")
@proposal_options
@json_option
@click.pass_context
def review_list(ctx: click.Context, /, as_json: bool, **filters: Any) -> None:
    """The review queue (``blocwatch proposals --queue``); with --json, {"total", "items"}."""
    if not filters.get("status"):
        filters["queue"] = True
    list_proposals(ctx, as_json=as_json, envelope=True, **filters)


@review.command("show")
@click.argument("proposal_id")
@json_option
@click.pass_context
def review_show(ctx: click.Context, proposal_id: str, as_json: bool) -> None:
    """Show one proposal with its evidence."""
    proposal = state(ctx).open().analytics.proposal(proposal_id)
    if as_json:
        print_json(proposal)
        return
    for key, value in proposal.items():
        echo(f"{key}: {value}")


def _decide(
    ctx: click.Context, action: str, proposal_id: str, by: str, note: str | None, token: str | None, as_json: bool
) -> None:
    _require_token(ctx, token)
    reviewer = state(ctx).open().analytics.review
    decision = (reviewer.accept if action == "accept" else reviewer.reject)(proposal_id, by=by, note=note)
    if as_json:
        print_json(decision.to_dict())
        return
    echo(f"{decision.action}ed proposal {decision.proposal_id} ({decision.kind}) by {decision.decided_by}")


@review.command("accept")
@click.argument("proposal_id")
@click.option("--by", required=True, help="Your name, recorded in the audit log.")
@click.option("--note", help="Why (recorded in the audit log).")
@_token_option
@json_option
@click.pass_context
def review_accept(
    ctx: click.Context, proposal_id: str, by: str, note: str | None, token: str | None, as_json: bool
) -> None:
    """Accept a proposal: it becomes a fact of the graph, its evidence the source."""
    _decide(ctx, "accept", proposal_id, by, note, token, as_json)


@review.command("reject")
@click.argument("proposal_id")
@click.option("--by", required=True, help="Your name, recorded in the audit log.")
@click.option("--note", help="Why (recorded in the audit log).")
@_token_option
@json_option
@click.pass_context
def review_reject(
    ctx: click.Context, proposal_id: str, by: str, note: str | None, token: str | None, as_json: bool
) -> None:
    """Reject a proposal."""
    _decide(ctx, "reject", proposal_id, by, note, token, as_json)


@review.command("audit")
@click.option("--limit", default=50, show_default=True)
@json_option
@click.pass_context
def review_audit(ctx: click.Context, limit: int, as_json: bool) -> None:
    """The latest review decisions."""
    rows = state(ctx).open().analytics.review.audit(limit=limit)
    if as_json:
        print_json(rows)
        return
    print_table(
        None,
        ["when", "who", "action", "proposal"],
        [(r["decided_at"], r["actor"], r["action"], r["proposal_id"]) for r in rows],
    )
