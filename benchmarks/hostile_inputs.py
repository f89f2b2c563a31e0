"""Peak memory and time of ingesting each hostile input (tests/ingest/hostile_cases.py).

Each case runs in its own subprocess (a fresh interpreter; its peak is ``VmHWM`` of
/proc/self/status, because ``ru_maxrss`` carries the parent's size over fork and exec), on a temporary DuckDB file with extraction off. ``--scale limit`` writes each case
at the documented default limits (a 10 MB CSV row, a 2 GB gzip bomb, …); ``--scale test``
at the small scale of the test suite, with the small limits the tests set.

    .venv/bin/python benchmarks/hostile_inputs.py --scale limit --write-docs

``--write-docs`` rewrites the block between ``<!-- hostile:begin -->`` and
``<!-- hostile:end -->`` in docs/benchmarks.md. Figures are printed, never asserted on
time; tests/ingest/test_hostile.py asserts the codes and a generous memory bound.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from ingest.hostile_cases import CASES, Case  # noqa: E402

_RUNNER = """
import json, sys, time
from blocwatch import open_blocwatch
sys.path.insert(0, sys.argv[4])
from _common import peak_rss_mb
folder, db, settings = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
bw = open_blocwatch(db, build=False, extract_on_ingest=False, **settings)
started = time.monotonic()
report = bw.articles.ingest([folder])
seconds = time.monotonic() - started
stored = bw.con.execute("select count(*) from articles").fetchone()[0]
bw.close()
print(json.dumps({"stored": stored, "codes": dict(report.quarantine_reasons), "seconds": seconds,
                  "peak_rss_mb": peak_rss_mb()}))
"""


def run_case(case: Case, *, scale: str, workdir: Path) -> dict[str, Any]:
    """Write ``case`` at a scale, ingest it in a subprocess, return what happened."""
    folder = workdir / case.name
    folder.mkdir(parents=True)
    size = case.test_scale if scale == "test" else case.limit_scale
    settings = case.settings if scale == "test" else case.limit_settings
    started = time.monotonic()
    case.write(folder, size)
    written = time.monotonic() - started
    input_bytes = sum(p.stat().st_size for p in folder.iterdir())
    answer = subprocess.run(
        [
            sys.executable,
            "-c",
            _RUNNER,
            str(folder),
            str(workdir / f"{case.name}.duckdb"),
            json.dumps(settings),
            str(Path(__file__).resolve().parent),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    if answer.returncode != 0:
        raise RuntimeError(f"{case.name}: the ingest failed:\n{answer.stderr}")
    result: dict[str, Any] = json.loads(answer.stdout.strip().splitlines()[-1])
    result.update(
        case=case.name, what=case.what, scale=size, settings=settings, input_bytes=input_bytes, written_s=written
    )
    result["expected"] = {"stored": case.stored, "codes": case.codes}
    for path in folder.iterdir():
        path.unlink()
    return result


def _table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| case | input | scale | limits set | stored | quarantined | peak RSS | time |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        limits = ", ".join(f"`{k}={v}`" for k, v in r["settings"].items()) or "defaults"
        codes = ", ".join(f"{code} ×{n}" for code, n in sorted(r["codes"].items())) or "none"
        lines.append(
            f"| `{r['case']}` | {r['what']} | {r['scale']:,} | {limits} | {r['stored']} | {codes} "
            f"| {r['peak_rss_mb']:,.0f} MB | {r['seconds']:.1f} s |"
        )
    return "\n".join(lines)


def write_docs(text: str, doc: Path = ROOT / "docs" / "benchmarks.md") -> None:
    begin, end = "<!-- hostile:begin -->", "<!-- hostile:end -->"
    content = doc.read_text(encoding="utf-8")
    block = f"{begin}\n{text}\n{end}"
    if begin in content and end in content:
        head, _, rest = content.partition(begin)
        _, _, tail = rest.partition(end)
        content = head + block + tail
    else:
        content = content.rstrip("\n") + "\n\n" + block + "\n"
    doc.write_text(content, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["test", "limit"], default="limit")
    parser.add_argument("--cases", nargs="*", default=sorted(CASES), help="case names (default: all)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per case")
    parser.add_argument("--write-docs", action="store_true", help="rewrite the hostile block of docs/benchmarks.md")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="bw-hostile-") as tmp:
        for name in args.cases:
            result = run_case(CASES[name], scale=args.scale, workdir=Path(tmp))
            results.append(result)
            if args.json:
                print(json.dumps(result), flush=True)
            else:
                print(
                    f"{name}: stored {result['stored']}, quarantined {result['codes']}, "
                    f"peak RSS {result['peak_rss_mb']:,.0f} MB, {result['seconds']:.1f} s",
                    flush=True,
                )
    if args.write_docs:
        machine = f"{platform.machine()}, Python {platform.python_version()}"
        text = (
            f"Command: `.venv/bin/python benchmarks/hostile_inputs.py --scale {args.scale} --write-docs` "
            f"({machine}, {time.strftime('%Y-%m-%d')}). Each case ingested alone in a fresh process; peak RSS is "
            "that process's `VmHWM` (the interpreter and its libraries included); time is the ingest call.\n\n"
            + _table(results)
        )
        write_docs(text)


if __name__ == "__main__":
    main()
