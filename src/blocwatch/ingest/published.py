"""Publication dates: from metadata, else from the text, never invented.

>>> parse_published("26-FEB-1987 15:01:01.79")
datetime.date(1987, 2, 26)
>>> date_from_text("BRASILIA, 16 de enero de 2020 - El gobierno anunció ...")
datetime.date(2020, 1, 16)
>>> parse_published("today") is None
True
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from typing import Any

_DATEPARSER_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
}
_LANGUAGES = ["en", "es", "pt"]
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_FAST_FORMATS = ("%d-%b-%Y %H:%M:%S.%f", "%d-%b-%Y %H:%M:%S", "%d-%b-%Y", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y")
EARLIEST = dt.date(1800, 1, 1)


def _plausible(value: dt.date) -> dt.date | None:
    """Publication dates lie between 1800 and tomorrow (time zones); others are errors."""
    if EARLIEST <= value <= dt.date.today() + dt.timedelta(days=1):
        return value
    return None


def _dateparser(text: str, languages: list[str], order: str | None = None) -> dt.date | None:
    import dateparser

    settings: dict[str, Any] = dict(_DATEPARSER_SETTINGS)
    if order:
        settings["DATE_ORDER"] = order
    try:
        parsed = dateparser.parse(text, languages=languages, settings=settings)
    except (ValueError, OverflowError, TypeError, RecursionError):
        return None
    return _plausible(parsed.date()) if parsed is not None else None


def parse_published(value: object) -> dt.date | None:
    """A publication date from metadata (ISO 8601, RFC 2822, Reuters' ``26-FEB-1987``,
    or anything dateparser reads in en/es/pt), or ``None``.

    Only values with an explicit four-digit year are read, so "today" or "2 hours ago"
    never become a date.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _plausible(value.date())
    if isinstance(value, dt.date):
        return _plausible(value)
    raw = str(value).strip()
    if not raw or not _YEAR.search(raw) or len(raw) > 200:
        return None
    try:
        return _plausible(dt.datetime.fromisoformat(raw.replace("Z", "+00:00")).date())
    except ValueError:
        pass
    try:
        return _plausible(dt.date.fromisoformat(raw[:10]))
    except ValueError:
        pass
    try:
        return _plausible(email.utils.parsedate_to_datetime(raw).date())
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in _FAST_FORMATS:
        try:
            return _plausible(dt.datetime.strptime(raw, fmt).date())
        except ValueError:
            continue
    return _dateparser(raw, _LANGUAGES)


_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
    "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
    "|janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro|novembro|dezembro"
)
_TEXT_DATES = (
    # 2020-02-06
    re.compile(r"(?<!\d)(?:1[89]|20)\d\d-[01]?\d-[0-3]?\d(?!\d)"),
    # February 6, 2020 / Feb. 6 2020
    re.compile(rf"\b(?:{_MONTHS})\.?\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:1[89]|20)\d\d\b", re.IGNORECASE),
    # 6 February 2020 / 6 de febrero de 2020 / 6 de fevereiro de 2020 / 6 feb. 2020
    re.compile(
        rf"\b[0-3]?\d(?:º|°|o)?\s+(?:de\s+)?(?:{_MONTHS})\.?,?\s+(?:de\s+|del\s+)?(?:1[89]|20)\d\d\b", re.IGNORECASE
    ),
    # 06/02/2020 (day first in es/pt, month first in en)
    re.compile(r"(?<![\d/])[0-3]?\d/[01]?\d/(?:1[89]|20)\d\d(?![\d/])"),
)
_TEXT_WINDOW = 1500


def date_from_text(text: str, *, lang: str | None = None) -> dt.date | None:
    """The first full date (day, month and year) written near the start of ``text``."""
    window = text[:_TEXT_WINDOW]
    found: list[tuple[int, str, int]] = []
    for kind, pattern in enumerate(_TEXT_DATES):
        for match in pattern.finditer(window):
            found.append((match.start(), match.group(0), kind))
    languages = [lang] if lang in _LANGUAGES else _LANGUAGES
    for _, candidate, kind in sorted(found):
        if kind == 0:
            parsed = parse_published(candidate)
        elif kind == 3:
            parsed = _dateparser(candidate, languages, "MDY" if lang == "en" else "DMY")
        else:
            parsed = _dateparser(candidate, languages)
        if parsed is not None:
            return parsed
    return None
