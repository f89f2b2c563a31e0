"""Generate ``src/blocwatch/reference/data/countries.csv``.

The table is built from three packages and one hand-kept file:

* ``pycountry`` - ISO 3166-1 codes and names, and the iso-codes translations (es, pt, pt_BR);
* ``countrycode`` - Correlates of War codes, CLDR names (en, es, es_419, pt, pt_AO), UN M49
  regions and the UN Terminology Database names, whose 193 rows are the UN Member States;
* ``countryinfo`` - English capital and demonym, alternative spellings;
* ``countries_extra.yaml`` - the sourced supplement: Wikidata QIDs, es/pt demonyms and
  capitals, UN observers, overrides and entries outside ISO 3166-1 (Kosovo).

Usage, from the repository root::

    .venv/bin/python scripts/build_countries.py           # (re)write countries.csv
    .venv/bin/python scripts/build_countries.py --check   # exit 1 if countries.csv is stale

Tests import this file and call :func:`check`.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import gettext
import io
import logging
import pickle
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import countrycode
import pycountry
import yaml
from countryinfo import CountryInfo
from countryinfo.exceptions import CountryNotFoundError

from blocwatch.errors import DataError, E
from blocwatch.reference.names import normalize

log = logging.getLogger("build_countries")

REPO: Final = Path(__file__).resolve().parents[1]
DATA_DIR: Final = REPO / "src" / "blocwatch" / "reference" / "data"
CSV_PATH: Final = DATA_DIR / "countries.csv"
EXTRA_PATH: Final = DATA_DIR / "countries_extra.yaml"
SOURCES_PATH: Final = DATA_DIR / "sources" / "countries.yaml"

COLUMNS: Final = (
    "iso3",
    "iso2",
    "numeric",
    "cow_code",
    "cow_abbr",
    "qid",
    "un_status",
    "region",
    "name_en",
    "name_es",
    "name_pt",
    "demonym_en",
    "demonym_es",
    "demonym_pt",
    "capital_en",
    "capital_es",
    "capital_pt",
    "aliases",
    "sources",
)

SRC_PYCOUNTRY: Final = "countries-pkg-pycountry"
SRC_COUNTRYCODE: Final = "countries-pkg-countrycode"
SRC_COUNTRYINFO: Final = "countries-pkg-countryinfo"

LAC_SUBREGION: Final = "Latin America and the Caribbean"
UN_STATUSES: Final = ("member", "observer", "territory", "")
QID_RE: Final = re.compile(r"Q[1-9][0-9]*")
ISO3_RE: Final = re.compile(r"[A-Z]{3}")
SOURCE_ID_RE: Final = re.compile(r"[a-z0-9-]+")

#: Keys a supplement entry may carry; those in OVERRIDABLE replace the derived value.
OVERRIDABLE: Final = frozenset(COLUMNS) - {"iso3", "aliases", "sources"}
EXTRA_KEYS: Final = OVERRIDABLE | {"iso3", "add", "aliases", "demonym_es_forms", "demonym_pt_forms", "note", "sources"}

#: A CLDR long name with one of these marks is replaced by a plainer form (short or ISO name).
_CLDR_EN_MARKS: Final = ("&", " SAR ", " - ", "St. ", "(")
_CLDR_XX_MARKS: Final = ("(", ",", " RAE ")


@dataclass(frozen=True)
class Extra:
    """One entry of ``countries_extra.yaml``."""

    iso3: str
    fields: Mapping[str, Any]
    line: int

    @property
    def sources(self) -> list[str]:
        return [str(s) for s in self.fields["sources"]]

    def get(self, key: str) -> str | None:
        """The override for ``key`` (``""`` blanks the value), or None when not given."""
        if key not in self.fields:
            return None
        value = self.fields[key]
        return "" if value is None else str(value)

    def strings(self, key: str) -> list[str]:
        value = self.fields.get(key) or []
        return [str(v) for v in value]


# --- loading -------------------------------------------------------------------------------


def load_codelist() -> dict[str, list[Any]]:
    """countrycode's code list: a mapping of column name to one list per row."""
    path = Path(countrycode.__file__).parent / "data" / "codelist.pickle"
    with path.open("rb") as fh:
        data: dict[str, list[Any]] = pickle.load(fh)  # the package's own data file
    return data


def _where(path: Path, line: int) -> str:
    try:
        shown = path.relative_to(REPO)
    except ValueError:
        shown = path
    return f"{shown}:{line}"


def load_extra(path: Path = EXTRA_PATH, *, known_sources: Iterable[str] | None = None) -> dict[str, Extra]:
    """Read and check the supplement; raises :class:`DataError` naming file and line."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
        items = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise DataError(E.BW100, f"cannot parse {path.name}: {exc}", where=_where(path, line)) from exc
    if not isinstance(items, list) or not isinstance(node, yaml.SequenceNode):
        raise DataError(E.BW100, f"{path.name} must be a YAML list of entries", where=_where(path, 1))
    known = set(known_sources) if known_sources is not None else None
    extras: dict[str, Extra] = {}
    for item, item_node in zip(items, node.value, strict=True):
        line = item_node.start_mark.line + 1
        where = _where(path, line)
        if not isinstance(item, dict):
            raise DataError(E.BW100, "each entry must be a mapping", where=where)
        iso3 = str(item.get("iso3", ""))
        if not ISO3_RE.fullmatch(iso3):
            raise DataError(E.BW109, f"entry without a valid iso3 ({iso3!r})", where=where)
        unknown = sorted(set(item) - EXTRA_KEYS)
        if unknown:
            raise DataError(E.BW108, f"{iso3}: unknown key(s) {', '.join(unknown)}", where=where)
        sources = item.get("sources")
        if not isinstance(sources, list) or not sources:
            raise DataError(E.BW103, f"{iso3}: the entry has no sources", where=where)
        for src in sources:
            if not SOURCE_ID_RE.fullmatch(str(src)):
                raise DataError(E.BW108, f"{iso3}: malformed source id {src!r}", where=where)
            if known is not None and str(src) not in known:
                raise DataError(E.BW104, f"{iso3}: unknown source id {src!r}", where=where)
        qid = item.get("qid")
        if qid and not QID_RE.fullmatch(str(qid)):
            raise DataError(E.BW108, f"{iso3}: qid {qid!r} is not of the form Q123", where=where)
        status = item.get("un_status")
        if status is not None and status not in UN_STATUSES:
            raise DataError(E.BW108, f"{iso3}: un_status {status!r} is not one of {UN_STATUSES}", where=where)
        for key in ("aliases", "demonym_es_forms", "demonym_pt_forms"):
            if key in item and not isinstance(item[key], list):
                raise DataError(E.BW108, f"{iso3}: {key} must be a list", where=where)
        if iso3 in extras:
            raise DataError(E.BW102, f"{iso3} appears twice (first at line {extras[iso3].line})", where=where)
        extras[iso3] = Extra(iso3=iso3, fields=item, line=line)
    return extras


def load_source_ids(path: Path = SOURCES_PATH) -> set[str]:
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {str(item["id"]) for item in items}


# --- helpers -------------------------------------------------------------------------------


def _translation(lang: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])


def _tr(translation: gettext.NullTranslations, text: str | None) -> str:
    # gettext("") returns the catalogue header, so empty strings are never looked up
    return translation.gettext(text) if text else ""


def _is_latin(text: str) -> bool:
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def _dedupe(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            out.append(value)
    return out


class _Codelist:
    """Row access to countrycode's column-oriented code list."""

    def __init__(self, data: dict[str, list[Any]]) -> None:
        self.data = data
        self.by_iso3 = {code: i for i, code in enumerate(data["iso3c"]) if code}
        self.by_wb3 = {code: i for i, code in enumerate(data["wb_api3c"]) if code}

    def get(self, row: int | None, column: str) -> str:
        if row is None:
            return ""
        value = self.data[column][row]
        return "" if value is None else str(value)

    def cow_code(self, row: int | None) -> str:
        if row is None or self.data["cown"][row] is None:
            return ""
        return str(int(self.data["cown"][row]))


def _plain_cldr(long_name: str, short_name: str, marks: Sequence[str]) -> str:
    """CLDR's long name, or its short form when the long one is decorated ("RAE de Hong Kong (China)")."""
    if long_name and any(mark in long_name for mark in marks) and short_name and "." not in short_name:
        return short_name
    return long_name


@dataclass
class _Row:
    values: dict[str, str]
    aliases: list[str]
    sources: list[str]


# --- building ------------------------------------------------------------------------------


def build_rows(
    *,
    codelist: dict[str, list[Any]] | None = None,
    extras: Mapping[str, Extra] | None = None,
) -> list[dict[str, str]]:
    """All rows of countries.csv, sorted by iso3, as mappings of column to text."""
    cl = _Codelist(codelist if codelist is not None else load_codelist())
    if extras is None:
        extras = load_extra(known_sources=load_source_ids())
    tr = {lang: _translation(lang) for lang in ("es", "pt", "pt_BR")}

    rows: dict[str, _Row] = {}
    for country in pycountry.countries:
        iso3 = country.alpha_3
        rows[iso3] = _iso_row(country, cl, tr)
    for iso3, extra in extras.items():
        if extra.fields.get("add"):
            if iso3 in rows:
                raise DataError(
                    E.BW102,
                    f"{iso3} is marked add: true but is already an ISO 3166-1 code",
                    where=_where(EXTRA_PATH, extra.line),
                )
            rows[iso3] = _added_row(iso3, cl)
        elif iso3 not in rows:
            raise DataError(
                E.BW101,
                f"{iso3} is not an ISO 3166-1 alpha-3 code; mark it `add: true` if it is meant to be added",
                where=_where(EXTRA_PATH, extra.line),
            )
    for iso3, extra in extras.items():
        _apply_extra(rows[iso3], extra)
    _drop_ambiguous_aliases(rows)

    out: list[dict[str, str]] = []
    for iso3 in sorted(rows):
        row = rows[iso3]
        values = dict(row.values)
        values["aliases"] = "|".join(row.aliases)
        values["sources"] = ";".join(_dedupe(row.sources))
        out.append({column: values.get(column, "") for column in COLUMNS})
    return out


def _iso_row(country: Any, cl: _Codelist, tr: Mapping[str, gettext.NullTranslations]) -> _Row:
    iso3: str = country.alpha_3
    i = cl.by_iso3.get(iso3)
    iso_name: str = country.name
    official: str = getattr(country, "official_name", "") or ""
    common: str = getattr(country, "common_name", "") or ""
    iso_display = common or iso_name

    cldr_en = cl.get(i, "cldr.name.en")
    plain_en = cldr_en and not any(mark in cldr_en for mark in _CLDR_EN_MARKS)
    name_en = cldr_en if plain_en else iso_display
    name_es = _plain_cldr(
        cl.get(i, "cldr.name.es_419") or cl.get(i, "cldr.name.es"), cl.get(i, "cldr.short.es"), _CLDR_XX_MARKS
    ) or _tr(tr["es"], iso_display)
    name_pt = _plain_cldr(cl.get(i, "cldr.name.pt"), cl.get(i, "cldr.short.pt"), _CLDR_XX_MARKS) or _tr(
        tr["pt_BR"], iso_display
    )

    info = _countryinfo(iso3)
    subregion = cl.get(i, "un.regionsub.name")
    values = {
        "iso3": iso3,
        "iso2": country.alpha_2,
        "numeric": country.numeric,
        "cow_code": cl.cow_code(i),
        "cow_abbr": cl.get(i, "cowc"),
        "qid": "",
        "un_status": "member" if cl.get(i, "un.name.en") else "territory",
        "region": "LAC" if subregion == LAC_SUBREGION else subregion,
        "name_en": name_en,
        "name_es": name_es,
        "name_pt": name_pt,
        "demonym_en": str(info.get("demonym") or ""),
        "capital_en": str(info.get("capital") or ""),
    }
    candidates = [iso_name, official, common, cl.get(i, "un.name.en"), cl.get(i, "country.name.en")]
    for lang in ("en", "es", "es_419", "pt", "pt_ao"):
        candidates += [cl.get(i, f"cldr.{kind}.{lang}") for kind in ("name", "short", "variant")]
    candidates.append(cl.get(i, "un.name.es"))
    for translation in tr.values():
        candidates += [_tr(translation, text) for text in (iso_name, official, common)]
    candidates += [str(s) for s in info.get("altSpellings", []) if _is_latin(str(s))]
    sources = [SRC_PYCOUNTRY, SRC_COUNTRYCODE]
    if info:
        sources.append(SRC_COUNTRYINFO)
    return _Row(values=values, aliases=_dedupe(c.strip() for c in candidates), sources=sources)


def _added_row(iso3: str, cl: _Codelist) -> _Row:
    """A row outside ISO 3166-1 (Kosovo): names and COW code from countrycode's row with wb_api3c = iso3."""
    i = cl.by_wb3.get(iso3)
    values = {
        "iso3": iso3,
        "cow_code": cl.cow_code(i),
        "cow_abbr": cl.get(i, "cowc"),
        "un_status": "",
        "name_en": cl.get(i, "cldr.name.en") or cl.get(i, "country.name.en"),
        "name_es": cl.get(i, "cldr.name.es_419") or cl.get(i, "cldr.name.es"),
        "name_pt": cl.get(i, "cldr.name.pt"),
    }
    candidates = [cl.get(i, "country.name.en")]
    for lang in ("en", "es", "pt"):
        candidates += [cl.get(i, f"cldr.{kind}.{lang}") for kind in ("name", "short", "variant")]
    return _Row(values=values, aliases=_dedupe(candidates), sources=[SRC_COUNTRYCODE] if i is not None else [])


def _countryinfo(iso3: str) -> dict[str, Any]:
    try:
        raw: Mapping[str, Any] = CountryInfo(iso3).info()
    except CountryNotFoundError:
        return {}
    iso = raw.get("ISO") or {}
    # countryinfo also resolves codes through non-ISO data; keep only exact alpha-3 matches
    return dict(raw) if iso.get("alpha3") == iso3 else {}


def _apply_extra(row: _Row, extra: Extra) -> None:
    for key in sorted(OVERRIDABLE):
        value = extra.get(key)
        if value is not None:
            row.values[key] = value
    demonyms = [row.values.get("demonym_es", ""), *extra.strings("demonym_es_forms")]
    demonyms += [row.values.get("demonym_pt", ""), *extra.strings("demonym_pt_forms")]
    row.aliases = _dedupe([*row.aliases, *extra.strings("aliases"), *demonyms])
    row.sources += extra.sources


def _drop_ambiguous_aliases(rows: Mapping[str, _Row]) -> None:
    """Keep an alias only if it names one row and is not already a code or name of that row.

    Aliases are compared the way the name index compares them (:func:`normalize`); an alias
    shared by two rows (``Congo``, ``congoleño``) or equal to another row's code or name is
    dropped from every row that has it only as an alias.
    """
    primary: dict[str, set[str]] = defaultdict(set)
    for iso3, row in rows.items():
        for key in ("iso3", "iso2", "name_en", "name_es", "name_pt"):
            norm = normalize(row.values.get(key, ""))
            if norm:
                primary[norm].add(iso3)
    owners: dict[str, set[str]] = defaultdict(set)
    for iso3, row in rows.items():
        for alias in row.aliases:
            owners[normalize(alias)].add(iso3)
    for iso3, row in rows.items():
        kept: list[str] = []
        seen: set[str] = set()
        for alias in row.aliases:
            norm = normalize(alias)
            if not norm or norm in seen or ";" in alias or "|" in alias:
                continue
            if norm in primary:  # own name or code (redundant), or another row's (ambiguous)
                if primary[norm] != {iso3}:
                    log.debug("%s: alias %r dropped, it names %s", iso3, alias, sorted(primary[norm]))
                continue
            if owners[norm] != {iso3}:
                log.debug("%s: alias %r dropped, shared with %s", iso3, alias, sorted(owners[norm] - {iso3}))
                continue
            seen.add(norm)
            kept.append(alias)
        row.aliases = kept


# --- output --------------------------------------------------------------------------------


def render_csv(rows: Sequence[Mapping[str, str]]) -> str:
    """The CSV text: a header and one line per row, ``\\n`` line ends."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def check(path: Path = CSV_PATH) -> list[str]:
    """A unified diff (as lines) between ``path`` and what would be generated; empty when up to date."""
    expected = render_csv(build_rows())
    actual = path.read_text(encoding="utf-8") if path.exists() else ""
    if actual == expected:
        return []
    return list(
        difflib.unified_diff(actual.splitlines(), expected.splitlines(), str(path), "generated", lineterm="", n=0)
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if countries.csv differs from what would be generated"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log dropped (ambiguous) aliases")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(message)s")
    try:
        if args.check:
            diff = check()
            if diff:
                log.error("%s is out of date (%d differing lines); run scripts/build_countries.py", CSV_PATH, len(diff))
                for line in diff[:40]:
                    log.error("%s", line)
                return 1
            log.info("%s is up to date", CSV_PATH.relative_to(REPO))
            return 0
        rows = build_rows()
        CSV_PATH.write_text(render_csv(rows), encoding="utf-8")
        log.info("wrote %d rows to %s", len(rows), CSV_PATH.relative_to(REPO))
        return 0
    except DataError as exc:
        log.error("%s", exc)
        return 2


if __name__ == "__main__":
    sys.exit(main())
