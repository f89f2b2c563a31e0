"""The ``blocwatch`` command line: a thin click layer over the Python API.

Each module in :data:`COMMAND_MODULES` adds its commands to :data:`main`.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

import click
import duckdb

from blocwatch.cli._common import CliState, err_console, print_json
from blocwatch.errors import BlocwatchError, E, StoreError

#: Modules that register commands on :data:`main`, in help order.
COMMAND_MODULES: tuple[str, ...] = (
    "blocwatch.cli.reference",
    "blocwatch.cli.ingest",
    "blocwatch.cli.extract",
    "blocwatch.cli.imports",
    "blocwatch.cli.cow",
    "blocwatch.cli.demo",
    "blocwatch.cli.settings",
    "blocwatch.cli.analytics",
    "blocwatch.cli.web",
)


#: Options of the group that may also come after the command (``blocwatch sql "…" --db X``).
GLOBAL_VALUE_OPTIONS = ("--db", "--data-dir")


def hoist_global_options(args: list[str]) -> list[str]:
    """Move ``--db X`` / ``--data-dir X`` (and ``--db=X``) found after the command name to
    the front, so they work on either side of it; ``--`` ends the search.

    >>> hoist_global_options(["sql", "select 1", "--db", "x.duckdb"])
    ['--db', 'x.duckdb', 'sql', 'select 1']
    """
    position = 0
    while position < len(args):  # skip the group's own options to find the command name
        arg = args[position]
        if arg in GLOBAL_VALUE_OPTIONS:
            position += 2
        elif arg.startswith("-"):
            position += 1
        else:
            break
    front, rest, moved = list(args[: position + 1]), [], []
    tail = args[position + 1 :]
    index = 0
    while index < len(tail):
        arg = tail[index]
        if arg == "--":
            rest.extend(tail[index:])
            break
        if arg.split("=", 1)[0] in GLOBAL_VALUE_OPTIONS and "=" in arg:
            moved.append(arg)
        elif arg in GLOBAL_VALUE_OPTIONS and index + 1 < len(tail):
            moved.extend(tail[index : index + 2])
            index += 1
        else:
            rest.append(arg)
        index += 1
    return moved + front + rest


class _Group(click.Group):
    """Turns :class:`BlocwatchError` into a one-line message (or JSON) and its exit code."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            except duckdb.Error as exc:
                # a write through the read-only fallback (another process holds the file)
                opened = ctx.obj._bw if isinstance(ctx.obj, CliState) else None
                if opened is None or not opened.read_only:
                    raise
                raise StoreError(
                    E.BW010, "this command writes, and another process holds the database", where=opened.path
                ) from exc
        except BlocwatchError as exc:
            if isinstance(ctx.obj, CliState) and ctx.obj.as_json:
                print_json({"error": exc.to_dict()})
            err_console.print(f"Error: {exc}", markup=False)
            ctx.exit(exc.exit_code)
        finally:
            obj = ctx.obj
            if isinstance(obj, CliState):
                obj.close()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="BLOCWATCH_DB",
    type=click.Path(dir_okay=False),
    help="DuckDB database file [env BLOCWATCH_DB; default: blocwatch.duckdb in the user's data directory].",
)
@click.option(
    "--data-dir",
    envvar="BLOCWATCH_DATA_DIR",
    type=click.Path(file_okay=False, exists=True),
    help="Folder of reference data files [env BLOCWATCH_DATA_DIR; default: the bundled data].",
)
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug).")
@click.version_option(package_name="blocwatch")
@click.pass_context
def main(ctx: click.Context, db: str | None, data_dir: str | None, verbose: int) -> None:
    """blocwatch: an observatory of regional integration.

    A time-aware knowledge graph of states, regional organizations and their outside
    partners, kept current from the news. Every command takes --json.
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = CliState(db=db, data_dir=data_dir)


for _module in COMMAND_MODULES:
    importlib.import_module(_module)
