"""Regenerate src/blocwatch/extract/data/parties.yaml: the main parties of the LAC states and
of the conflict regions, as actors of sector PTY with their country.

Input: the Party Facts data repository (hdigital/partyfactsdata, MIT licence; Party Facts,
Bederke, Döring and Regel, GESIS), brought onto the machine with the search tool's fetch;
pass its git directory. The script reads ``import/elecglob/partyfacts-core-parties.csv``
at the commit given (default: the repository's HEAD) with ``git show``; nothing of the
dataset but the derived rows is committed.

A party is kept when it is a core party (not a technical row such as "other"), active in
1990 or later (``year_last`` empty or >= 1990), and its largest share of the vote or seats
(``share``) is at least ``--min-share`` percent. Its names are the native name and the
English name (each split at "/" where the dataset joins successive names, brackets and
parenthesised notes removed) and its short name when that is an acronym of three letters
or more, unless it is also a common word or abbreviation (``_NOT_ACRONYMS``: "DOS" is
"two" in a Spanish headline). A name that is an agent word or title of the lexicons ("Opposition") or that Party Facts gives to parties of two or more countries ("Workers'
Party", "PSD") is left out everywhere: it cannot tell the country.

Every row cites the source ``gazetteer-partyfacts-core-parties`` (sources/gazetteer.yaml)
and keeps the dataset's party id and Wikipedia link.

    .venv/bin/python scripts/build_parties.py --partyfacts /work/.mirror/hdigital+partyfactsdata/repo
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "blocwatch" / "extract" / "data" / "parties.yaml"
PATH = "import/elecglob/partyfacts-core-parties.csv"
SOURCE = "gazetteer-partyfacts-core-parties"

#: The 33 states of Latin America and the Caribbean (CELAC's members).
LAC = [
    "ATG",
    "ARG",
    "BHS",
    "BRB",
    "BLZ",
    "BOL",
    "BRA",
    "CHL",
    "COL",
    "CRI",
    "CUB",
    "DMA",
    "DOM",
    "ECU",
    "SLV",
    "GRD",
    "GTM",
    "GUY",
    "HTI",
    "HND",
    "JAM",
    "MEX",
    "NIC",
    "PAN",
    "PRY",
    "PER",
    "KNA",
    "LCA",
    "VCT",
    "SUR",
    "TTO",
    "URY",
    "VEN",
]
#: States of the conflict regions the event data covers most: the Middle East and North
#: Africa, the Sahel and the Horn of Africa, the Great Lakes, the post-Soviet conflicts,
#: South Asia and Myanmar.
CONFLICT = [
    "YEM",
    "SYR",
    "IRQ",
    "AFG",
    "LBY",
    "SDN",
    "SSD",
    "SOM",
    "MLI",
    "BFA",
    "NER",
    "NGA",
    "TCD",
    "COD",
    "CAF",
    "ETH",
    "ERI",
    "UKR",
    "RUS",
    "ISR",
    "PSE",
    "LBN",
    "MMR",
    "PAK",
    "IRN",
    "TUR",
    "ARM",
    "AZE",
    "GEO",
    "SRB",
]

#: Acronyms of the selection that are also common words or other well-known abbreviations in
#: en/es/pt text, above all in upper-case headlines ("GUERRILLA DINAMITA DOS TORRES"): left out.
_NOT_ACRONYMS = frozenset(
    [
        "DOS",
        "UNE",
        "SUM",
        "LIBRE",
        "GANAR",
        "VERITE",
        "INITE",
        "ARC",
        "SIC",
        "PALA",
        "FIM",
        "NAR",
        "HAB",
        "INA",
        "ALY",
        "ZES",
        "MMA",
        "PSV",
        "VVV",
        "UNB",
        "CPA",
        "ASL",
        "RPM",
        "NRC",
        "NFC",
        "ATR",
        "FJD",
    ]
)
_BRACKETS = re.compile(r"\s*[\[(][^\])]*[\])]")
_ACRONYM = re.compile(r"^[A-ZÁÉÍÓÚÑÇ]{3,8}$")


def names_of(row: dict[str, str]) -> list[str]:
    out: list[str] = []
    for field in ("name", "name_english"):
        for part in re.split(r"\s*/\s*", row.get(field) or ""):
            part = _BRACKETS.sub("", part).strip(" ,;-()[]")
            if len(part) >= 4 and part not in out:
                out.append(part)
    short = (row.get("name_short") or "").strip()
    if _ACRONYM.match(short) and short not in _NOT_ACRONYMS and short not in out:
        out.append(short)
    return out


def lexicon_words() -> set[str]:
    """The agent words and titles of the extractor's lexicons, folded: a party named only
    "Opposition" or "Independents" would shadow the agent word."""
    words: set[str] = set()
    for name in ("agents.yaml", "titles.yaml"):
        data = yaml.safe_load((OUT.parent / name).read_text(encoding="utf-8")) or {}
        for by_lang in data.values():
            for entries in by_lang.values():
                words.update(str(w).rstrip("*").casefold() for w in entries)
    return words


def build(partyfacts: Path, commit: str, min_share: float) -> list[dict[str, object]]:
    raw = subprocess.run(
        ["git", "--git-dir", str(partyfacts), "show", f"{commit}:{PATH}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = [r for r in csv.DictReader(io.StringIO(raw)) if not (r.get("technical") or "").strip()]
    countries_of: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for name in names_of(row):
            countries_of[name.casefold()].add(row["country"])
    wanted = set(LAC) | set(CONFLICT)
    generic = lexicon_words()
    out: list[dict[str, object]] = []
    for row in rows:
        if row["country"] not in wanted:
            continue
        last = (row.get("year_last") or "").strip()
        if last and int(last) < 1990:
            continue
        try:
            share = float(row.get("share") or 0)
        except ValueError:
            continue
        if share < min_share:
            continue
        names = [n for n in names_of(row) if len(countries_of[n.casefold()]) == 1 and n.casefold() not in generic]
        if not names:
            continue
        item: dict[str, object] = {
            "id": f"PF{row['partyfacts_id']}",
            "kind": "group",
            "country": row["country"],
            "sector": "PTY",
            "names": names,
            "sources": [SOURCE],
            "partyfacts_id": int(row["partyfacts_id"]),
        }
        if row.get("wikipedia"):
            item["wikipedia"] = row["wikipedia"]
        out.append(item)
    out.sort(key=lambda i: (str(i["country"]), str(i["names"][0])))  # type: ignore[index]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--partyfacts", type=Path, required=True, help="git directory of hdigital/partyfactsdata")
    parser.add_argument("--commit", default="HEAD")
    parser.add_argument("--min-share", type=float, default=10.0, help="least largest share (percent) of a party")
    args = parser.parse_args()
    commit = subprocess.run(
        ["git", "--git-dir", str(args.partyfacts), "rev-parse", args.commit], check=True, capture_output=True, text=True
    ).stdout.strip()
    items = build(args.partyfacts, commit, args.min_share)
    header = (
        "# Generated by scripts/build_parties.py from Party Facts (hdigital/partyfactsdata, MIT licence),\n"
        f"# {PATH} at commit {commit}:\n"
        f"# core parties of the LAC states and the conflict regions, active since 1990, with a largest\n"
        f"# share of {args.min_share:g} % or more. Do not edit by hand; the schema is gazetteer.yaml's.\n"
    )
    body = yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=120)
    OUT.write_text(header + body, encoding="utf-8")
    print(f"{OUT.relative_to(REPO)}: {len(items)} parties in {len({i['country'] for i in items})} states")


if __name__ == "__main__":
    main()
