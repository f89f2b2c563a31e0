"""Build the UN General Assembly votes bundled with blocwatch (compressed Parquet).

Input: the three CSV files of the ``unvotes`` layout (Erik Voeten's "United Nations General
Assembly Voting Data", Harvard Dataverse hdl:1902.1/12379, as packaged by the ``unvotes``
R package, github.com/dgrtwo/unvotes, converted from its ``data/*.rda``). The data are
released under CC0 1.0 (public domain dedication), so they may be redistributed; they are
copied unchanged (same columns, same values, rows sorted by roll call), only typed and
compressed.

Output: ``src/blocwatch/analytics/data/unvotes/`` with ``unvotes_votes.parquet``,
``unvotes_roll_calls.parquet``, ``unvotes_issues.parquet`` and ``MANIFEST.json`` (licence,
provenance, the inputs' SHA-256, row counts, sessions and dates covered, and the version
string recorded in each store that loads them).

    python scripts/build_unvotes.py [SOURCE_DIR]     # default: ../shared/data/kb
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "blocwatch" / "analytics" / "data" / "unvotes"
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "kb"

SELECTS = {
    "unvotes_votes": """select cast(rcid as integer) as rcid, country, country_code, vote
        from read_csv(?, header = true, all_varchar = true) order by cast(rcid as integer), country""",
    "unvotes_roll_calls": """select cast(rcid as integer) as rcid, cast(session as integer) as session,
            cast(importantvote as double) as importantvote, cast(date as date) as date, unres,
            cast(amend as double) as amend, cast(para as double) as para, short, descr
        from read_csv(?, header = true, all_varchar = true) order by cast(rcid as integer)""",
    "unvotes_issues": """select cast(rcid as integer) as rcid, short_name, issue
        from read_csv(?, header = true, all_varchar = true) order by cast(rcid as integer), short_name""",
}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main(source: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    inputs: dict[str, str] = {}
    counts: dict[str, int] = {}
    for name, select in SELECTS.items():
        csv = source / f"{name}.csv"
        inputs[csv.name] = sha256(csv)
        target = OUT / f"{name}.parquet"
        con.execute(
            f"copy ({select}) to '{target}' (format parquet, compression zstd, compression_level 19, row_group_size 200000)",
            [str(csv)],
        )
        counts[name] = int(con.execute("select count(*) from read_parquet(?)", [str(target)]).fetchone()[0])
    span = con.execute(
        "select min(session), max(session), min(date), max(date) from read_parquet(?)",
        [str(OUT / "unvotes_roll_calls.parquet")],
    ).fetchone()
    combined = hashlib.sha256("".join(inputs[k] for k in sorted(inputs)).encode()).hexdigest()
    manifest = {
        "dataset": "United Nations General Assembly Voting Data (Voeten), unvotes layout",
        "version": f"unvotes-{span[3].isoformat()}-{combined[:12]}",
        "licence": "CC0 1.0 Universal (public domain dedication)",
        "licence_url": "https://creativecommons.org/publicdomain/zero/1.0/",
        "citation": (
            "Erik Voeten, 'Data and Analyses of Voting in the UN General Assembly', Routledge Handbook of "
            "International Organization, ed. Bob Reinalda (2013); data: Harvard Dataverse hdl:1902.1/12379"
        ),
        "upstream": "https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
        "packaged_by": "the unvotes R package (github.com/dgrtwo/unvotes), data/*.rda converted to CSV",
        "built_by": "scripts/build_unvotes.py (values unchanged; typed, sorted by rcid, zstd-compressed Parquet)",
        "inputs_sha256": inputs,
        "counts": counts,
        "sessions": [int(span[0]), int(span[1])],
        "dates": [span[2].isoformat(), span[3].isoformat()],
    }
    (OUT / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE)
