"""Shared fixtures: paths, the ../shared data (skipped when absent), stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from blocwatch.core import Blocwatch, open_blocwatch

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
MINI_DATA = Path(__file__).resolve().parent / "reference" / "fixtures" / "mini"


@pytest.fixture(scope="session", autouse=True)
def _actor_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Compiled actor indexes go to a temporary folder, not the user's cache (issue 9)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BLOCWATCH_INDEX_DIR", str(tmp_path_factory.mktemp("actor-index")))
        yield


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the repository; tests needing it skip when it is absent."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"needs the shared data folder at {path} (a checkout of ../shared beside the repository)")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` itself (seeds, reference facts)."""
    if not SHARED.is_dir():
        pytest.skip(f"needs ../shared beside the repository (looked at {SHARED})")
    return SHARED


@pytest.fixture
def mini_data_dir() -> Path:
    """A tiny, invented reference data set for unit tests of the machinery."""
    return MINI_DATA


@pytest.fixture
def mini_bw(mini_data_dir: Path) -> Iterator[Blocwatch]:
    bw = open_blocwatch(":memory:", data_dir=str(mini_data_dir), unvotes_bundled=False)  # invented graph: no real votes
    yield bw
    bw.close()


@pytest.fixture(scope="session")
def bw() -> Iterator[Blocwatch]:
    """An in-memory store built from the bundled reference data (shared by the session; do not write)."""
    store = open_blocwatch(":memory:")
    yield store
    store.close()
