"""Actor recognition and resolution (components ``actors.v1`` and ``actors.v2``).

Names come from the reference graph (countries with names, aliases, demonyms and
capitals in en/es/pt; organizations with names and acronyms; persons in office) and from
the bundled lexicons (agent words for sectors, titles of office, world regions). All of
them go into one Aho–Corasick automaton over case- and accent-folded text, matched with
word boundaries and longest match; it is built once per reference data version.

Adjacent mentions form one actor: "the Russian foreign minister" is a demonym and a
title, resolved with the date through the ``persons`` table to Sergey Lavrov (RUS, GOV).

Beyond the reference graph the index holds a gazetteer (docs/actors.md): cities and
first-level regions (``places.tsv``; a place is an actor only in agent position, next to
an agent word: "Guangzhou authorities"), international organizations outside the blocs,
seats of government as metonyms and armed groups (``gazetteer.yaml``). It is compiled
once per data version (``blocwatch build``), pickled to a file and loaded from it.
:meth:`ActorIndex.document` adds within-document coreference (surnames, "the minister",
"the bloc", "the two countries") and place disambiguation by the document's countries.

    >>> index = ActorIndex.for_store(bw.con)  # doctest: +SKIP
    >>> index.resolve("the Russian foreign minister", date=dt.date(2020, 2, 6)).person  # doctest: +SKIP
    'sergey-lavrov'
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import logging
import os
import pickle
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick
import duckdb
import platformdirs
import yaml

from blocwatch.errors import DataError, DataValidationError, E
from blocwatch.extract.lexicon import fold, load_data

log = logging.getLogger(__name__)

COMPONENT = "actors.v2"
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
        # local modifiers between a place and its agent word ("Sichuan's provincial government")
        " provincial ",
        "'s provincial ",
        " municipal ",
        "'s municipal ",
        " city ",
        " local ",
        "'s local ",
        " regional ",
        " state ",
        " municipal de ",
        " provincial de ",
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
    country: str = ""  # armed groups: the state where they act
    sector: str = ""  # armed groups and metonyms: their sector


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
    role: str | None = None  # the office: named by a title, or held by the person on the date
    group: str | None = None  # an armed group of the gazetteer (FARC, Sinaloa cartel)
    countries: tuple[str, ...] = ()  # "the two countries": the states they stand for
    coref: str | None = None  # how document coreference resolved it: surname, title, bloc, pair, place
    candidates: tuple[str, ...] = ()  # a place's possible states, most populous first

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

    def details(self) -> dict[str, Any]:
        """:meth:`to_dict` plus the office, armed group, the states of "the two countries"
        and how coreference resolved the actor (``blocwatch resolve --json``)."""
        return {
            **self.to_dict(),
            "role": self.role,
            "group": self.group,
            "countries": list(self.countries),
            "coref": self.coref,
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
    if word[-1:] in "lnrsz" and word[-1:].isalpha():  # español: españoles, española, españolas
        stem = word[:-1] + "c" if word.endswith("z") else word
        return [word, stem + "es", word + "a", word + "as"]
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


#: Kinds that name a state (a place in the wide sense) for compatibility and resolution.
_STATE_KINDS = frozenset({"country", "demonym", "capital", "metonym", "place"})
#: Roles tried, in order, for a title: a "president" may be the head of government, and
#: Archigos' effective leader stands in for both where the other data have no term.
_ROLE_FALLBACK = {
    "head_of_state": ("head_of_state", "head_of_government", "leader"),
    "head_of_government": ("head_of_government", "leader"),
}
_INSIDE_NAME = re.compile(r"([A-Z][\w'’-]*) $")
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "of",
        "for",
        "from",
        "to",
        "by",
        "with",
        "and",
        "but",
        "el",
        "la",
        "los",
        "las",
        "un",
        "una",
        "en",
        "de",
        "del",
        "y",
        "o",
        "os",
        "as",
        "um",
        "uma",
        "no",
        "na",
        "do",
        "da",
        "e",
        "when",
        "while",
        "after",
        "before",
        "if",
        "as",
        "since",
    ]
)
_NAMED_UNIT = re.compile(r"^ (?:[A-Z][\w'’-]+ ){1,2}$")
_ORG_HEADS = (
    "secretary_general",
    "commission_president",
    "commission_chairperson",
    "managing_director",
    "bank_president",
)
_ORG_ONLY_TITLES = frozenset({"managing_director"})
_INDEX_FORMAT = 2  # bump when the pickled layout changes
_PAIR = re.compile(
    r"\b(the two countries|both countries|the two nations|both nations|los dos pa[ií]ses|ambos pa[ií]ses|"
    r"las dos naciones|os dois pa[ií]ses|ambos os pa[ií]ses)\b",
    re.IGNORECASE,
)
_GENERIC_TITLE = re.compile(
    r"^(the |el |la |o |a )?(minist(er|ro|ra)|president[ea]?|premier|chancellor|canciller|chanceler)$", re.I
)
_NOT_NAMES = frozenset(
    {
        "foreign",
        "prime",
        "defence",
        "defense",
        "deputy",
        "vice",
        "secretary",
        "general",
        "state",
        "affairs",
        "first",
        "former",
        "acting",
        "interim",
        "new",
        "federal",
        "national",
        "supreme",
        "chief",
        "senior",
    }
)
_BLOC_WORDS = frozenset(
    {"bloc", "bloque", "bloco", "the bloc", "el bloque", "o bloco", "the organization", "the organisation"}
)


def _may_hold(held: str | None, title: str | None) -> bool:
    """Whether a person holding office ``held`` (None: none known on the date) may be the
    one a title names: "the foreign minister" is not the president just named; a generic
    "the minister" is a minister, or someone whose office is not known."""
    if title is None:  # "the minister", "el ministro"
        return held is None or held.endswith("_minister") or held == "head_of_government"
    return held == title


def _variants(name: str) -> set[str]:
    """Common transliteration variants of a person's name ("Sergey" / "Sergei")."""
    out = {name, name.replace("-", " ")}
    words = name.split()
    if len(words) >= 3 and "-" not in words[-1]:  # "Yoon Suk Yeol" / "Yoon Suk-yeol"
        out.add(" ".join([*words[:-2], f"{words[-2]}-{words[-1].lower()}"]))
    rules = (
        (r"ey\b", "ei"),
        (r"ei\b", "ey"),
        (r"iy\b", "y"),
        (r"yy\b", "y"),
        (r"ks", "x"),
        (r"\bAleksandr\b", "Alexander"),
        (r"\bYu", "Iu"),
    )
    for pattern, repl in rules:
        for current in list(out):
            changed = re.sub(pattern, repl, current)
            if changed != current:
                out.add(changed)
    return out


class ActorIndex:
    """The automaton of every actor name, with the persons-in-office table for titles.

    Once built it holds no database connection and pickles (``save``/``load``), so it can
    be built once and shipped to worker processes.
    """

    def __init__(
        self,
        names: Iterable[tuple[str, Entry]],
        terms: Iterable[_Term],
        *,
        version: str = "",
        org_ids: Iterable[str] = (),
    ) -> None:
        self.version = version
        self._automaton = ahocorasick.Automaton()
        table: dict[str, set[Entry]] = {}
        for name, entry in names:
            key = fold(name.strip().rstrip("*") if entry.prefix else name.strip())
            if len(key.strip()) < 2:
                continue
            table.setdefault(key, set()).add(entry)
        for key, entries in table.items():
            kinds = {e.kind for e in entries}
            if "place" in kinds and kinds & {"country", "demonym", "capital", "sector", "title", "group", "org", "igo"}:
                entries = {e for e in entries if e.kind != "place"}  # the state or the agent word wins
            if "person" in kinds and kinds & {"country", "demonym", "capital", "org", "igo", "sector", "title"}:
                entries = {e for e in entries if e.kind != "person"}  # "Jordan", "Chad": the state
            if not entries:
                continue
            self._automaton.add_word(key, (key, tuple(sorted(entries, key=lambda e: (e.rank, e.kind, e.id)))))
        self._automaton.make_automaton()
        self._terms: dict[str, list[_Term]] = {}
        self._by_role: dict[tuple[str, str], list[_Term]] = {}
        for term in terms:
            self._terms.setdefault(term.person, []).append(term)
            self._by_role.setdefault((term.state, term.role), []).append(term)
        self._org_ids = frozenset(org_ids)
        self.size = len(table)

    # --- construction -----------------------------------------------------------------
    @classmethod
    def from_store(cls, con: duckdb.DuckDBPyConnection, *, strict: bool = False) -> ActorIndex:
        """Build the index from the reference tables of a store and the bundled lexicons.

        A gazetteer row that is wrong (unknown state or source, no source) is left out
        (logged); with ``strict`` (``blocwatch build`` on the bundled data) the
        errors raise :class:`DataValidationError`, naming the file and line.
        """
        names: list[tuple[str, Entry]] = []

        def add(name: str | None, kind: str, ident: str, *, case: str | None = None, rank: int = 0) -> None:
            if name and name.strip():
                names.append((name, Entry(kind, ident, case or _case_rule(name), rank=rank)))

        states: set[str] = set()
        for row in con.execute(
            """select iso3, name_en, name_es, name_pt, demonym_en, demonym_es, demonym_pt,
                      capital_en, capital_es, capital_pt, aliases, un_status from countries"""
        ).fetchall():
            iso3 = row[0]
            states.add(iso3)
            rank = 0 if row[11] in ("member", "observer") else 1  # states before territories
            for name in row[1:4]:
                add(name, "country", iso3, rank=rank)
            for demonym in re.split(r"\s*[,|;]\s*", row[4] or ""):
                if demonym:
                    add(demonym, "demonym", iso3, rank=rank)
                    add(demonym + "s", "demonym", iso3, rank=rank)
            for demonym in row[5:7]:
                for form in _spanish_forms(demonym or ""):
                    add(form, "demonym", iso3, rank=rank)
            if row[11] in ("member", "observer"):  # capitals of territories (Douglas, Hamilton) are mostly other things
                for capital in row[7:10]:
                    add(capital, "capital", iso3)
            for alias in row[10] or []:
                add(alias, "country", iso3, rank=rank)
        org_ids = []
        for row in con.execute(
            "select id, name_en, name_es, name_pt, acronym_en, acronym_es, acronym_pt, aliases from organizations"
        ).fetchall():
            org_id = row[0]
            org_ids.append(org_id)
            add(org_id, "org", org_id, case="exact")
            for name in [*row[1:7], *(row[7] or [])]:
                add(name, "org", org_id)
        terms = []
        for row in con.execute('select id, name, aliases, state, role, start, "end" from persons').fetchall():
            for variant in _variants(row[1]):
                add(variant, "person", row[0])
            for alias in row[2] or []:
                for variant in _variants(alias):
                    add(variant, "person", row[0])
            terms.append(_Term(row[0], row[3], row[4], row[5], row[6]))
        names.extend(_lexicon_names())
        sources = {r[0] for r in con.execute("select id from sources").fetchall()}
        gazetteer, errors = _gazetteer_names(sources, states)
        if errors and strict:
            raise DataValidationError(errors)
        if errors:
            log.info("actor gazetteer: %d row(s) left out (not in this data), first: %s", len(errors), errors[0])
        names.extend(gazetteer)
        org_ids.extend(e.id for _, e in gazetteer if e.kind == "igo")  # the IMF's head is no state's
        version_row = con.execute("select data_hash from build_info order by built_at desc limit 1").fetchone()
        return cls(names, terms, version=_index_version(str(version_row[0]) if version_row else ""), org_ids=org_ids)

    _cache: dict[str, ActorIndex] = {}  # noqa: RUF012 - a per-process cache keyed by data hash
    _lock = threading.Lock()

    @classmethod
    def for_store(cls, con: duckdb.DuckDBPyConnection) -> ActorIndex:
        """The index for a store: from this process's cache, else the compiled file that
        ``blocwatch build`` wrote, else built now (and saved for the next process)."""
        row = con.execute("select data_hash from build_info order by built_at desc limit 1").fetchone()
        key = _index_version(str(row[0])) if row else f"unbuilt-{id(con)}"
        with cls._lock:
            index = cls._cache.get(key)
            if index is None:
                path = index_path(key) if row else None
                index = cls.load(path) if path is not None and path.exists() else None
                if index is None or index.version != key:
                    index = cls.from_store(con)
                    if path is not None:
                        index.save(path)
                if len(cls._cache) >= 4:
                    cls._cache.pop(next(iter(cls._cache)))
                cls._cache[key] = index
                log.info("actor index %s: %d names", key[:12], index.size)
            return index

    @classmethod
    def compile(cls, con: duckdb.DuckDBPyConnection, *, strict: bool = True) -> Path | None:
        """Build the index for the store's data version and write it to its file
        (``blocwatch build`` calls this); returns the path, or None for an unbuilt store."""
        row = con.execute("select data_hash from build_info order by built_at desc limit 1").fetchone()
        index = cls.from_store(con, strict=strict)
        if not row:
            return None
        path = index_path(index.version)
        index.save(path)
        with cls._lock:
            cls._cache[index.version] = index
        return path

    def save(self, path: Path) -> None:
        """Write the index to ``path`` (atomically: a temporary file, then a rename)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as handle:
            pickle.dump((_INDEX_FORMAT, self), handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> ActorIndex | None:
        """The index written by :meth:`save`, or None if the file is unreadable or stale."""
        try:
            with path.open("rb") as handle:
                fmt, index = pickle.load(handle)  # noqa: S301 - our own file in the user cache
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
            return None
        return index if fmt == _INDEX_FORMAT and isinstance(index, cls) else None

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
            stance = start >= 4 and (low[start - 4 : start] == "pro-" or low[max(0, start - 5) : start] == "anti-")
            for entry in entries:
                if stance and entry.kind in ("country", "demonym"):
                    continue  # "pro-Iranian Hizbollah": a stance, not the actor's state
                if entry.prefix:
                    pass
                elif not at_word_end:
                    continue
                if entry.case == "exact" and text[start:end] != _original_case(entry, text[start:end]):
                    continue
                if entry.case == "upper" and not text[start].isupper():
                    continue
                keep.append(entry)
            if keep and all(e.kind == "place" for e in keep):
                before = _INSIDE_NAME.search(text, max(0, start - 40), start)
                if before and before.group(1).casefold() not in _FUNCTION_WORDS:
                    continue  # a place name inside a longer proper name ("Prensa Latina") is not the place
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

    def actors(
        self, text: str, *, date: dt.date | None = None, folded: str | None = None, places_alone: bool = False
    ) -> list[Actor]:
        """Actors in ``text``: adjacent mentions merged and resolved (titles through the date).

        A city or region alone is a location, not an actor ("in Shanghai"); it becomes
        one next to an agent word ("Shanghai authorities", "the Sichuan government").
        """
        low = folded if folded is not None else fold(text)
        out: list[Actor] = []
        group: list[Mention] = []

        def flush() -> None:
            actor = self._build(text, group, date)
            if actor.kinds <= {"place"} and not places_alone:
                return
            out.append(actor)

        for mention in self.mentions(text, folded=low):
            if group and self._compatible(group, mention):
                gap = low[group[-1].end : mention.start]
                if gap in _GAPS or (
                    # a unit's own name between a state and its agent word ("the Russian Pacific Fleet")
                    _NAMED_UNIT.match(text[group[-1].end : mention.start])
                    and all(e.kind == "sector" for e in mention.entries)
                ):
                    group.append(mention)
                    continue
            if group:
                flush()
            group = [mention]
        if group:
            flush()
        return out

    def resolve(self, text: str, *, date: dt.date | None = None) -> Actor:
        """The main actor named by a short text (the longest one found); empty if none.

        The text is taken to be an actor mention, so a place alone resolves ("Gaza Strip").
        """
        found = self.actors(text, date=date, places_alone=True)
        if not found:
            return Actor(text=text, start=0, end=len(text))
        best = max(found, key=lambda a: (a.is_named, a.end - a.start))
        best.text = text
        return best

    def document(self, text: str, *, date: dt.date | None = None, folded: str | None = None) -> list[Actor]:
        """Actors of a whole article, with coreference resolved within it.

        On top of :meth:`actors`: a surname alone after the person's full name (``coref``
        "surname"); a title without a state ("the minister") is the last person named
        with that office, else the last person if they may hold it (``title``); "the bloc" / "el bloque" /
        "o bloco" is the organization named last (``bloc``); "the two countries" stands
        for the last two states named (``pair``, in ``countries``); a place that names
        cities in several states takes the one the article names elsewhere (``place``).
        """
        low = folded if folded is not None else fold(text)
        return self.coreference(text, self.actors(text, date=date, folded=low))

    def coreference(self, text: str, found: list[Actor]) -> list[Actor]:
        """Resolve the coreference of :meth:`document` over actors already found in ``text``
        (offsets into ``text``), in place; returns them with the ones it adds, by position.

        The pipeline's ``actors.v2`` finds actors sentence by sentence and passes them
        here with the article, so that sentence-level results stay those of :meth:`actors`.
        """
        found = list(found)
        named_states = {a.country for a in found if a.country and not a.candidates}
        for actor in found:
            if len(actor.candidates) > 1 and actor.country not in named_states:
                better = next((c for c in actor.candidates if c in named_states), None)
                if better:
                    actor.country, actor.coref = better, "place"
        # surnames after a full mention
        surnames: dict[str, Actor] = {}
        for actor in found:
            if not actor.person or actor.coref:
                continue
            words = [w.strip(".,;:'’") for w in actor.text.split()]
            named = [w for w in words if w[:1].isupper() and self._name_word(w)]
            if len(named) >= 2:  # a full name: each of its words may stand for it later ("Wang", "Lavrov")
                for word in named:
                    if len(word) >= 3:
                        surnames.setdefault(word, actor)
        taken = [(a.start, a.end) for a in found]
        # a bare surname matched as a person out of office on the date: an empty actor to fill
        bare = {(a.start, a.end): a for a in found if not a.is_named and a.kinds <= {"person"}}
        for surname, first in surnames.items():
            for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
                empty = bare.pop((match.start(), match.end()), None)
                if empty is not None and match.start() >= first.end:
                    empty.country, empty.sector, empty.org = first.country, first.sector, first.org
                    empty.person, empty.role, empty.coref = first.person, first.role, "surname"
                    continue
                if match.start() < first.end or any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                found.append(
                    Actor(
                        text=match.group(),
                        start=match.start(),
                        end=match.end(),
                        country=first.country,
                        sector=first.sector,
                        org=first.org,
                        person=first.person,
                        role=first.role,
                        kinds={"person"},
                        coref="surname",
                    )
                )
                taken.append((match.start(), match.end()))
        # "the two countries"
        for match in _PAIR.finditer(text):
            states: list[str] = []
            for actor in sorted(found, key=lambda a: a.start, reverse=True):
                if actor.start < match.start() and actor.country and actor.country not in states:
                    states.append(actor.country)
                if len(states) == 2:
                    break
            if len(states) == 2:
                found = [a for a in found if not (a.start < match.end() and match.start() < a.end)]
                found.append(
                    Actor(
                        text=match.group(),
                        start=match.start(),
                        end=match.end(),
                        countries=tuple(reversed(states)),
                        kinds={"group"},
                        coref="pair",
                    )
                )
        found.sort(key=lambda a: a.start)
        # titles without a state, and "the bloc"
        last_person: Actor | None = None
        by_role: dict[str, Actor] = {}
        last_org: Actor | None = None
        for actor in found:
            if actor.person:
                last_person = actor
                if actor.role:
                    by_role[actor.role] = actor
            elif (
                (actor.role or _GENERIC_TITLE.search(actor.text))
                and not actor.country
                and not actor.org
                and actor.coref is None
            ):
                source = by_role.get(actor.role) if actor.role else None
                if source is None and last_person is not None and _may_hold(last_person.role, actor.role):
                    source = last_person
                if source is not None:
                    actor.person, actor.country, actor.org = source.person, source.country, source.org
                    actor.coref = "title"
            if actor.org and actor.coref is None:
                last_org = actor
            elif (
                not actor.org and not actor.country and last_org is not None and fold(actor.text.strip()) in _BLOC_WORDS
            ):
                actor.org, actor.sector, actor.coref = last_org.org, last_org.sector, "bloc"
        return found

    def _name_word(self, word: str) -> bool:
        """True for a word that may be part of a person's name (not a title, state or agent word)."""
        if word.casefold() in _NOT_NAMES:
            return False
        return all(e.kind == "person" for m in self.mentions(word) for e in m.entries)

    # --- resolution -------------------------------------------------------------------
    @staticmethod
    def _compatible(group: list[Mention], mention: Mention) -> bool:
        def ids(mentions: Iterable[Mention], kinds: Iterable[str]) -> set[str]:
            wanted = set(kinds)
            return {e.id for m in mentions for e in m.entries if e.kind in wanted}

        for kinds in (_STATE_KINDS, {"org", "igo"}, {"person"}, {"region"}, {"armed"}):
            have, new = ids(group, kinds), ids([mention], kinds)
            if have and new and not (have & new):
                return False
        return True

    def person_in_office(self, state: str, role: str, day: dt.date) -> str | None:
        """The person holding ``role`` for ``state`` on ``day`` (from the persons table).

        For an organization, "president", "secretary-general" and "chairperson" name its
        head: the Secretary-General, the Commission's president or chairperson.
        """
        roles = _ROLE_FALLBACK.get(role, (role,))
        if state in self._org_ids:
            roles = (role, *_ORG_HEADS)
        for wanted in roles:
            for term in self._by_role.get((state, wanted), ()):
                if term.covers(day):
                    return term.person
        return None

    def office_on(self, person: str, day: dt.date) -> str | None:
        """The role ``person`` holds on ``day`` (None when out of office)."""
        for term in self._terms.get(person, ()):
            if term.covers(day):
                return term.role
        return None

    def _in_office(self, person: str, day: dt.date) -> bool:
        return any(term.covers(day) for term in self._terms.get(person, ()))

    def _pick_person(self, candidates: list[str], day: dt.date | None) -> tuple[str, str]:
        best: tuple[str, str] | None = None
        for person in candidates:
            terms = self._terms.get(person, [])
            if not terms:
                continue
            if day is not None:
                for term in terms:
                    if term.covers(day):
                        return person, term.state
            if best is None:
                best = (person, max(terms, key=lambda t: t.start).state)
        return best if best is not None else (candidates[0], "")

    def _build(self, text: str, group: list[Mention], day: dt.date | None) -> Actor:
        actor = Actor(text=text[group[0].start : group[-1].end], start=group[0].start, end=group[-1].end)
        role: str | None = None
        persons: list[tuple[int, str]] = []
        places: list[str] = []
        for mention in group:
            kinds = {e.kind for e in mention.entries}
            for entry in mention.entries:
                actor.kinds.add(entry.kind)
                if entry.kind in ("country", "demonym", "capital"):
                    actor.country = actor.country or entry.id
                    if entry.kind == "capital" and kinds <= {"capital", "sector"}:
                        actor.sector = actor.sector or "GOV"
                elif entry.kind == "metonym":
                    actor.country = actor.country or entry.id
                    actor.sector = actor.sector or entry.sector or None
                elif entry.kind == "place":
                    if entry.id not in places:
                        places.append(entry.id)
                elif entry.kind == "org":
                    actor.org = actor.org or entry.id
                elif entry.kind == "igo":
                    actor.org = actor.org or entry.id
                    actor.sector = actor.sector or "IGO"
                elif entry.kind == "armed":
                    actor.group = actor.group or entry.id
                    actor.country = actor.country or entry.country or None
                    actor.sector = actor.sector or entry.sector or None
                elif entry.kind == "person":
                    single = " " not in text[mention.start : mention.end].strip()
                    if single and day is not None and not self._in_office(entry.id, day):
                        continue  # a bare surname ("Morales") of someone not in office then
                    persons.append((mention.end - mention.start, entry.id))
                elif entry.kind == "region":
                    actor.region = actor.region or entry.id
                elif entry.kind == "title":
                    role = role or entry.id
                elif entry.kind == "sector" and "title" not in kinds:
                    actor.sector = actor.sector or entry.id
        if places:
            if actor.country is None or actor.country in places:
                actor.candidates = tuple(places)
            actor.country = actor.country or places[0]
        if persons:
            ranked = [ident for _, ident in sorted(persons, key=lambda p: -p[0])]
            person, state = self._pick_person(ranked, day)
            actor.person = person
            if state in self._org_ids:
                actor.org = actor.org or state
            else:
                actor.country = actor.country or (state or None)
            office = self.office_on(person, day) if day is not None else None
            actor.role = role or office
            if day is None or office is not None or role:
                actor.sector = actor.sector or ("IGO" if actor.org and not actor.country else "GOV")
        elif role in _ORG_ONLY_TITLES and not actor.org:
            pass  # a company's managing director is no office
        elif role:
            actor.role = role
            holder = actor.country or actor.org
            if holder and day is not None:
                actor.person = self.person_in_office(holder, role, day)
                if actor.person and holder in self._org_ids:  # "the World Bank president": its head's office
                    actor.role = self.office_on(actor.person, day) or role
            actor.sector = actor.sector or ("IGO" if actor.org and not actor.country else "GOV")
        return actor


def index_path(version: str) -> Path:
    """Where the compiled index of a data version lives: the ``index_dir`` setting, else
    the user's cache directory."""
    from blocwatch.settings import get_settings

    base = get_settings().get("index_dir") or platformdirs.user_cache_dir("blocwatch")
    return Path(base) / f"actors-{version}.pickle"


def _data_file(name: str) -> Path:
    return Path(str(resources.files("blocwatch.extract") / "data" / name))


def _index_version(data_hash: str) -> str:
    """The data hash of the store combined with the bundled lexicon and gazetteer files."""
    digest = hashlib.sha256(data_hash.encode())
    for name in (
        "agents.yaml",
        "titles.yaml",
        "aliases.yaml",
        "regions.yaml",
        "gazetteer.yaml",
        "parties.yaml",
        "places.tsv",
    ):
        digest.update(_data_file(name).read_bytes())
    digest.update(str(_INDEX_FORMAT).encode())
    return digest.hexdigest()[:16]


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of every mapping as ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

GAZETTEER_KINDS = ("igo", "metonym", "group", "demonym")
#: The gazetteer's files: hand-curated entries, and the parties scripts/build_parties.py derives.
GAZETTEER_FILES = ("gazetteer.yaml", "parties.yaml")
SECTORS = ("GOV", "MIL", "POL", "JUD", "LEG", "OPP", "PTY", "REB", "CVL", "BUS", "MED", "NGO", "IGO", "EDU", "REL")


def _gazetteer_names(
    sources: set[str], states: set[str], *, data_dir: Path | None = None
) -> tuple[list[tuple[str, Entry]], list[DataError]]:
    """Names of the gazetteer files with their entries, and the errors of bad rows
    (BW101 unknown state, BW103 no source, BW104 unknown source, BW108 bad value, BW100
    unreadable), each naming the file and line."""
    root = data_dir or _data_file("")
    names: list[tuple[str, Entry]] = []
    errors: list[DataError] = []

    def check(what: str, row_sources: list[str], where: str) -> None:
        if not row_sources:
            errors.append(DataError(E.BW103, f"{what} has no source", where=where))
        for source in row_sources:
            if source not in sources:
                errors.append(DataError(E.BW104, f"{what} cites unknown source {source!r}", where=where))

    items: list[tuple[str, Any]] = []
    for gazetteer in (root / name for name in GAZETTEER_FILES):
        try:
            loaded = yaml.load(gazetteer.read_text(encoding="utf-8"), Loader=_LineLoader) or []  # noqa: S506
        except (OSError, yaml.YAMLError) as exc:
            errors.append(DataError(E.BW100, f"cannot read YAML: {exc}", where=f"extract/data/{gazetteer.name}"))
            loaded = []
        items.extend((gazetteer.name, item) for item in loaded)
    for file_name, item in items:
        where = f"extract/data/{file_name}:{item.get('__line__', 0) if isinstance(item, dict) else 0}"
        if not isinstance(item, dict) or not item.get("id") or not item.get("names"):
            errors.append(DataError(E.BW109, "an entry needs an id and names", where=where))
            continue
        ident, kind = str(item["id"]), str(item.get("kind", ""))
        what = f"gazetteer entry {ident}"
        if kind not in GAZETTEER_KINDS:
            errors.append(DataError(E.BW108, f"kind {kind!r} is not one of {', '.join(GAZETTEER_KINDS)}", where=where))
            continue
        country = str(item.get("country") or "")
        sector = str(item.get("sector") or "")
        before = len(errors)
        if kind != "igo" and country not in states:
            errors.append(DataError(E.BW101, f"unknown state {country!r}", where=where))
        if sector and sector not in SECTORS:
            errors.append(DataError(E.BW108, f"sector {sector!r} is not one of {', '.join(SECTORS)}", where=where))
        check(what, [str(s) for s in item.get("sources") or []], where)
        if len(errors) > before:
            continue
        for name in item["names"]:
            name = str(name)
            if kind == "igo":
                names.append((name, Entry("igo", ident, _case_rule(name))))
            elif kind == "demonym":
                names.append((name, Entry("demonym", country, _case_rule(name))))
            elif kind == "metonym":
                names.append((name, Entry("metonym", country, _case_rule(name), sector=sector or "GOV")))
            else:
                names.append((name, Entry("armed", ident, _case_rule(name), country=country, sector=sector or "REB")))
    places = root / "places.tsv"
    try:
        lines = places.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        errors.append(DataError(E.BW100, f"cannot read TSV: {exc}", where="extract/data/places.tsv"))
        lines = []
    reader = csv.DictReader(lines, delimiter="\t")
    for number, row in enumerate(reader, start=2):
        where = f"extract/data/places.tsv:{number}"
        name, country = (row.get("name") or "").strip(), (row.get("country") or "").strip()
        if country not in states:
            errors.append(DataError(E.BW101, f"unknown state {country!r}", where=where))
            continue
        before = len(errors)
        check(f"place {name!r}", [s for s in (row.get("sources") or "").split(";") if s], where)
        if len(errors) > before:
            continue
        try:
            population = int(row.get("population") or 0)
        except ValueError:
            errors.append(DataError(E.BW108, f"population {row.get('population')!r} is not a number", where=where))
            continue
        names.append((name, Entry("place", country, "upper", rank=-(population // 1000))))
    return names, errors


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
