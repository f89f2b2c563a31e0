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


def open_store(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) a DuckDB store and migrate it. ``:memory:`` works too."""
    target = str(path)
    if target != ":memory:":
        Path(target).expanduser().parent.mkdir(parents=True, exist_ok=True)
        target = str(Path(target).expanduser())
    try:
        con = duckdb.connect(target)
    except duckdb.Error as exc:
        raise StoreError(E.BW200, f"cannot open database: {exc}", where=target) from exc
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
