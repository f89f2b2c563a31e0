"""Dates stated in a sentence, resolved against the article date (component ``textdates.v1``).

    >>> import datetime as dt
    >>> found = find_dates("O Brasil assumiu a presidência em julho de 2024.", lang="pt", anchor=dt.date(2024, 7, 10))
    >>> found[0].iso, found[0].precision
    ('2024-07', 'month')
    >>> date_near("Argentina left on Monday.", 11, lang="en", anchor=dt.date(2024, 7, 10)).iso
    '2024-07-08'

Candidate expressions are regular expressions held per language in
``extract/lang/<lang>/dates.yaml`` (absolute: "6 February 2020", "em julho de 2024";
relative: "on Monday", "last month", "el año pasado"); each candidate is read by
``dateparser`` with its search limited to that one language and the article date as the
base of relative expressions (dates in the past preferred). Each date keeps the
precision the text states: ``day``, ``month`` or ``year``. Nothing is invented: a
relative expression without an article date, or a sentence without a date, gives
:data:`UNKNOWN` (value ``None``, precision ``"unknown"``), never the article's date.

The resolver holds no connection and its patterns are plain data, so it pickles; the
``dateparser`` parsers are built lazily once per process and language.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from blocwatch.errors import DataError, E
from blocwatch.extract.lexicon import fold

COMPONENT = "textdates.v1"
LANGS = ("en", "es", "pt")
PRECISIONS = ("day", "month", "year", "unknown")
_CLAUSE_BREAK = re.compile(r"[;:]| - | – | — ")


@dataclass(frozen=True)
class TextDate:
    """A date found in text: its value (first day of its period), precision and span."""

    value: dt.date | None
    precision: str
    text: str = ""
    start: int = -1
    end: int = -1
    relative: bool = False

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def iso(self) -> str | None:
        """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` by precision; ``None`` when unknown."""
        if self.value is None:
            return None
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()

    @property
    def last(self) -> dt.date | None:
        """The last day of the period this date stands for."""
        if self.value is None:
            return None
        if self.precision == "year":
            return dt.date(self.value.year, 12, 31)
        if self.precision == "month":
            following = dt.date(self.value.year + self.value.month // 12, self.value.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return self.value


UNKNOWN = TextDate(None, "unknown")


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    precision: str
    relative: bool


@functools.cache
def _data(lang: str) -> dict[str, Any]:
    name = f"lang/{lang}/dates.yaml"
    try:
        data: dict[str, Any] = yaml.safe_load(
            resources.files("blocwatch.extract").joinpath(name).read_text(encoding="utf-8")
        )
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(E.BW450, f"cannot read the date patterns: {exc}", where=f"blocwatch/extract/{name}") from exc
    return data


@functools.cache
def _weekdays(lang: str) -> dict[str, int]:
    """Weekday names (listed Monday first in the data file) to 0..6."""
    names = str(_data(lang)["weekday"]).split("|")
    return {name: number % 7 for number, name in enumerate(names)}


@functools.cache
def _patterns(lang: str) -> tuple[_Pattern, ...]:
    name = f"lang/{lang}/dates.yaml"
    data = _data(lang)
    try:
        fill = {key: data[key] for key in ("month", "weekday", "year")}
        return tuple(
            _Pattern(re.compile(str(item["re"]).format(**fill)), str(item["precision"]), bool(item.get("relative")))
            for item in data["patterns"]
        )
    except (KeyError, TypeError, re.error) as exc:
        raise DataError(E.BW450, f"cannot read the date patterns: {exc}", where=f"blocwatch/extract/{name}") from exc


@functools.cache
def _parser(lang: str) -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=[lang], settings={"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True})


_UNIT = re.compile(r"\b(month|mes|ano|year)\b")
_LAST = re.compile(r"\b(last|past|pasado|passado)\b")


def _read(text: str, lang: str, precision: str, anchor: dt.date | None) -> TextDate | None:
    weekday = _weekdays(lang).get(fold(text).strip())
    if weekday is not None:
        # news speaks of the latest such day, the article's own day included
        return None if anchor is None else TextDate(anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7), "day")
    if precision == "from_unit":  # "last month", "el año pasado", "neste ano": counted from the article date
        if anchor is None:
            return None
        folded = fold(text)
        unit = _UNIT.search(folded)
        back = 1 if _LAST.search(folded) else 0
        if unit and unit.group(1) in ("month", "mes"):
            months = anchor.year * 12 + anchor.month - 1 - back
            return TextDate(dt.date(months // 12, months % 12 + 1, 1), "month")
        return TextDate(dt.date(anchor.year - back, 1, 1), "year")
    parser = _parser(lang)
    base = dt.datetime.combine(anchor, dt.time(12)) if anchor else dt.datetime(2000, 1, 1, 12)
    parser._settings.RELATIVE_BASE = base
    try:
        data = parser.get_date_data(text)
    except (ValueError, OverflowError, TypeError):
        return None
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    if precision == "year":
        day = dt.date(day.year, 1, 1)
    elif precision == "month":
        day = dt.date(day.year, day.month, 1)
    if anchor is not None and day > anchor + dt.timedelta(days=366 * 5):
        return None
    return TextDate(day, precision)


def find_dates(text: str, *, lang: str, anchor: dt.date | None) -> list[TextDate]:
    """Every date expression in ``text`` (non-overlapping, in order), resolved against ``anchor``.

    Relative expressions ("on Monday", "el año pasado") are skipped when ``anchor`` is None.
    """
    lang = lang if lang in LANGS else "en"
    low = fold(text)
    taken: list[tuple[int, int]] = []
    out: list[TextDate] = []
    for pattern in _patterns(lang):
        if pattern.relative and anchor is None:
            continue
        for match in pattern.regex.finditer(low):
            start, end = match.span("d")
            if any(s < end and start < e for s, e in taken):
                continue
            found = _read(text[start:end], lang, pattern.precision, anchor)
            if found is None:
                continue
            taken.append((start, end))
            out.append(TextDate(found.value, found.precision, text[start:end], start, end, pattern.relative))
    return sorted(out, key=lambda d: d.start)


def _clause(text: str, position: int) -> tuple[int, int]:
    """The span of the clause around ``position`` (between ; : dashes and brackets)."""
    start, end = 0, len(text)
    for match in _CLAUSE_BREAK.finditer(text):
        if match.end() <= position:
            start = match.end()
        elif match.start() >= position:
            end = match.start()
            break
    return start, end


def date_near(
    text: str, position: int, *, lang: str, anchor: dt.date | None, within: int = 120, fallback: bool = True
) -> TextDate:
    """The date stated closest to ``position`` in its clause (at most ``within`` characters
    away; each comma between them counts as 40 more), or :data:`UNKNOWN`. Between equally
    close dates the more precise one wins. With ``fallback``, a clause that states a single
    date further away gives that one."""
    first, last = _clause(text, position)
    best: tuple[int, int, TextDate] | None = None
    for found in find_dates(text, lang=lang, anchor=anchor):
        if found.start < first or found.end > last:
            continue
        distance = found.start - position if found.start >= position else position - found.end
        if distance > within:
            continue
        # a comma between them (a relative clause, an apposition) counts as distance
        gap = text[min(found.end, position) : max(found.start, position)]
        distance += 40 * gap.count(",")
        if distance > within + 40:
            continue
        key = (distance, PRECISIONS.index(found.precision), found)
        if best is None or key[:2] < best[:2]:
            best = key
    if best is None and fallback:
        # a sentence with a single date states it for the whole sentence ("Nesta segunda-feira (8), …")
        alone = [d for d in find_dates(text, lang=lang, anchor=anchor) if first <= d.start and d.end <= last]
        if len(alone) == 1:
            return alone[0]
    return best[2] if best else UNKNOWN
