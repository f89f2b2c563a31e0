"""Dates from the text (extract/textdates.py), resolved against the article date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blocwatch.extract.textdates import UNKNOWN, date_near, find_dates

ANCHOR = dt.date(2024, 7, 10)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "lang", "iso", "precision"),
    [
        ("em julho de 2024", "pt", "2024-07", "month"),
        ("on 6 February 2020", "en", "2020-02-06", "day"),
        ("on June 23, 2016,", "en", "2016-06-23", "day"),
        ("el 29 de diciembre de 2023", "es", "2023-12-29", "day"),
        ("on Monday", "en", "2024-07-08", "day"),
        ("nesta quarta-feira", "pt", "2024-07-10", "day"),
        ("last month", "en", "2024-06", "month"),
        ("el año pasado", "es", "2023", "year"),
        ("no ano passado", "pt", "2023", "year"),
        ("in late January", "en", "2024-01", "month"),
        ("voted in 2016", "en", "2016", "year"),
        ("ayer", "es", "2024-07-09", "day"),
    ],
)
def test_dates_keep_their_precision(text: str, lang: str, iso: str, precision: str) -> None:
    (found,) = find_dates(text, lang=lang, anchor=ANCHOR)
    assert (found.iso, found.precision) == (iso, precision)
    assert text[found.start : found.end] == found.text


def test_relative_dates_need_the_article_date() -> None:
    assert find_dates("on Monday, last month", lang="en", anchor=None) == []
    assert [d.iso for d in find_dates("in July 2024", lang="en", anchor=None)] == ["2024-07"]


def test_no_date_is_unknown_never_the_article_date() -> None:
    assert date_near("Bolivia joined the bloc.", 8, lang="en", anchor=ANCHOR) is UNKNOWN
    assert (UNKNOWN.value, UNKNOWN.precision, UNKNOWN.iso) == (None, "unknown", None)


def test_the_nearest_date_in_the_clause_wins() -> None:
    text = "Argentina, which applied in 2022, left the group on Monday; the talks resume in 2025."
    assert date_near(text, text.index("left"), lang="en", anchor=ANCHOR).iso == "2024-07-08"


@given(st.text(max_size=200), st.sampled_from(["en", "es", "pt"]))
def test_any_text_gives_dates_inside_it(text: str, lang: str) -> None:
    for found in find_dates(text, lang=lang, anchor=ANCHOR):
        assert 0 <= found.start < found.end <= len(text)
        assert found.precision in ("day", "month", "year")
        assert found.value is not None and found.value <= ANCHOR + dt.timedelta(days=366 * 5)
