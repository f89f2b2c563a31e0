"""Helpers shared by the CLI modules: the store from the context, ``--json`` output,
tables, and turning :class:`BlocwatchError` into a message and an exit code."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from blocwatch.core import Blocwatch, open_blocwatch
from blocwatch.errors import E, StoreError

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


@dataclasses.dataclass
class CliState:
    """What the top-level options set, and the store opened lazily from them."""

    db: str | None
    data_dir: str | None
    as_json: bool = False
    _bw: Blocwatch | None = None

    def open(self, *, build: bool = True, write: bool = False) -> Blocwatch:
        """The store; read-only when another process (``blocwatch serve``) holds the file.

        ``write=True`` is for commands that change the store: they fail with BW010 rather
        than fall back to reading.
        """
        if self._bw is None:
            try:
                self._bw = open_blocwatch(self.db, build=build, data_dir=self.data_dir)
            except StoreError as exc:
                if write or exc.code is not E.BW010:
                    raise
                log.info("database held by another process: reading it read-only (%s)", exc)
                self._bw = open_blocwatch(self.db, read_only=True, data_dir=self.data_dir)
        if write and self._bw.read_only:
            raise StoreError(E.BW010, "this command writes, and another process holds the database", where=self.db)
        return self._bw

    def close(self) -> None:
        if self._bw is not None:
            self._bw.close()
            self._bw = None


def state(ctx: click.Context) -> CliState:
    obj = ctx.find_root().obj
    if not isinstance(obj, CliState):  # invoked without the group (tests calling a command)
        obj = CliState(db=None, data_dir=None)
        ctx.find_root().obj = obj
    return obj


def _remember_json(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        state(ctx).as_json = True  # errors are then printed as JSON too
    return value


def json_option(func: F) -> F:
    """The ``--json`` flag every command has."""
    return click.option(
        "--json", "as_json", is_flag=True, callback=_remember_json, help="Print machine-readable JSON."
    )(func)


def _default(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set):
        return sorted(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=_default)


def print_json(data: Any) -> None:
    click.echo(dumps(data))


def _tsv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def tsv_lines(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    """A table as tab-separated lines at full width: ``# title``, the header, one line per row.

    Tabs, newlines and backslashes inside a cell are written ``\\t``, ``\\n`` and ``\\\\``.
    """
    lines = [f"# {title}"] if title else []
    lines.append("\t".join(_tsv_cell(c) for c in columns))
    lines.extend("\t".join(_tsv_cell(v) for v in row) for row in rows)
    return lines


def print_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A table: drawn for a terminal, tab-separated at full width when stdout is a pipe or file."""
    if not console.is_terminal:
        for line in tsv_lines(title, columns, rows):
            click.echo(line)
        return
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


def echo(text: str = "") -> None:
    console.print(text, markup=False)


def fail(message: str, code: int = 2) -> None:
    err_console.print(message, markup=False)
    sys.exit(code)
