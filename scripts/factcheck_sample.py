"""Print a random sample of reference rows with their sources, for a person to check.

Usage, from the repository root::

    .venv/bin/python scripts/factcheck_sample.py --seed 20261202 --n 25
    .venv/bin/python scripts/factcheck_sample.py --seed 20261202 --n 25 --json

Record each run (seed, date, result) in docs/data-model.md ("Fact-check runs").
The sampling is :func:`blocwatch.reference.factcheck.sample_rows`.
"""

from __future__ import annotations

import argparse
import json

from blocwatch.reference.factcheck import sample_rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True, help="seed of the random sample")
    parser.add_argument("--n", type=int, default=25, help="how many rows (default 25)")
    parser.add_argument("--json", action="store_true", help="JSON lines instead of text")
    args = parser.parse_args(argv)
    rows = sample_rows(seed=args.seed, n=args.n)
    for i, row in enumerate(rows, 1):
        if args.json:
            print(json.dumps(row.to_dict(), ensure_ascii=False))
            continue
        print(f"{i:2d}. [{row.kind}] {row.fact}\n    {row.where}")
        for s in row.sources:
            print(
                f"    - {s.publisher}: {s.title}"
                + (f" <{s.url}>" if s.url else "")
                + (f" ({s.date})" if s.date else "")
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
