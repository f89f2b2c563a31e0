"""Regenerate src/blocwatch/reference/data/persons/world.csv: persons in office for every state.

Inputs (public git repositories, brought onto the machine with the search tool's fetch;
pass their git directories):

* ``--leaders``: every-politician-scrapers/world-leaders-2021. Its ``data/wikidata.csv``
  is the result of a Wikidata query for the current heads of state and government of
  every country, re-run and committed about weekly from 2021-08-26 to 2024-10-23 (197
  snapshots in the history of all branches). Wikidata is CC0.
* ``--foreign``: every-politician-scrapers/world. Its ``sources/foreign/wikidata.csv`` is
  the Wikidata query for the current foreign minister of every country (position held
  with its start date), committed from 2022-08-08 to 2023-01-09. Wikidata is CC0.
* ``--archigos``: globalgov/manystates, which redistributes Archigos 4.1 (Goemans,
  Gleditsch and Chiozza, leaders 1875–2015) as ``data-raw/leaders/archigos/arch_annual.txt``;
  the package is licensed CC BY 4.0. Archigos codes the *effective* leader of each state,
  written here with the role ``leader``. Spells whose record has no full name (only the
  surname, no DBpedia link) are left out: a surname alone names too many people.

How dates are derived (see docs/actors.md):

* Archigos terms keep their exact start and end dates (leader-year rows of one spell are
  merged); only spells ending on or after 1990-01-01 are kept. Spells still running at the
  end of the dataset end on 2015-12-31, the dataset's end.
* Wikidata leader rows carry only start and end *years*. A term that first appears after
  the first snapshot and starts in that snapshot's year starts on the date of the
  snapshot where it first appears; otherwise it starts on its start year (year precision).
  A term ends on the date of the first snapshot that shows its end year (or that no
  longer lists it); terms listed as current in the last snapshot stay open.
* Foreign ministers keep Wikidata's exact start date; a minister's term ends when the next
  minister of the same state starts, or on the first snapshot that no longer lists them.
* Terms of one state and role never overlap: an earlier term is cut at the start of the
  next. States and roles that the hand-curated files (americas.csv, powers.csv) cover on
  the same dates keep the curated rows: a derived term overlapping a curated one is left out.

Every row cites its dataset through a source id of sources/persons_world.yaml.

    .venv/bin/python scripts/build_persons_world.py \\
        --leaders /work/.mirror/every-politician-scrapers+world-leaders-2021/repo \\
        --foreign /work/.mirror/every-politician-scrapers+world/repo \\
        --archigos /work/.mirror/globalgov+manystates/repo
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import subprocess
import unicodedata
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "blocwatch" / "reference" / "data"
OUT = DATA / "persons" / "world.csv"
CURATED = ("americas.csv", "powers.csv", "additions.csv")

SRC_LEADERS = "persons-wikidata-world-leaders-2021"
SRC_FOREIGN = "persons-wikidata-world-foreign-ministers"
SRC_ARCHIGOS = "persons-archigos-4-1-manystates"
SRC_IO = "persons-wikidata-world-holders21"
# positions of html/holders21.csv (world repository) kept as leaders of organizations
IO_POSITIONS = {"Secretary-General of the United Nations": ("UN", "secretary_general")}

ARCHIGOS_END = dt.date(2015, 12, 31)
SINCE = dt.date(1990, 1, 1)

# Archigos state acronyms that differ from the COW abbreviations of countries.csv
ARCHIGOS_ACRONYMS = {"GFR": "DEU", "SER": "SRB", "RUM": "ROU", "YUG": "SRB", "MNG": "MNE"}

_HOG = re.compile(
    r"prime minister|chancellor|taoiseach|premier|chairman of the council of ministers|"
    r"president of the government|president of the executive yuan|minister of state of monaco|"
    r"chief executive",
    re.I,
)
_HOS = re.compile(
    r"president|monarch|king|queen|emir|emperor|sultan|supreme leader|amir|co-prince|"
    r"grand duke|druk gyalpo|ngwenyama|o le ao o le malo|captain regent|yang di-pertuan",
    re.I,
)
_SKIP_POSITION = re.compile(
    r"governor|donetsk|luhansk|lugansk|abkhazia|south ossetia|transnistria|artsakh|northern cyprus|"
    r"republika srpska|catalonia|sarawak|somaliland|deputy|vice|player|member of the|federal council|"
    r"pontifical|sahrawi|presidential council|generalitat|co-prince|episcopal",
    re.I,
)
_QID = re.compile(r"^Q\d+$")


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass
class Term:
    name: str
    state: str
    role: str
    start: str  # YYYY or YYYY-MM-DD
    end: str  # '' or YYYY-MM-DD
    source: str
    qid: str = ""
    aliases: list[str] = field(default_factory=list)

    @property
    def start_date(self) -> dt.date:
        return dt.date.fromisoformat(self.start if len(self.start) == 10 else f"{self.start}-01-01")

    @property
    def end_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.end) if self.end else None


def git_versions(git_dir: Path, path: str) -> list[tuple[dt.date, str]]:
    """(commit date, file text) of every version of ``path`` on every branch, oldest first."""
    log = subprocess.run(
        ["git", "--git-dir", str(git_dir), "log", "--all", "--format=%H %cI", "--", path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    out = []
    for line in log:
        if not line.strip():
            continue
        commit, when = line.split()
        raw = subprocess.run(
            ["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"], capture_output=True, check=False
        ).stdout
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")  # Archigos' text export is Latin-1
        if text:
            out.append((dt.datetime.fromisoformat(when), text))
    out.sort(key=lambda v: v[0])
    return [(when.date(), text) for when, text in out]


def first_after(days: list[dt.date], day: dt.date) -> dt.date | None:
    """The first snapshot day after ``day`` (the day a term was last listed)."""
    return next((d for d in days if d > day), None)


def load_countries() -> tuple[dict[str, str], dict[str, str], set[str]]:
    by_qid: dict[str, str] = {}
    by_abbr: dict[str, str] = {}
    names: set[str] = set()
    with (DATA / "countries.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["qid"]:
                by_qid[row["qid"]] = row["iso3"]
            if row["cow_abbr"]:
                by_abbr.setdefault(row["cow_abbr"], row["iso3"])
            for key in ("name_en", "name_es", "name_pt", "demonym_en", "capital_en"):
                if row[key]:
                    names.add(row[key].lower())
    return by_qid, by_abbr, names


def leader_terms(git_dir: Path, by_qid: dict[str, str]) -> list[Term]:
    versions = git_versions(git_dir, "data/wikidata.csv")
    first_day = versions[0][0]
    labels: dict[str, str] = {}  # a person's label from any snapshot (some rows carry only the QID)
    for _, text in versions:
        for row in csv.reader(io.StringIO(text)):
            if len(row) >= 6 and row[5] and not _QID.match(row[5]):
                labels[row[4]] = row[5]
    seen: dict[tuple[str, str, str, str], dict[str, object]] = {}
    for day, text in versions:
        reader = csv.reader(io.StringIO(text))
        next(reader, None)
        for row in reader:
            if len(row) < 8:
                continue
            country, _clabel, position, plabel, person, label, start_year, end_year = row[:8]
            state = by_qid.get(country)
            if state is None or _SKIP_POSITION.search(plabel) or not start_year.isdigit():
                continue
            role = "head_of_government" if _HOG.search(plabel) else "head_of_state" if _HOS.search(plabel) else ""
            if not role:
                continue
            key = (state, role, person, start_year)
            info = seen.setdefault(key, {"first": day, "label": "", "closed": None, "last": day, "pos": position})
            info["last"] = day
            if label and not _QID.match(label):
                info["label"] = label
            if end_year.isdigit() and info["closed"] is None:
                info["closed"] = (day, int(end_year))
    days = [day for day, _ in versions]
    last_day = days[-1]
    terms = []
    for (state, role, person, start_year), info in seen.items():
        label = str(info["label"]) or labels.get(person, "")
        if not label:
            continue
        first = info["first"]
        assert isinstance(first, dt.date)
        start = start_year
        if first > first_day and int(start_year) == first.year:
            start = first.isoformat()
        end = ""
        closed = info["closed"]
        if isinstance(closed, tuple):
            day, year = closed
            end = max(day, dt.date(year, 1, 1)).isoformat() if year == day.year else dt.date(year, 12, 31).isoformat()
        else:
            last = info["last"]
            assert isinstance(last, dt.date)
            gone = first_after(days, last)
            end = gone.isoformat() if gone else ""
        if int(start_year) > last_day.year:
            continue
        terms.append(Term(label, state, role, start, end, SRC_LEADERS, qid=person))
    return terms


def foreign_terms(git_dir: Path, by_qid: dict[str, str]) -> list[Term]:
    versions = git_versions(git_dir, "sources/foreign/wikidata.csv")
    seen: dict[str, dict[str, object]] = {}
    for day, text in versions:
        for row in csv.DictReader(io.StringIO(text)):
            state = by_qid.get(row.get("country", ""))
            name = (row.get("name") or row.get("personLabel") or "").strip()
            start = (row.get("start") or "").strip()[:10]
            if state is None or not name or _QID.match(name) or not re.match(r"^\d{4}-\d{2}-\d{2}$", start):
                continue
            if re.search(r"deputy|vice|state for", row.get("positionLabel", ""), re.I):
                continue
            key = f"{row.get('person')}-{start}"
            info = seen.setdefault(key, {"name": name, "state": state, "start": start, "qid": row.get("person", "")})
            info["name"] = name
            info["last"] = day
    days = [day for day, _ in versions]
    terms = []
    for info in seen.values():
        last = info["last"]
        assert isinstance(last, dt.date)
        gone = first_after(days, last)
        terms.append(
            Term(
                str(info["name"]),
                str(info["state"]),
                "foreign_minister",
                str(info["start"]),
                gone.isoformat() if gone else "",
                SRC_FOREIGN,
                qid=str(info["qid"]),
            )
        )
    return terms


def io_terms(git_dir: Path) -> list[Term]:
    """Leaders of international organizations (html/holders21.csv of the world repository)."""
    (_, text), *_ = reversed(git_versions(git_dir, "html/holders21.csv"))
    terms = []
    for row in csv.DictReader(io.StringIO(text)):
        where = IO_POSITIONS.get(row.get("position", ""))
        if where and row.get("person") and re.match(r"^\d{4}-\d{2}-\d{2}$", row.get("start", "")):
            end = row.get("end", "")
            terms.append(
                Term(row["person"], where[0], where[1], row["start"], end, SRC_IO, qid=row.get("personID", ""))
            )
    return terms


def _dbpedia_name(uri: str) -> str:
    if not uri or uri == "NA" or "/resource/" not in uri:
        return ""
    name = urllib.parse.unquote(uri.rsplit("/resource/", 1)[1]).replace("_", " ")
    return re.sub(r"\s*\(.*?\)\s*$", "", name).strip()


def archigos_terms(git_dir: Path, by_abbr: dict[str, str]) -> tuple[list[Term], int]:
    (_, text), *_ = reversed(git_versions(git_dir, "data-raw/leaders/archigos/arch_annual.txt"))
    spells: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        row = {k: (v or "").strip() for k, v in row.items()}
        spell = spells.setdefault(row["obsid"], dict(row))
        spell["startdate"] = min(spell["startdate"], row["startdate"])
        spell["enddate"] = max(spell["enddate"], row["enddate"])
    skipped = 0
    terms = []
    for spell in spells.values():
        if spell["enddate"] < SINCE.isoformat():
            continue
        state = ARCHIGOS_ACRONYMS.get(spell["idacr"]) or by_abbr.get(spell["idacr"])
        if state is None:
            skipped += 1
            continue
        surname = spell["leader"].strip()
        name = _dbpedia_name(spell.get("dbpedia.uri", ""))
        if " " not in name:
            skipped += 1  # no full name (Archigos gives a surname alone, "Brown"): left out
            continue
        end = "" if spell["enddate"] > ARCHIGOS_END.isoformat() else spell["enddate"]
        term = Term(name, state, "leader", spell["startdate"], end, SRC_ARCHIGOS)
        if surname and surname.lower() != name.lower():
            term.aliases.append(surname)
        terms.append(term)
    return terms, skipped


def curated_terms() -> dict[tuple[str, str], list[tuple[dt.date, dt.date | None]]]:
    out: dict[tuple[str, str], list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for name in CURATED:
        with (DATA / "persons" / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                start = dt.date.fromisoformat(row["start"] if len(row["start"]) == 10 else row["start"][:4] + "-01-01")
                end = dt.date.fromisoformat(row["end"]) if len(row["end"]) == 10 else None
                out[(row["state"], row["role"])].append((start, end))
    return out


def _overlaps(a: tuple[dt.date, dt.date | None], b: tuple[dt.date, dt.date | None]) -> bool:
    return (b[1] is None or a[0] < b[1]) and (a[1] is None or b[0] < a[1])


def settle(terms: list[Term]) -> list[Term]:
    """Drop terms the curated files cover, then cut each term at the start of the next."""
    curated = curated_terms()
    groups: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for term in terms:
        kept_term: Term | None = term
        for other in sorted(curated.get((term.state, term.role), []), key=lambda o: o[0]):
            if kept_term is None or not _overlaps((kept_term.start_date, kept_term.end_date), other):
                continue
            # a curated term wins; a derived term that runs on past it starts at its end
            curated_end = other[1]
            if (
                curated_end is not None
                and other[0] <= kept_term.start_date
                and (kept_term.end_date is None or kept_term.end_date > curated_end)
            ):
                kept_term.start = curated_end.isoformat()
            else:
                kept_term = None
        if kept_term is not None:
            groups[(term.state, term.role)].append(kept_term)
    out: list[Term] = []
    for group in groups.values():
        group = [t for t in group if t.end_date is None or t.end_date > t.start_date]
        # A start known only by its year is placed at the latest end, in that year, of
        # another person's term (the handover), else on 1 January.
        for term in group:
            if len(term.start) == 4:
                year = int(term.start)
                ends = [
                    o.end_date
                    for o in group
                    if o.name != term.name
                    and o.end_date is not None
                    and o.end_date.year == year
                    and o.start_date < o.end_date
                ]
                if ends and (term.end_date is None or max(ends) < term.end_date):
                    term.start = max(ends).isoformat()
        group.sort(key=lambda t: (t.start_date, t.end_date or dt.date.max))
        kept: list[Term] = []
        for term in group:
            if (
                kept
                and kept[-1].name == term.name
                and (kept[-1].end_date is None or kept[-1].end_date >= term.start_date)
            ):
                if kept[-1].end_date is not None and (term.end_date is None or term.end_date > kept[-1].end_date):
                    kept[-1].end = term.end
                continue
            if kept and (kept[-1].end_date is None or kept[-1].end_date > term.start_date):
                kept[-1].end = term.start_date.isoformat()
                if kept[-1].end_date is not None and kept[-1].end_date <= kept[-1].start_date:
                    kept.pop()
            if kept and kept[-1].end_date is not None and kept[-1].end_date > term.start_date:
                continue  # still overlapping after the cut: leave the later term out
            kept.append(term)
        out.extend(t for t in kept if t.end_date is None or t.end_date > t.start_date)
    return out


def aliases_for(term: Term, surname_owners: dict[str, set[str]], place_names: set[str]) -> list[str]:
    names = list(term.aliases)
    plain = unicodedata.normalize("NFKD", term.name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    if plain != term.name:
        names.append(plain)
    parts = term.name.split()
    if len(parts) >= 2:
        surname = parts[-1]
        if len(surname) >= 5 and len(surname_owners[surname.lower()]) <= 2 and surname.lower() not in place_names:
            names.append(surname)
            bare = re.sub(r"^(?:al|el|ash|as|ad)-", "", surname, flags=re.I)
            if bare != surname and len(bare) >= 4 and bare.lower() not in place_names:
                names.append(bare[:1].upper() + bare[1:])  # "al-Assad" → "Assad"
    return [n for n in dict.fromkeys(names) if n and n != term.name and n.lower() not in place_names]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--leaders", type=Path, required=True)
    parser.add_argument("--foreign", type=Path, required=True)
    parser.add_argument("--archigos", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    by_qid, by_abbr, place_names = load_countries()
    archigos, skipped = archigos_terms(args.archigos, by_abbr)
    terms = settle(
        leader_terms(args.leaders, by_qid) + foreign_terms(args.foreign, by_qid) + archigos + io_terms(args.foreign)
    )
    surname_owners: dict[str, set[str]] = defaultdict(set)
    for term in terms:
        parts = term.name.split()
        if len(parts) >= 2:
            surname_owners[parts[-1].lower()].add(slug(term.name))
    terms.sort(key=lambda t: (t.state, t.role, t.start_date))
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "name", "aliases", "state", "role", "start", "end", "sources", "qid"])
        for term in terms:
            aliases = "|".join(aliases_for(term, surname_owners, place_names))
            writer.writerow(
                [
                    slug(term.name),
                    term.name,
                    aliases,
                    term.state,
                    term.role,
                    term.start,
                    term.end,
                    term.source,
                    term.qid,
                ]
            )
    print(
        f"wrote {len(terms)} terms to {args.out} (Archigos spells left out, unmapped state or no full name: {skipped})"
    )


if __name__ == "__main__":
    main()
