"""Read-only SQL over the store (``blocwatch sql``), guarded by DuckDB itself.

Three layers, each DuckDB's own rather than a pattern over the SQL text:

1. the database file is opened **read-only**, so INSERT, UPDATE, DELETE, CREATE … fail;
2. DuckDB's parser (:meth:`duckdb.DuckDBPyConnection.extract_statements`) types every
   statement, and only ``SELECT`` statements run (this covers ``DESCRIBE``,
   ``SUMMARIZE``, ``SHOW`` and ``FROM t``); COPY, EXPORT, ATTACH, DETACH, INSTALL, LOAD,
   SET, PRAGMA, CALL, EXPLAIN (``EXPLAIN ANALYZE`` executes its statement) and
   transactions are refused before anything runs;
3. ``enable_external_access = false`` with ``allowed_directories`` (the current folder
   and any ``--allow-dir``), then ``lock_configuration = true``: table functions may
   read the user's files there (``read_csv('votes.csv')``) and nothing else, extensions
   cannot be installed or loaded, and no setting can be changed back.

    >>> columns, rows = run_read_only("blocwatch.duckdb", "select 42 as answer")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from blocwatch.errors import E, StoreError, UsageError

#: The statement types ``sql`` runs (DESCRIBE, SUMMARIZE and SHOW parse as SELECT).
ALLOWED = frozenset({"SELECT"})
#: Statement types that change the database (refused with BW004; other types get BW008).
WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "MERGE_INTO", "UPDATE_EXTENSIONS"})


def _folders(allow_dirs: Sequence[str | Path] | None) -> list[str]:
    folders = [Path.cwd(), *(Path(d).expanduser() for d in allow_dirs or ())]
    out: list[str] = []
    for folder in folders:
        text = str(folder.resolve()).rstrip("/") + "/"
        if text not in out:
            out.append(text)
    return out


def guarded_connection(path: str, *, allow_dirs: Sequence[str | Path] | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to ``path`` that can read files only under the allowed folders."""
    target = str(Path(path).expanduser())
    if not Path(target).exists():
        raise StoreError(E.BW200, "no database at this path", where=target, hint="run `blocwatch build` first")
    try:
        con = duckdb.connect(
            target,
            read_only=True,
            config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
        )
    except duckdb.Error as exc:
        raise StoreError(E.BW200, f"cannot open database: {exc}", where=target) from exc
    con.execute("set allowed_directories = ?", [_folders(allow_dirs)])
    con.execute("set enable_external_access = false")
    con.execute("set lock_configuration = true")
    return con


def check_statements(con: duckdb.DuckDBPyConnection, query: str) -> list[Any]:
    """DuckDB's parse of ``query``; raises BW008 for any statement that is not a SELECT."""
    try:
        statements = con.extract_statements(query)
    except duckdb.Error as exc:
        raise UsageError(E.BW004, f"query failed: {exc}") from exc
    if not statements:
        raise UsageError(E.BW004, "empty query")
    for statement in statements:
        kind = statement.type.name
        if kind not in ALLOWED:
            text = " ".join(statement.query.split())[:80]
            if kind in WRITES:
                raise UsageError(E.BW004, f"{kind} would write to the database, which `sql` opens read-only: {text!r}")
            raise UsageError(E.BW008, f"{kind} statements are not allowed: {text!r}")
    return list(statements)


def run_read_only(
    path: str, query: str, *, allow_dirs: Sequence[str | Path] | None = None
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run the SELECT statement(s) of ``query``; returns the last one's columns and rows.

    Writes and other statements fail with BW004/BW008 (exit code 2), files outside the
    allowed folders with BW009.
    """
    con = guarded_connection(path, allow_dirs=allow_dirs)
    try:
        statements = check_statements(con, query)
        cursor: Any = None
        for statement in statements:
            cursor = con.execute(statement)
        columns = [d[0] for d in cursor.description or []]
        return columns, cursor.fetchall()
    except duckdb.PermissionException as exc:
        raise UsageError(E.BW009, f"refused: {str(exc).splitlines()[0]}") from exc
    except duckdb.Error as exc:
        raise UsageError(E.BW004, f"query failed: {exc}") from exc
    finally:
        con.close()
