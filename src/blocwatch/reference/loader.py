"""Reading the reference data files into typed records, with file and line for each.

>>> data, errors = load_reference()  # the data bundled in the package
>>> errors
[]
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

from blocwatch.dates import PartialDate, parse_date
from blocwatch.errors import BlocwatchError, DataError, E
from blocwatch.reference.model import (
    Area,
    Country,
    Coverage,
    CowNote,
    Gap,
    Mechanism,
    Meeting,
    MembershipEvent,
    Organization,
    Person,
    Presidency,
    ReferenceData,
    Source,
    StatusChange,
    Where,
)

T = TypeVar("T")

#: Folder of multi-file kinds → file pattern.
KINDS: dict[str, str] = {
    "sources": "*.yaml",
    "organizations": "*.yaml",
    "memberships": "*.csv",
    "presidencies": "*.csv",
    "mechanisms": "*.yaml",
    "persons": "*.csv",
    "cow_notes": "*.yaml",
}
SINGLE_FILES = ("countries.csv", "countries_extra.yaml", "areas.yaml")


def default_data_dir() -> Path:
    """The reference data bundled in the package."""
    return Path(str(resources.files("blocwatch.reference") / "data"))


def data_files(data_dir: Path) -> list[Path]:
    """Every data file that makes up the graph, in a stable order."""
    files = [data_dir / name for name in SINGLE_FILES if (data_dir / name).exists()]
    for kind, pattern in KINDS.items():
        folder = data_dir / kind
        if folder.is_dir():
            files.extend(sorted(folder.glob(pattern)))
    return files


def data_hash(data_dir: Path) -> str:
    """A digest of every data file's name and content: the graph's version."""
    digest = hashlib.sha256()
    for path in data_files(data_dir):
        digest.update(str(path.relative_to(data_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of every mapping as ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _Reader:
    """Collects records and errors while reading the files of one data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.errors: list[DataError] = []

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.data_dir))
        except ValueError:
            return str(path)

    def error(self, code: Any, message: str, where: Where | str) -> None:
        self.errors.append(DataError(code, message, where=str(where)))

    # --- file formats ---------------------------------------------------------------
    def yaml_items(self, path: Path) -> Iterator[tuple[dict[str, Any], Where]]:
        rel = self.rel(path)
        try:
            doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
            self.error(E.BW100, f"cannot read YAML: {exc}", Where(rel, line))
            return
        if doc is None:
            return
        if not isinstance(doc, list):
            self.error(E.BW100, "expected a list of records at the top level", Where(rel, 1))
            return
        for item in doc:
            if not isinstance(item, dict):
                self.error(E.BW100, f"expected a mapping, got {item!r}", Where(rel, 0))
                continue
            yield item, Where(rel, int(item.get("__line__", 0)))

    def csv_rows(self, path: Path, required: tuple[str, ...]) -> Iterator[tuple[dict[str, str], Where]]:
        rel = self.rel(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.error(E.BW100, f"cannot read CSV: {exc}", Where(rel, 0))
            return
        reader = csv.DictReader(text.splitlines())
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            self.error(E.BW100, f"missing column(s) {', '.join(missing)}", Where(rel, 1))
            return
        for row in reader:
            where = Where(rel, reader.line_num)
            if None in row:
                self.error(E.BW100, "more fields than the header has", where)
                continue
            yield {k: (v or "").strip() for k, v in row.items()}, where

    # --- field helpers --------------------------------------------------------------
    def guard(self, where: Where, build: Callable[..., T], *args: Any) -> T | None:
        try:
            return build(*args)
        except BlocwatchError as exc:
            self.error(exc.code, exc.message, where)
        except (KeyError, TypeError, ValueError) as exc:
            self.error(E.BW109, f"missing or malformed field: {exc}", where)
        return None


def _date(value: Any, where: Where) -> PartialDate | None:
    if value is None or value == "":
        return None
    return parse_date(value, where=str(where))


def _req_date(value: Any, field: str, where: Where) -> PartialDate:
    parsed = _date(value, where)
    if parsed is None:
        raise DataError(E.BW109, f"field {field!r} is required", where=str(where))
    return parsed


def _langs(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"en": value}
    return {k: str(v) for k, v in value.items() if k != "__line__" and v}


def _list(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        sep = ";" if ";" in value else "|"
        return tuple(p.strip() for p in value.split(sep) if p.strip())
    return tuple(str(v).strip() for v in value if str(v).strip())


def _opt(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _source(item: dict[str, Any], where: Where) -> Source:
    return Source(
        id=str(item["id"]),
        publisher=str(item["publisher"]),
        title=str(item["title"]),
        url=_opt(item.get("url")),
        date=_opt(item.get("date")),
        note=_opt(item.get("note")),
        where=where,
    )


def _country(row: dict[str, str], where: Where) -> Country:
    return Country(
        iso3=row["iso3"],
        iso2=row.get("iso2", ""),
        numeric=row.get("numeric", ""),
        cow_code=int(row["cow_code"]) if row.get("cow_code") else None,
        cow_abbr=row.get("cow_abbr", ""),
        qid=row.get("qid", ""),
        un_status=row.get("un_status", ""),
        region=row.get("region", ""),
        names={lang: row.get(f"name_{lang}", "") for lang in ("en", "es", "pt")},
        demonyms={lang: row.get(f"demonym_{lang}", "") for lang in ("en", "es", "pt")},
        capitals={lang: row.get(f"capital_{lang}", "") for lang in ("en", "es", "pt")},
        aliases=_list(row.get("aliases", "").replace(";", "|")),
        sources=_list(row["sources"]),
        where=where,
    )


def _area(item: dict[str, Any], where: Where) -> Area:
    return Area(
        id=str(item["id"]),
        labels=_langs(item.get("label")),
        keywords={lang: _list(words) for lang, words in (item.get("keywords") or {}).items() if lang != "__line__"},
        where=where,
    )


def _sub_where(item: dict[str, Any], where: Where) -> Where:
    return Where(where.file, int(item.get("__line__", where.line))) if isinstance(item, dict) else where


def _coverage(value: Any, where: Where) -> tuple[Coverage, ...]:
    """``coverage: {kind: {from, to, checked, note, gaps: [{from, to, explanation, sources}]}}``."""
    if not value:
        return ()
    if not isinstance(value, dict):
        raise DataError(E.BW140, "coverage must map a kind of fact to its researched period", where=str(where))
    out = []
    for kind, period in value.items():
        if kind == "__line__":
            continue
        pwhere = _sub_where(period, where)
        if not isinstance(period, dict):
            raise DataError(
                E.BW140, f"coverage of {kind!r} must be a mapping with from, to, checked", where=str(pwhere)
            )
        gaps = []
        for gap in period.get("gaps") or []:
            gwhere = _sub_where(gap, pwhere)
            gaps.append(
                Gap(
                    start=_req_date(gap.get("from"), "from", gwhere),
                    end=_date(gap.get("to"), gwhere),
                    explanation=str(gap.get("explanation") or ""),
                    sources=_list(gap.get("sources")),
                    where=gwhere,
                    unknown=bool(gap.get("unknown", False)),
                )
            )
        out.append(
            Coverage(
                kind=str(kind),
                start=_req_date(period.get("from"), "from", pwhere),
                end=_req_date(period.get("to"), "to", pwhere),
                checked=_req_date(period.get("checked"), "checked", pwhere),
                note=_opt(period.get("note")),
                gaps=tuple(gaps),
                where=pwhere,
            )
        )
    return tuple(out)


def _organization(item: dict[str, Any], where: Where) -> Organization:
    return Organization(
        id=str(item["id"]),
        names=_langs(item["name"]),
        acronyms=_langs(item.get("acronym")),
        aliases=_list(item.get("aliases")),
        founded=_date(item.get("founded"), where),
        ended=_date(item.get("ended"), where),
        status=str(item["status"]),
        region=str(item["region"]),
        qid=_opt(item.get("qid")),
        cow_abbr=_opt(item.get("cow_abbr")),
        sources=_list(item.get("sources")),
        where=where,
        coverage=_coverage(item.get("coverage"), where),
    )


def _membership(row: dict[str, str], where: Where) -> MembershipEvent:
    return MembershipEvent(
        org=row["org"],
        member=row["member"],
        event=row["event"],
        date=_req_date(row["date"], "date", where),
        capacity=_opt(row.get("capacity")),
        note=_opt(row.get("note")),
        sources=_list(row["sources"]),
        where=where,
    )


def _presidency(row: dict[str, str], where: Where) -> Presidency:
    return Presidency(
        org=row["org"],
        holder=row["holder"],
        start=_req_date(row["start"], "start", where),
        end=_date(row.get("end"), where),
        note=_opt(row.get("note")),
        sources=_list(row["sources"]),
        where=where,
        co_holders=_list(row.get("co_holders") or ""),
    )


def _person(row: dict[str, str], where: Where) -> Person:
    return Person(
        id=row["id"],
        name=row["name"],
        aliases=_list(row.get("aliases", "")),
        state=row["state"],
        role=row["role"],
        start=_req_date(row["start"], "start", where),
        end=_date(row.get("end"), where),
        sources=_list(row["sources"]),
        where=where,
        co_holders=_list(row.get("co_holders") or ""),
    )


def load_reference(data_dir: Path | None = None) -> tuple[ReferenceData, list[DataError]]:
    """Read every data file; return the records and the errors met while reading."""
    root = data_dir or default_data_dir()
    reader = _Reader(root)
    data = ReferenceData()

    def yaml_kind(folder: str, build: Callable[[dict[str, Any], Where], T], into: list[T]) -> None:
        for path in sorted((root / folder).glob("*.yaml")):
            for item, where in reader.yaml_items(path):
                record = reader.guard(where, build, item, where)
                if record is not None:
                    into.append(record)

    def csv_kind(
        paths: list[Path], required: tuple[str, ...], build: Callable[[dict[str, str], Where], T], into: list[T]
    ) -> None:
        for path in paths:
            for row, where in reader.csv_rows(path, required):
                record = reader.guard(where, build, row, where)
                if record is not None:
                    into.append(record)

    yaml_kind("sources", _source, data.sources)
    countries_csv = root / "countries.csv"
    if countries_csv.exists():
        csv_kind([countries_csv], ("iso3", "name_en", "sources"), _country, data.countries)
    else:
        reader.error(E.BW100, "countries.csv is missing", Where("countries.csv", 0))
    areas_yaml = root / "areas.yaml"
    if areas_yaml.exists():
        for item, where in reader.yaml_items(areas_yaml):
            area = reader.guard(where, _area, item, where)
            if area is not None:
                data.areas.append(area)
    yaml_kind("organizations", _organization, data.organizations)
    csv_kind(
        sorted((root / "memberships").glob("*.csv")),
        ("org", "member", "event", "date", "capacity", "sources"),
        _membership,
        data.memberships,
    )
    csv_kind(
        sorted((root / "presidencies").glob("*.csv")),
        ("org", "holder", "start", "end", "sources"),
        _presidency,
        data.presidencies,
    )
    yaml_kind("mechanisms", _mechanism, data.mechanisms)
    csv_kind(
        sorted((root / "persons").glob("*.csv")),
        ("id", "name", "state", "role", "start", "end", "sources"),
        _person,
        data.persons,
    )
    yaml_kind("cow_notes", _cow_note, data.cow_notes)
    return data, reader.errors


def _mechanism(item: dict[str, Any], where: Where) -> Mechanism:
    meetings = []
    for meeting in item.get("meetings") or []:
        mwhere = Where(where.file, int(meeting.get("__line__", where.line)))
        meetings.append(
            Meeting(
                date=_req_date(meeting.get("date"), "date", mwhere),
                end=_date(meeting.get("end"), mwhere),
                place=_opt(meeting.get("place")),
                kind=_opt(meeting.get("kind")),
                sources=_list(meeting.get("sources")),
                where=mwhere,
            )
        )
    history = []
    for step in item.get("history") or []:
        hwhere = _sub_where(step, where)
        history.append(
            StatusChange(
                date=_req_date(step.get("date"), "date", hwhere),
                status=str(step.get("status") or ""),
                party=_opt(step.get("party")),
                note=_opt(step.get("note")),
                sources=_list(step.get("sources")),
                where=hwhere,
            )
        )
    return Mechanism(
        id=str(item["id"]),
        names=_langs(item["name"]),
        org=str(item["org"]),
        partner=str(item["partner"]),
        status=str(item["status"]),
        condition=_opt(item.get("condition")),
        proposed=_date(item.get("proposed"), where),
        established=_date(item.get("established"), where),
        areas=_list(item.get("areas")),
        meetings=tuple(meetings),
        sources=_list(item.get("sources")),
        where=where,
        history=tuple(history),
        kind=str(item.get("kind") or "dialogue"),
    )


def _cow_note(item: dict[str, Any], where: Where) -> CowNote:
    years = item["years"]
    if isinstance(years, int):
        years = [years, years]
    return CowNote(
        org=str(item["org"]),
        member=str(item["member"]),
        year_from=int(years[0]),
        year_to=int(years[-1]),
        cow=str(item.get("cow", "")),
        ours=str(item.get("ours", "")),
        explanation=str(item["explanation"]),
        sources=_list(item.get("sources")),
        where=where,
    )
