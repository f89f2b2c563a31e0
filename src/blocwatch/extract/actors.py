"""Actor recognition and resolution (component ``actors.v1``).

Names come from the reference graph (countries with names, aliases, demonyms and
capitals in en/es/pt; organizations with names and acronyms; persons in office) and from
the bundled lexicons (agent words for sectors, titles of office, world regions). All of
them go into one Aho–Corasick automaton over case- and accent-folded text, matched with
word boundaries and longest match; it is built once per reference data version.

Adjacent mentions form one actor: "the Russian foreign minister" is a demonym and a
title, resolved with the date through the ``persons`` table to Sergey Lavrov (RUS, GOV).

    >>> index = ActorIndex.for_store(bw.con)  # doctest: +SKIP
    >>> index.resolve("the Russian foreign minister", date=dt.date(2020, 2, 6)).person  # doctest: +SKIP
    'sergey-lavrov'
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import ahocorasick
import duckdb

from blocwatch.extract.lexicon import fold, load_data

log = logging.getLogger(__name__)

COMPONENT = "actors.v1"
LANGS = ("en", "es", "pt")

# Words that may stand between the parts of one actor ("minister of foreign affairs of
# Brazil", "Russia's foreign minister"), after folding.
_GAPS = frozenset(
    {
        "",
        " ",
        "'s ",
        "’s ",
        "' ",
        " of ",
        " of the ",
        " de ",
        " del ",
        " de la ",
        " de los ",
        " do ",
        " da ",
        " dos ",
        " das ",
        " the ",
        " for ",
        "-",
        " - ",
    }
)


@dataclass(frozen=True)
class Entry:
    """What a name stands for: kind (country, demonym, capital, org, person, region,
    sector, group, title), the id it resolves to and how its case must match."""

    kind: str
    id: str
    case: str  # exact | upper | any
    prefix: bool = False
    rank: int = 0  # lower wins when one name stands for several ids ("French": FRA before ATF)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entries: tuple[Entry, ...]


@dataclass
class Actor:
    """A resolved actor: its text span and the country, sector, organization and person."""

    text: str
    start: int
    end: int
    country: str | None = None
    sector: str | None = None
    org: str | None = None
    person: str | None = None
    region: str | None = None
    kinds: set[str] = field(default_factory=set)

    @property
    def id(self) -> str | None:
        """Person id, else organization id, else country (+ sector), else region code."""
        if self.person:
            return self.person
        if self.org:
            return self.org
        if self.country:
            return self.country + (self.sector or "")
        if self.region:
            return self.region + (self.sector or "")
        return self.sector

    @property
    def is_named(self) -> bool:
        """True when the actor names a state, organization, person or region (not only a sector)."""
        return bool(self.country or self.org or self.person or self.region)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "country": self.country,
            "sector": self.sector,
            "org": self.org,
            "person": self.person,
            "id": self.id,
        }


def _case_rule(name: str) -> str:
    letters = [c for c in name if c.isalpha()]
    if 2 <= len(letters) <= 3 and all(c.isupper() for c in letters):
        return "exact"  # short acronyms: "CAN" is not "can", "OAS" not "oas"
    return "upper" if name[:1].isupper() else "any"


def _spanish_forms(demonym: str) -> list[str]:
    word = demonym.strip()
    if not word or " " in word:
        return [word] if word else []
    if word.endswith("o"):
        return [word, word + "s", word[:-1] + "a", word[:-1] + "as"]
    if word.endswith(("és", "ês")):
        stem = word[:-2] + "es"
        return [word, stem + "a", stem + "es", stem + "as"]
    if word.endswith("e"):
        return [word, word + "s"]
    if word.endswith(("í", "ú")):
        return [word, word + "es", word + "s"]
    return [word, word + "s"]


@dataclass(frozen=True)
class _Term:
    person: str
    state: str
    role: str
    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


class ActorIndex:
    """The automaton of every actor name, with the persons-in-office table for titles."""

    def __init__(self, names: Iterable[tuple[str, Entry]], terms: Iterable[_Term], *, version: str = "") -> None:
        self.version = version
        self._automaton = ahocorasick.Automaton()
        table: dict[str, set[Entry]] = {}
        for name, entry in names:
            key = fold(name.strip().rstrip("*") if entry.prefix else name.strip())
            if len(key.strip()) < 2:
                continue
            table.setdefault(key, set()).add(entry)
        for key, entries in table.items():
            self._automaton.add_word(key, (key, tuple(sorted(entries, key=lambda e: (e.rank, e.kind, e.id)))))
        self._automaton.make_automaton()
        self._terms: dict[str, list[_Term]] = {}
        self._by_role: dict[tuple[str, str], list[_Term]] = {}
        for term in terms:
            self._terms.setdefault(term.person, []).append(term)
            self._by_role.setdefault((term.state, term.role), []).append(term)
        self.size = len(table)

    # --- construction -----------------------------------------------------------------
    @classmethod
    def from_store(cls, con: duckdb.DuckDBPyConnection) -> ActorIndex:
        """Build the index from the reference tables of a store and the bundled lexicons."""
        names: list[tuple[str, Entry]] = []

        def add(name: str | None, kind: str, ident: str, *, case: str | None = None, rank: int = 0) -> None:
            if name and name.strip():
                names.append((name, Entry(kind, ident, case or _case_rule(name), rank=rank)))

        for row in con.execute(
            """select iso3, name_en, name_es, name_pt, demonym_en, demonym_es, demonym_pt,
                      capital_en, capital_es, capital_pt, aliases, un_status from countries"""
        ).fetchall():
            iso3 = row[0]
            rank = 0 if row[11] in ("member", "observer") else 1  # states before territories
            for name in row[1:4]:
                add(name, "country", iso3, rank=rank)
            if row[4]:
                add(row[4], "demonym", iso3, rank=rank)
                add(row[4] + "s", "demonym", iso3, rank=rank)
            for demonym in row[5:7]:
                for form in _spanish_forms(demonym or ""):
                    add(form, "demonym", iso3, rank=rank)
            if row[11] in ("member", "observer"):  # capitals of territories (Douglas, Hamilton) are mostly other things
                for capital in row[7:10]:
                    add(capital, "capital", iso3)
            for alias in row[10] or []:
                add(alias, "country", iso3, rank=rank)
        for row in con.execute(
            "select id, name_en, name_es, name_pt, acronym_en, acronym_es, acronym_pt, aliases from organizations"
        ).fetchall():
            org_id = row[0]
            add(org_id, "org", org_id, case="exact")
            for name in [*row[1:7], *(row[7] or [])]:
                add(name, "org", org_id)
        terms = []
        for row in con.execute('select id, name, aliases, state, role, start, "end" from persons').fetchall():
            add(row[1], "person", row[0])
            for alias in row[2] or []:
                add(alias, "person", row[0])
            terms.append(_Term(row[0], row[3], row[4], row[5], row[6]))
        names.extend(_lexicon_names())
        version_row = con.execute("select data_hash from build_info order by built_at desc limit 1").fetchone()
        return cls(names, terms, version=str(version_row[0]) if version_row else "")

    _cache: dict[str, ActorIndex] = {}  # noqa: RUF012 - a per-process cache keyed by data hash
    _lock = threading.Lock()

    @classmethod
    def for_store(cls, con: duckdb.DuckDBPyConnection) -> ActorIndex:
        """The index for a store, built once per reference data version and process."""
        row = con.execute("select data_hash from build_info order by built_at desc limit 1").fetchone()
        key = str(row[0]) if row else f"unbuilt-{id(con)}"
        with cls._lock:
            index = cls._cache.get(key)
            if index is None:
                index = cls.from_store(con)
                if len(cls._cache) >= 4:
                    cls._cache.pop(next(iter(cls._cache)))
                cls._cache[key] = index
                log.info("built actor index %s: %d names", key[:12], index.size)
            return index

    # --- matching ---------------------------------------------------------------------
    def mentions(self, text: str, *, folded: str | None = None) -> list[Mention]:
        """Leftmost-longest name mentions in ``text`` with word boundaries and case rules."""
        low = folded if folded is not None else fold(text)
        n = len(low)
        found: list[Mention] = []
        for end_index, (key, entries) in self._automaton.iter(low):
            start = end_index - len(key) + 1
            if start > 0 and low[start - 1].isalnum():
                continue
            end = end_index + 1
            at_word_end = end >= n or not low[end].isalnum()
            keep = []
            for entry in entries:
                if entry.prefix:
                    pass
                elif not at_word_end:
                    continue
                if entry.case == "exact" and text[start:end] != _original_case(entry, text[start:end]):
                    continue
                if entry.case == "upper" and not text[start].isupper():
                    continue
                keep.append(entry)
            if not keep:
                continue
            stop = end
            if any(e.prefix for e in keep):
                while stop < n and (low[stop].isalnum() or low[stop] in "-"):
                    stop += 1
                if not at_word_end and not all(e.prefix for e in keep):
                    keep = [e for e in keep if e.prefix]
            found.append(Mention(start, stop, tuple(keep)))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        out: list[Mention] = []
        last_end = -1
        for mention in found:
            if mention.start >= last_end:
                out.append(mention)
                last_end = mention.end
        return out

    def actors(self, text: str, *, date: dt.date | None = None, folded: str | None = None) -> list[Actor]:
        """Actors in ``text``: adjacent mentions merged and resolved (titles through the date)."""
        low = folded if folded is not None else fold(text)
        out: list[Actor] = []
        group: list[Mention] = []
        for mention in self.mentions(text, folded=low):
            if group and low[group[-1].end : mention.start] in _GAPS and self._compatible(group, mention):
                group.append(mention)
                continue
            if group:
                out.append(self._build(text, group, date))
            group = [mention]
        if group:
            out.append(self._build(text, group, date))
        return out

    def resolve(self, text: str, *, date: dt.date | None = None) -> Actor:
        """The main actor named by a short text (the longest one found); empty if none."""
        found = self.actors(text, date=date)
        if not found:
            return Actor(text=text, start=0, end=len(text))
        best = max(found, key=lambda a: (a.is_named, a.end - a.start))
        best.text = text
        return best

    # --- resolution -------------------------------------------------------------------
    @staticmethod
    def _compatible(group: list[Mention], mention: Mention) -> bool:
        def ids(mentions: Iterable[Mention], kinds: set[str]) -> set[str]:
            return {e.id for m in mentions for e in m.entries if e.kind in kinds}

        place = {"country", "demonym", "capital"}
        for kinds in (place, {"org"}, {"person"}, {"region"}):
            have, new = ids(group, kinds), ids([mention], kinds)
            if have and new and not (have & new):
                return False
        return True

    def person_in_office(self, state: str, role: str, day: dt.date) -> str | None:
        """The person holding ``role`` for ``state`` on ``day`` (from the persons table)."""
        roles = [role] if role != "head_of_state" else ["head_of_state", "head_of_government"]
        for wanted in roles:
            for term in self._by_role.get((state, wanted), ()):
                if term.covers(day):
                    return term.person
        return None

    def _in_office(self, person: str, day: dt.date) -> bool:
        return any(term.covers(day) for term in self._terms.get(person, ()))

    def _pick_person(self, candidates: list[str], day: dt.date | None) -> tuple[str, str]:
        best: tuple[str, str] | None = None
        for person in candidates:
            terms = self._terms.get(person, [])
            if not terms:
                continue
            if day is not None and any(t.covers(day) for t in terms):
                return person, terms[0].state
            if best is None:
                best = (person, terms[0].state)
        return best if best is not None else (candidates[0], "")

    def _build(self, text: str, group: list[Mention], day: dt.date | None) -> Actor:
        actor = Actor(text=text[group[0].start : group[-1].end], start=group[0].start, end=group[-1].end)
        role: str | None = None
        persons: list[str] = []
        for mention in group:
            kinds = {e.kind for e in mention.entries}
            for entry in mention.entries:
                actor.kinds.add(entry.kind)
                if entry.kind in ("country", "demonym", "capital"):
                    actor.country = actor.country or entry.id
                    if entry.kind == "capital" and kinds == {"capital"}:
                        actor.sector = actor.sector or "GOV"
                elif entry.kind == "org":
                    actor.org = actor.org or entry.id
                elif entry.kind == "person":
                    single = " " not in text[mention.start : mention.end].strip()
                    if single and day is not None and not self._in_office(entry.id, day):
                        continue  # a bare surname ("Morales") of someone not in office then
                    persons.append(entry.id)
                elif entry.kind == "region":
                    actor.region = actor.region or entry.id
                elif entry.kind == "title":
                    role = role or entry.id
                elif entry.kind == "sector" and "title" not in kinds:
                    actor.sector = actor.sector or entry.id
        if persons:
            person, state = self._pick_person(persons, day)
            actor.person = person
            actor.country = actor.country or (state or None)
        elif role and actor.country and day is not None:
            actor.person = self.person_in_office(actor.country, role, day)
        if role or actor.person:
            actor.sector = actor.sector or "GOV"
        return actor


def _original_case(entry: Entry, got: str) -> str:
    # exact-case entries are acronyms: the text must be all upper case where letters are
    return got if all(not c.isalpha() or c.isupper() for c in got) else ""


def _lexicon_names() -> Iterator[tuple[str, Entry]]:
    agents: dict[str, dict[str, list[str]]] = load_data("agents.yaml")
    for sector, by_lang in agents.items():
        kind = "group" if sector == "GRP" else "sector"
        for lang in LANGS:
            for word in by_lang.get(lang, []):
                yield word, Entry(kind, sector, "any", prefix=word.endswith("*"))
    titles: dict[str, dict[str, list[str]]] = load_data("titles.yaml")
    for role, by_lang in titles.items():
        for lang in LANGS:
            for word in by_lang.get(lang, []):
                yield word, Entry("title", role, "any", prefix=word.endswith("*"))
    aliases: dict[str, dict[str, list[str]]] = load_data("aliases.yaml")
    for section, kind in (("names", "country"), ("demonyms", "demonym"), ("capitals", "capital")):
        for iso3, words in aliases.get(section, {}).items():
            for word in words:
                yield word, Entry(kind, iso3, _case_rule(word))
    # Seats of government and foreign ministries as metonyms ("the Kremlin said",
    # "o Itamaraty informou"): the state, in the government sector.
    for iso3, words in aliases.get("seats", {}).items():
        for word in words:
            yield word, Entry("capital", iso3, _case_rule(word))
            yield word, Entry("sector", "GOV", "any")
    regions: dict[str, dict[str, list[str]]] = load_data("regions.yaml")
    for code, by_lang in regions.items():
        for lang in LANGS:
            for word in by_lang.get(lang, []):
                yield word, Entry("region", code, _case_rule(word), prefix=word.endswith("*"))
