"""Fixtures of the web tests: the app over the mini graph with invented votes, events and
proposals, with and without a review token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from analytics._fixtures import open_loaded_mini
from blocwatch.core import Blocwatch
from blocwatch.web import create_app

TOKEN = "test-token-0123456789"


@pytest.fixture
def web_bw(mini_data_dir: Path, tmp_path: Path) -> Iterator[Blocwatch]:
    bw = open_loaded_mini(mini_data_dir, tmp_path)
    yield bw
    bw.close()


@pytest.fixture
def client(web_bw: Blocwatch) -> Iterator[TestClient]:
    with TestClient(create_app(web_bw, token=TOKEN), base_url="http://localhost") as test_client:
        yield test_client


@pytest.fixture
def ro_client(web_bw: Blocwatch) -> Iterator[TestClient]:
    """The same store served without a token: read-only."""
    with TestClient(create_app(web_bw, token=""), base_url="http://localhost") as test_client:
        yield test_client


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
