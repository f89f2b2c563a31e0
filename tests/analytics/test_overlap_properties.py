"""Properties of the overlap measures over random dates (hypothesis): the matrix is symmetric
with a unit diagonal and agrees with its sizes, and the yearly series (one SQL query) agrees
with Graph.overlap (one call per date) on every date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blocwatch.core import Blocwatch, open_blocwatch

MINI = Path(__file__).resolve().parents[1] / "reference" / "fixtures" / "mini"


@pytest.fixture(scope="module")
def store() -> Iterator[Blocwatch]:
    bw = open_blocwatch(":memory:", data_dir=str(MINI))
    yield bw
    bw.close()


days = st.dates(min_value=dt.date(1998, 1, 1), max_value=dt.date(2026, 12, 31))


@settings(max_examples=40, deadline=None)
@given(day=days, active_only=st.booleans())
def test_matrix_is_consistent(store: Blocwatch, day: dt.date, active_only: bool) -> None:
    result = store.analytics.overlap_matrix(["TESTBLOC", "OTHERBLOC"], on=day, active_only=active_only)
    assert result.jaccard[0][0] == result.jaccard[1][1] == 1.0
    assert result.jaccard[0][1] == result.jaccard[1][0]
    shared, sizes = result.shared[0][1], result.sizes
    union = sizes[0] + sizes[1] - shared
    assert result.jaccard[0][1] == (round(shared / union, 4) if union else 0.0)
    assert 0.0 <= result.jaccard[0][1] <= 1.0


@settings(max_examples=25, deadline=None)
@given(start=st.integers(1998, 2024), length=st.integers(0, 4), month=st.integers(1, 12), day=st.integers(1, 28))
def test_series_agrees_with_graph_overlap(store: Blocwatch, start: int, length: int, month: int, day: int) -> None:
    points = store.analytics.overlap_series(
        "TESTBLOC", "OTHERBLOC", start=start, end=start + length, month=month, day=day
    )
    assert len(points) == length + 1
    for point in points:
        expected = store.graph.overlap(["TESTBLOC", "OTHERBLOC"], on=point.on)
        assert point.sizes == {k: len(v) for k, v in expected.members.items()}
        assert (point.shared, point.jaccard) == (len(expected.pairs[0].shared), expected.pairs[0].jaccard)
