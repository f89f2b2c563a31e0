"""Generate src/blocwatch/reference/data/cow/igo_states.csv: COW IGO v3 state columns → ISO3.

The COW IGO IGO-year file names one column per state (``brazil``, ``antiguabarbuda``,
``domrepublic`` …). This script matches the column names against the country names of the
``countrycode`` package (COW, English, UN, Polity, V-Dem names) and a short manual table for
the abbreviations that no name list spells; historic states without an ISO 3166 code
(Bavaria, East Germany, South Vietnam, …) map to nothing.

Usage: .venv/bin/python scripts/build_cow_crosswalk.py [COW_CSV] [--check]
"""

from __future__ import annotations

import csv
import io
import os
import pickle
import re
import sys
from pathlib import Path

import countrycode

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/blocwatch/reference/data/cow/igo_states.csv"
DEFAULT_COW = ROOT.parent / "shared/data/kb/cow_igo_year_v3.csv"
NON_STATE = {
    "ioname",
    "orgname",
    "year",
    "sdate",
    "deaddate",
    "dead",
    "integrated",
    "replaced",
    "longorgname",
    "ionum",
    "igocode",
    "version",
    "accuracyofpre1965membershipdates",
    "sourcesandnotes",
    "imputed",
    "political",
    "social",
    "economic",
}
MANUAL = {
    "car": "CAF",
    "congobrazz": "COG",
    "czechrep": "CZE",
    "domrepublic": "DOM",
    "etimor": "TLS",
    "eqguinea": "GNQ",
    "fyromacedonia": "MKD",
    "marshallis": "MHL",
    "micronesiafs": "FSM",
    "nokorea": "PRK",
    "saotome": "STP",
    "soafrica": "ZAF",
    "sokorea": "KOR",
    "sosudan": "SSD",
    "solomonis": "SLB",
    "stkitts": "KNA",
    "stvincent": "VCT",
    "trinidad": "TTO",
    "uk": "GBR",
    "usa": "USA",
    "wsamoa": "WSM",
    "yugoslaviaserb": "SRB",
    "zaire": "COD",
    "kosovo": "XKX",
}
HISTORIC = {
    "bavariaelect",
    "egermany",
    "hesseelect",
    "hessegrand",
    "korea",
    "mecklenburg",
    "svietnam",
    "syemen",
    "wurtenburg",
    "austriahungary",
    "baden",
    "czechoslovakia",
    "hanover",
    "modena",
    "parma",
    "saxony",
    "tuscany",
    "twosicilies",
    "zanzibar",
    # pre-1990 states whose successors have their own columns (germany, yemen)
    "wgermany",
    "nyemen",
}


def _norm(text: str | None) -> str:
    return re.sub(r"[^a-z]", "", (text or "").lower())


def build(cow_csv: Path) -> str:
    codelist = pickle.loads((Path(os.path.dirname(countrycode.__file__)) / "data/codelist.pickle").read_bytes())
    names: dict[str, str] = {}
    for i, iso3 in enumerate(codelist["iso3c"]):
        if not iso3:
            continue
        for key in ("cow.name", "country.name.en", "un.name.en", "p4.name", "vdem.name"):
            value = codelist[key][i]
            if value:
                names.setdefault(_norm(value), iso3)
    with cow_csv.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["column", "iso3", "how"])
    for column in header:
        if column in NON_STATE:
            continue
        if column in MANUAL:
            writer.writerow([column, MANUAL[column], "manual"])
        elif column in HISTORIC:
            writer.writerow([column, "", "historic state without an ISO 3166 code"])
        elif column in names:
            writer.writerow([column, names[column], "name match (countrycode 0.6.0)"])
        else:
            raise SystemExit(f"unmapped COW column {column!r}: add it to MANUAL or HISTORIC")  # pragma: no cover
    return out.getvalue()


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    text = build(Path(args[0]) if args else DEFAULT_COW)
    if "--check" in argv:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is out of date: run scripts/build_cow_crosswalk.py")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
