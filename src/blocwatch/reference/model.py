"""Typed records of the reference knowledge graph, as read from the data files."""

from __future__ import annotations

from dataclasses import dataclass, field

from blocwatch.dates import PartialDate

CAPACITIES = ("member", "associate", "observer")
MEMBERSHIP_EVENTS = (
    "signed",
    "joined",
    "capacity_changed",
    "suspended_self",
    "suspended_by_org",
    "reinstated",
    "withdrawal_notified",
    "withdrawn",
    "returned",
    # steps that change no spell (issue 10: proposals read them in the news)
    "applied",
    "invited",
    "declined",
)
#: Membership events that are recorded in the log but open, end or change no spell.
NON_SPELL_EVENTS = ("signed", "applied", "invited", "declined")
ORG_STATUSES = ("active", "dormant", "dissolved")
REGIONS = ("LAC", "AMERICAS", "EUROPE", "AFRICA", "ASIA", "EURASIA", "MIDDLE_EAST", "GLOBAL", "TRANSREGIONAL")
MECHANISM_STATUSES = ("proposed", "active", "dormant")
#: Steps of a mechanism's or agreement's dated status history (see docs/data-model.md).
AGREEMENT_STATUSES = (
    "proposed",
    "negotiating",
    "concluded",
    "signed",
    "ratified",
    "provisionally_applied",
    "in_force",
    "active",
    "dormant",
    "suspended",
    "ended",
)
MECHANISM_KINDS = ("dialogue", "agreement")
#: Kinds of fact whose researched period an organization declares in ``coverage``.
COVERAGE_KINDS = ("memberships", "observers", "presidencies", "mechanisms")
ROLES = (
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "high_representative",
    "leader",
    "secretary_general",
    "commission_president",
    "commission_chairperson",
    "managing_director",  # the IMF's head
    "bank_president",  # the World Bank's head
)
UN_STATUSES = ("member", "observer", "territory", "")
COW_VALUES = ("full", "associate", "observer", "none")
LANGS = ("en", "es", "pt")


@dataclass(frozen=True)
class Where:
    """A place in a data file."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Source:
    id: str
    publisher: str
    title: str
    url: str | None
    date: str | None
    note: str | None
    where: Where


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    numeric: str
    cow_code: int | None
    cow_abbr: str
    qid: str
    un_status: str
    region: str
    names: dict[str, str]
    demonyms: dict[str, str]
    capitals: dict[str, str]
    aliases: tuple[str, ...]
    sources: tuple[str, ...]
    where: Where


@dataclass(frozen=True)
class Gap:
    """A stretch inside a researched period with no presidency holder, and why."""

    start: PartialDate
    end: PartialDate | None
    explanation: str
    sources: tuple[str, ...]
    where: Where
    #: True when the holder over the stretch was not established (rather than there being none).
    unknown: bool = False


@dataclass(frozen=True)
class Coverage:
    """The period researched for one kind of fact of an organization, and when it was checked."""

    kind: str
    start: PartialDate
    end: PartialDate
    checked: PartialDate
    note: str | None
    gaps: tuple[Gap, ...]
    where: Where


@dataclass(frozen=True)
class Organization:
    id: str
    names: dict[str, str]
    acronyms: dict[str, str]
    aliases: tuple[str, ...]
    founded: PartialDate | None
    ended: PartialDate | None
    status: str
    region: str
    qid: str | None
    cow_abbr: str | None
    sources: tuple[str, ...]
    where: Where
    coverage: tuple[Coverage, ...] = ()


@dataclass(frozen=True)
class MembershipEvent:
    org: str
    member: str
    event: str
    date: PartialDate
    capacity: str | None
    note: str | None
    sources: tuple[str, ...]
    where: Where


@dataclass(frozen=True)
class Presidency:
    org: str
    holder: str
    start: PartialDate
    end: PartialDate | None
    note: str | None
    sources: tuple[str, ...]
    where: Where
    #: Other states holding the same term jointly (a co-presidency); empty for a single holder.
    co_holders: tuple[str, ...] = ()


@dataclass(frozen=True)
class Area:
    id: str
    labels: dict[str, str]
    keywords: dict[str, tuple[str, ...]]
    where: Where


@dataclass(frozen=True)
class Meeting:
    date: PartialDate
    end: PartialDate | None
    place: str | None
    kind: str | None
    sources: tuple[str, ...]
    where: Where


@dataclass(frozen=True)
class StatusChange:
    """One dated step of a mechanism's or agreement's status history.

    ``party`` names the state or organization the step concerns (a ratification by
    one party), or is None when the step concerns the whole mechanism.
    """

    date: PartialDate
    status: str
    party: str | None
    note: str | None
    sources: tuple[str, ...]
    where: Where


@dataclass(frozen=True)
class Mechanism:
    id: str
    names: dict[str, str]
    org: str
    partner: str
    status: str
    condition: str | None
    proposed: PartialDate | None
    established: PartialDate | None
    areas: tuple[str, ...]
    meetings: tuple[Meeting, ...]
    sources: tuple[str, ...]
    where: Where
    history: tuple[StatusChange, ...] = ()
    kind: str = "dialogue"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    state: str
    role: str
    start: PartialDate
    end: PartialDate | None
    sources: tuple[str, ...]
    where: Where
    #: Persons holding the same office jointly over this term (Nicaragua's co-presidency).
    co_holders: tuple[str, ...] = ()


@dataclass(frozen=True)
class CowNote:
    org: str
    member: str
    year_from: int
    year_to: int
    cow: str
    ours: str
    explanation: str
    sources: tuple[str, ...]
    where: Where


@dataclass
class ReferenceData:
    """Everything read from the data files, before validation."""

    sources: list[Source] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    memberships: list[MembershipEvent] = field(default_factory=list)
    presidencies: list[Presidency] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    mechanisms: list[Mechanism] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    cow_notes: list[CowNote] = field(default_factory=list)
