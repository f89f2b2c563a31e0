"""Read-only SQL over the store (``blocwatch sql``)."""

from __future__ import annotations

from typing import Any

import duckdb

from blocwatch.errors import E, UsageError
from blocwatch.store import read_only_store


def run_read_only(path: str, query: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run ``query`` on a read-only connection; writes fail with BW004."""
    con = read_only_store(path)
    try:
        cursor = con.execute(query)
        columns = [d[0] for d in cursor.description or []]
        return columns, cursor.fetchall()
    except duckdb.Error as exc:
        raise UsageError(E.BW004, f"query failed: {exc}") from exc
    finally:
        con.close()
