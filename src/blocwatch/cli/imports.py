"""The ``blocwatch import`` group: importers of outside data sets (COW IGO, UN votes, …)."""

from __future__ import annotations

from blocwatch.cli import main


@main.group("import")
def import_group() -> None:
    """Import an outside data set into the database."""
