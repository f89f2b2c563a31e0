"""``blocwatch settings``: every setting, its value and where the value came from."""

from __future__ import annotations

import click

from blocwatch.cli import main
from blocwatch.cli._common import json_option, print_json, print_table
from blocwatch.settings import get_settings, settings_markdown


@main.command("settings")
@click.option("--markdown", is_flag=True, help="Print the settings reference (docs/settings.md).")
@json_option
def settings_command(markdown: bool, as_json: bool) -> None:
    """Show every setting with its current value and origin."""
    if markdown:
        click.echo(settings_markdown(), nl=False)
        return
    items = get_settings().items()
    if as_json:
        print_json({s.name: {"value": value, "origin": origin, "env": s.env} for s, value, origin in items})
        return
    print_table(
        None, ["setting", "value", "from", "help"], [(s.name, value, origin, s.help) for s, value, origin in items]
    )
