"""Fixtures of the analytics tests: the mini reference graph with invented votes and events."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from blocwatch.core import Blocwatch, open_blocwatch

from ._fixtures import insert_events, insert_proposals, write_unvotes


@pytest.fixture
def votes_bw(mini_data_dir: Path, tmp_path: Path) -> Iterator[Blocwatch]:
    """The mini graph with the invented UN votes, events and proposals loaded."""
    bw = open_blocwatch(":memory:", data_dir=str(mini_data_dir))
    bw.analytics.import_unvotes(write_unvotes(tmp_path / "unvotes"))
    insert_events(bw.con)
    insert_proposals(bw.con)
    yield bw
    bw.close()
