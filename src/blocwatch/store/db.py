"""Opening the DuckDB store and migrating each component's schema.

Each component (reference graph, articles, events, …) owns its tables and declares them
as a :class:`ComponentSchema` with ordered migrations; :data:`SCHEMA_MODULES` lists the
modules that hold them. ``schema_versions`` records the version each component is at.

    >>> con = open_store(":memory:")
    >>> con.execute("select count(*) from schema_versions").fetchone()[0] > 0
    True
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from blocwatch.errors import E, StoreError

log = logging.getLogger(__name__)

#: Modules that define a module-level ``SCHEMA: ComponentSchema``, applied in this order.
SCHEMA_MODULES: tuple[str, ...] = (
    "blocwatch.reference.schema",
    "blocwatch.reference.cow",
    "blocwatch.ingest.schema",
    "blocwatch.extract.schema",
    "blocwatch.analytics.schema",
    "blocwatch.review.schema",
)


@dataclass(frozen=True)
class Migration:
    """One step of a component's schema: its version number and SQL statements."""

    version: int
    sql: str


@dataclass(frozen=True)
class ComponentSchema:
    """The tables of one component, as ordered migrations."""

    component: str
    migrations: Sequence[Migration]

    @property
    def version(self) -> int:
        return max(m.version for m in self.migrations)


def component_schemas() -> list[ComponentSchema]:
    """The schemas of every component listed in :data:`SCHEMA_MODULES`."""
    schemas = []
    for name in SCHEMA_MODULES:
        module = importlib.import_module(name)
        schemas.append(module.SCHEMA)
    return schemas


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Bring every component's tables to the version this code expects."""
    con.execute("create table if not exists schema_versions (component varchar primary key, version integer not null)")
    for schema in component_schemas():
        row = con.execute("select version from schema_versions where component = ?", [schema.component]).fetchone()
        current = int(row[0]) if row else 0
        if current > schema.version:
            raise StoreError(
                E.BW201,
                f"component {schema.component!r} is at schema version {current}, "
                f"this blocwatch knows up to {schema.version}",
            )
        pending = [m for m in sorted(schema.migrations, key=lambda m: m.version) if m.version > current]
        for migration in pending:
            con.execute("begin transaction")
            try:
                con.execute(migration.sql)
                con.execute(
                    "insert or replace into schema_versions values (?, ?)",
                    [schema.component, migration.version],
                )
                con.execute("commit")
            except Exception:
                con.execute("rollback")
                raise
            log.info("migrated %s to version %d", schema.component, migration.version)


def is_lock_conflict(exc: BaseException) -> bool:
    """Whether DuckDB refused a file because another process holds a lock on it."""
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set lock" in text)


def pending_components(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Components whose tables are behind this code's schema (they need :func:`migrate`)."""
    try:
        current = dict(con.execute("select component, version from schema_versions").fetchall())
    except duckdb.Error:
        return [s.component for s in component_schemas()]
    return [s.component for s in component_schemas() if int(current.get(s.component, 0)) < s.version]


def open_store(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) a DuckDB store and migrate it. ``:memory:`` works too.

    ``read_only=True`` opens an existing file without taking the write lock, so several
    processes can read at once (``blocwatch serve`` and the CLI); it cannot migrate, so a
    store whose schema is behind this code is refused with BW010. A file another process
    holds for writing is refused with BW010 as well.
    """
    target = str(path)
    if target != ":memory:":
        if read_only and not Path(target).expanduser().exists():
            raise StoreError(E.BW200, "no database at this path", where=target, hint="run `blocwatch build` first")
        Path(target).expanduser().parent.mkdir(parents=True, exist_ok=True)
        target = str(Path(target).expanduser())
    else:
        read_only = False
    try:
        con = duckdb.connect(target, read_only=read_only)
    except duckdb.Error as exc:
        if is_lock_conflict(exc):
            raise StoreError(
                E.BW010,
                "the database is held by another process"
                + (" for writing" if read_only else " (a running `blocwatch serve`, or a command still writing)"),
                where=target,
            ) from exc
        raise StoreError(E.BW200, f"cannot open database: {exc}", where=target) from exc
    if read_only:
        behind = pending_components(con)
        if behind:
            con.close()
            raise StoreError(
                E.BW010,
                f"the database needs a schema upgrade ({', '.join(behind)}), which needs write access",
                where=target,
            )
    else:
        migrate(con)
    return con


def read_only_store(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open an existing store read-only (used by ``blocwatch sql``)."""
    target = str(Path(path).expanduser())
    if not Path(target).exists():
        raise StoreError(E.BW200, "no database at this path", where=target, hint="run `blocwatch build` first")
    try:
        return duckdb.connect(target, read_only=True)
    except duckdb.Error as exc:
        raise StoreError(E.BW200, f"cannot open database: {exc}", where=target) from exc
