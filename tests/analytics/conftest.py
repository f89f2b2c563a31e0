"""Fixtures of the analytics tests: the mini reference graph with invented votes and events."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from blocwatch.core import Blocwatch

from ._fixtures import open_loaded_mini


@pytest.fixture
def votes_bw(mini_data_dir: Path, tmp_path: Path) -> Iterator[Blocwatch]:
    """The mini graph with the invented UN votes, events and proposals loaded."""
    bw = open_loaded_mini(mini_data_dir, tmp_path)
    yield bw
    bw.close()
