"""Cross-record validation of the reference data: ids, sources, dates, overlaps."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from typing import Protocol

import yaml

from blocwatch.dates import PartialDate
from blocwatch.errors import Code, DataError, E
from blocwatch.reference.model import (
    AGREEMENT_STATUSES,
    CAPACITIES,
    COVERAGE_KINDS,
    COW_VALUES,
    LANGS,
    MECHANISM_KINDS,
    MECHANISM_STATUSES,
    MEMBERSHIP_EVENTS,
    ORG_STATUSES,
    REGIONS,
    ROLES,
    UN_STATUSES,
    Mechanism,
    Organization,
    Person,
    ReferenceData,
    Where,
)


class _Term(Protocol):
    @property
    def start(self) -> PartialDate: ...
    @property
    def end(self) -> PartialDate | None: ...
    @property
    def where(self) -> Where: ...


def _check_sources(errors: list[DataError], known: set[str], sources: Sequence[str], what: str, where: Where) -> None:
    if not sources:
        errors.append(DataError(E.BW103, f"{what} has no source", where=str(where)))
    for source in sources:
        if source not in known:
            errors.append(DataError(E.BW104, f"{what} cites unknown source {source!r}", where=str(where)))


def _check_value(errors: list[DataError], value: str | None, allowed: Iterable[str], field: str, where: Where) -> None:
    allowed = tuple(allowed)
    if value not in allowed:
        listed = ", ".join(a or "(empty)" for a in allowed)
        errors.append(DataError(E.BW108, f"{field} {value!r} is not one of {listed}", where=str(where)))


def check_no_overlap(
    errors: list[DataError],
    groups: dict[tuple[str, ...], list[_Term]],
    code: Code,
    what: str,
    *,
    joint: Callable[[_Term, _Term], bool] | None = None,
) -> None:
    """Terms in one group may follow each other, sharing at most the handover day.

    ``joint(a, b)`` tells when two overlapping terms are held jointly (co-holders), which
    is allowed.
    """
    for key, terms in groups.items():
        ordered = sorted(terms, key=lambda t: t.start.value)
        for term in ordered:
            if term.end is not None and term.end.value < term.start.value:
                errors.append(
                    DataError(E.BW110, f"{what} {'/'.join(key)} ends before it starts", where=str(term.where))
                )
        if joint is None:
            pairs: Iterable[tuple[_Term, _Term]] = itertools.pairwise(ordered)
        else:  # with co-holders, a term may overlap a jointly held one and still clash with another
            pairs = ((prev, nxt) for i, nxt in enumerate(ordered) for prev in ordered[:i])
        for prev, nxt in pairs:
            if prev.end is not None and prev.end.value <= nxt.start.value:
                continue
            if joint is not None and (joint(prev, nxt) or joint(nxt, prev)):
                continue
            errors.append(
                DataError(
                    code,
                    f"{what} {'/'.join(key)}: the term from {prev.start} (line {prev.where.line}) "
                    f"overlaps the term from {nxt.start}",
                    where=str(nxt.where),
                )
            )


def _person_joint(a: _Term, b: _Term) -> bool:
    return isinstance(a, Person) and isinstance(b, Person) and b.id in a.co_holders


def _check_coverage(errors: list[DataError], org: Organization, source_ids: set[str]) -> None:
    seen: set[str] = set()
    for cov in org.coverage:
        _check_value(errors, cov.kind, COVERAGE_KINDS, "coverage kind", cov.where)
        if cov.kind in seen:
            errors.append(
                DataError(E.BW140, f"organization {org.id}: coverage of {cov.kind} given twice", where=str(cov.where))
            )
        seen.add(cov.kind)
        if cov.end.value < cov.start.value:
            errors.append(
                DataError(E.BW110, f"coverage of {org.id} {cov.kind} ends before it starts", where=str(cov.where))
            )
        for gap in cov.gaps:
            if cov.kind != "presidencies":
                errors.append(DataError(E.BW140, "gaps are explained for presidencies only", where=str(gap.where)))
            if not gap.explanation:
                errors.append(
                    DataError(E.BW140, f"gap of {org.id} from {gap.start} has no explanation", where=str(gap.where))
                )
            _check_sources(errors, source_ids, gap.sources, f"gap of {org.id} from {gap.start}", gap.where)


def _check_history(errors: list[DataError], mech: Mechanism, source_ids: set[str], actors: set[str]) -> None:
    _check_value(errors, mech.kind, MECHANISM_KINDS, "kind", mech.where)
    previous = None
    for step in mech.history:
        if step.status not in AGREEMENT_STATUSES:
            errors.append(
                DataError(
                    E.BW142,
                    f"mechanism {mech.id}: status {step.status!r} is not one of {', '.join(AGREEMENT_STATUSES)}",
                    where=str(step.where),
                )
            )
        if step.party is not None and step.party not in actors:
            errors.append(
                DataError(E.BW142, f"mechanism {mech.id}: unknown party {step.party!r}", where=str(step.where))
            )
        if previous is not None and step.date.value < previous:
            errors.append(
                DataError(
                    E.BW142, f"mechanism {mech.id}: step of {step.date} is out of date order", where=str(step.where)
                )
            )
        previous = step.date.value
        _check_sources(errors, source_ids, step.sources, f"status step of {mech.id}", step.where)


def validate(data: ReferenceData) -> list[DataError]:
    """Every cross-record error in the data (empty when the graph is consistent)."""
    errors: list[DataError] = []

    def unique(ids: Iterable[tuple[str, Where]], what: str) -> set[str]:
        seen: dict[str, Where] = {}
        for ident, where in ids:
            if ident in seen:
                errors.append(
                    DataError(E.BW102, f"duplicate {what} id {ident!r} (first at {seen[ident]})", where=str(where))
                )
            seen.setdefault(ident, where)
        return set(seen)

    source_ids = unique(((s.id, s.where) for s in data.sources), "source")
    country_ids = unique(((c.iso3, c.where) for c in data.countries), "country")
    org_ids = unique(((o.id, o.where) for o in data.organizations), "organization")
    area_ids = unique(((a.id, a.where) for a in data.areas), "area")
    unique(((m.id, m.where) for m in data.mechanisms), "mechanism")
    actors = country_ids | org_ids

    for country in data.countries:
        _check_sources(errors, source_ids, country.sources, f"country {country.iso3}", country.where)
        _check_value(errors, country.un_status, UN_STATUSES, "un_status", country.where)

    for org in data.organizations:
        _check_sources(errors, source_ids, org.sources, f"organization {org.id}", org.where)
        _check_value(errors, org.status, ORG_STATUSES, "status", org.where)
        _check_value(errors, org.region, REGIONS, "region", org.where)
        if "en" not in org.names:
            errors.append(DataError(E.BW109, f"organization {org.id} has no English name", where=str(org.where)))
        for lang in org.names:
            _check_value(errors, lang, LANGS, "language", org.where)
        if org.founded and org.ended and org.ended.value < org.founded.value:
            errors.append(DataError(E.BW110, f"organization {org.id} ends before it is founded", where=str(org.where)))
        _check_coverage(errors, org, source_ids)
    researched = {o.id: cov for o in data.organizations for cov in o.coverage if cov.kind == "presidencies"}

    for event in data.memberships:
        what = f"membership event {event.org}/{event.member}/{event.event}"
        _check_sources(errors, source_ids, event.sources, what, event.where)
        if event.org not in org_ids:
            errors.append(DataError(E.BW101, f"unknown organization {event.org!r}", where=str(event.where)))
        if event.member not in actors:
            errors.append(DataError(E.BW101, f"unknown member {event.member!r}", where=str(event.where)))
        _check_value(errors, event.event, MEMBERSHIP_EVENTS, "event", event.where)
        if event.capacity is not None:
            _check_value(errors, event.capacity, CAPACITIES, "capacity", event.where)

    presidency_groups: dict[tuple[str, ...], list[_Term]] = defaultdict(list)
    for term in data.presidencies:
        _check_sources(errors, source_ids, term.sources, f"presidency {term.org}/{term.holder}", term.where)
        if term.org not in org_ids:
            errors.append(DataError(E.BW101, f"unknown organization {term.org!r}", where=str(term.where)))
        if term.holder not in actors:
            errors.append(DataError(E.BW101, f"unknown holder {term.holder!r}", where=str(term.where)))
        for co in term.co_holders:
            if co not in actors or co == term.holder:
                errors.append(
                    DataError(
                        E.BW141, f"presidency {term.org}/{term.holder}: bad co-holder {co!r}", where=str(term.where)
                    )
                )
        cov = researched.get(term.org)
        if cov is not None and term.start.value > cov.end.value:
            errors.append(
                DataError(
                    E.BW143,
                    f"presidency {term.org}/{term.holder} starts {term.start}, after the researched period "
                    f"(to {cov.end})",
                    where=str(term.where),
                )
            )
        presidency_groups[(term.org,)].append(term)
    check_no_overlap(errors, presidency_groups, E.BW105, "presidency")

    for area in data.areas:
        for lang in (*area.labels, *area.keywords):
            _check_value(errors, lang, LANGS, "language", area.where)

    for mech in data.mechanisms:
        _check_sources(errors, source_ids, mech.sources, f"mechanism {mech.id}", mech.where)
        _check_value(errors, mech.status, MECHANISM_STATUSES, "status", mech.where)
        if mech.org not in org_ids:
            errors.append(DataError(E.BW101, f"unknown organization {mech.org!r}", where=str(mech.where)))
        if mech.partner not in actors:
            errors.append(DataError(E.BW101, f"unknown partner {mech.partner!r}", where=str(mech.where)))
        for area_id in mech.areas:
            if area_id not in area_ids:
                errors.append(DataError(E.BW101, f"unknown cooperation area {area_id!r}", where=str(mech.where)))
        for meeting in mech.meetings:
            _check_sources(errors, source_ids, meeting.sources, f"meeting of {mech.id}", meeting.where)
        _check_history(errors, mech, source_ids, actors)

    person_groups: dict[tuple[str, ...], list[_Term]] = defaultdict(list)
    holders = actors | gazetteer_igos()  # heads of the IMF and the World Bank
    for person in data.persons:
        _check_sources(errors, source_ids, person.sources, f"person {person.id}", person.where)
        _check_value(errors, person.role, ROLES, "role", person.where)
        if person.state not in holders:
            errors.append(DataError(E.BW101, f"unknown state {person.state!r}", where=str(person.where)))
        person_groups[(person.state, person.role)].append(person)
        for co in person.co_holders:
            if not any(p.id == co and p.state == person.state and p.role == person.role for p in data.persons):
                errors.append(
                    DataError(
                        E.BW141,
                        f"person {person.id}: co-holder {co!r} holds no {person.role} term of {person.state}",
                        where=str(person.where),
                    )
                )
    check_no_overlap(errors, person_groups, E.BW112, "office", joint=_person_joint)

    for note in data.cow_notes:
        _check_sources(errors, source_ids, note.sources, f"COW note {note.org}/{note.member}", note.where)
        if note.org not in org_ids:
            errors.append(DataError(E.BW101, f"unknown organization {note.org!r}", where=str(note.where)))
        if note.member not in actors:
            errors.append(DataError(E.BW101, f"unknown member {note.member!r}", where=str(note.where)))
        _check_value(errors, note.cow, COW_VALUES, "cow", note.where)
        _check_value(errors, note.ours, COW_VALUES, "ours", note.where)
    return errors


def gazetteer_igos() -> set[str]:
    """Ids of the international organizations of the actor gazetteer
    (``extract/data/gazetteer.yaml``), which may hold persons' offices like the graph's."""
    text = (resources.files("blocwatch.extract") / "data" / "gazetteer.yaml").read_text(encoding="utf-8")
    items = yaml.safe_load(text) or []
    return {str(i["id"]) for i in items if isinstance(i, dict) and i.get("kind") == "igo" and i.get("id")}
