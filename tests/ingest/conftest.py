"""Fixtures for ingestion tests: an empty in-memory store with extraction off."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from blocwatch.core import Blocwatch, open_blocwatch


@pytest.fixture
def store() -> Iterator[Blocwatch]:
    """An in-memory store without the reference graph; post-store stages off."""
    bw = open_blocwatch(":memory:", build=False, extract_on_ingest=False)
    yield bw
    bw.close()


@pytest.fixture
def reuters(shared_data: Path) -> Path:
    return shared_data / "corpora" / "reuters21578"


@pytest.fixture
def wikinews(shared_data: Path) -> Path:
    return shared_data / "corpora" / "wikinews"


@pytest.fixture
def count() -> Callable[[Blocwatch, str], int]:
    """Rows in a table: ``count(bw, "articles")``."""

    def rows(bw: Blocwatch, table: str) -> int:
        row = bw.con.execute(f"select count(*) from {table}").fetchone()
        assert row is not None
        return int(row[0])

    return rows
