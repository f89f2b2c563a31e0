"""Load benchmark of the web API: a real ``blocwatch serve`` on 127.0.0.1 over a store with the
full UN votes and SYNTHETIC events, a bounded number of requests per endpoint, p50/p95 and
requests per second per endpoint.

    .venv/bin/python benchmarks/load_web.py --requests 60 --concurrency 4 --events 100000 \\
        [--write-docs docs/benchmarks.md]

The events are generated here for the benchmark only (``source = 'benchmark_synthetic.v0'``,
document ids ``bench-…``): random pairs of states of the Americas and outside powers, random
PLOVER types and dates 2000–2024. They measure speed, never anything about the world.
Needs ``../shared/data/kb`` (the ``unvotes`` CSV files).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
SHARED_KB = REPO.parent / "shared" / "data" / "kb"
MARK_START = "<!-- web-api benchmark: start -->"
MARK_END = "<!-- web-api benchmark: end -->"

ENDPOINTS = [
    "/api/v1/orgs",
    "/api/v1/orgs/CELAC/members?on=2020-02-06",
    "/api/v1/orgs/CELAC/presidency?on=2020-02-06",
    "/api/v1/overlap?orgs=UNASUR,PROSUR,CELAC&on=2019-06-01",
    "/api/v1/overlap/series?a=UNASUR&b=PROSUR&start=2018&end=2023",
    "/api/v1/history/CELAC",
    "/api/v1/mechanisms?org=CELAC",
    "/api/v1/cohesion/CELAC?start=2011&end=2019",
    "/api/v1/cohesion/CELAC?by_issue=true",
    "/api/v1/cohesion/CELAC/roll-calls?session=70",
    "/api/v1/alignment/VEN?powers=USA,RUS",
    "/api/v1/blocs?universe=CELAC&compare=ALBA,PROSUR&start=2019&end=2019",
    "/api/v1/churn/UNASUR",
    "/api/v1/cohesion/CELAC/events",
    "/api/v1/multipolarity/CELAC",
    "/api/v1/events?country=BRA&limit=50",
    "/api/v1/events?q=agreed&limit=50",
    "/api/v1/proposals",
    "/api/v1/cohesion/CELAC?format=csv",
    "/org/CELAC?on=2020-02-06",
    "/compare",
]

TYPES = [
    ("AGREE", "VERBAL_COOPERATION", 3.0),
    ("CONSULT", "VERBAL_COOPERATION", 1.0),
    ("SUPPORT", "VERBAL_COOPERATION", 3.0),
    ("COOPERATE", "MATERIAL_COOPERATION", 6.0),
    ("AID", "MATERIAL_COOPERATION", 7.0),
    ("REQUEST", "VERBAL_COOPERATION", 1.0),
    ("ACCUSE", "VERBAL_CONFLICT", -3.0),
    ("REJECT", "VERBAL_CONFLICT", -4.0),
    ("THREATEN", "VERBAL_CONFLICT", -6.0),
    ("SANCTION", "MATERIAL_CONFLICT", -7.0),
]


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError, StopIteration), open("/proc/cpuinfo") as cpuinfo:
        cpu = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    with open("/proc/meminfo") as meminfo:
        total_kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    import duckdb

    return (
        f"{platform.machine()}, {os.cpu_count()} cores ({cpu}), {total_kb / 1024 / 1024:.0f} GiB RAM, "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}"
    )


def prepare(db: Path, events: int) -> dict[str, int]:
    """Build the store: reference graph, full UN votes, synthetic events."""
    from blocwatch import open_blocwatch

    bw = open_blocwatch(str(db))
    bw.analytics.import_unvotes(SHARED_KB)
    states = [
        r[0]
        for r in bw.con.execute(
            "select iso3 from countries where region in ('LAC', 'AMERICAS') and un_status = 'member' order by iso3"
        ).fetchall()
    ]
    outside = ["USA", "CHN", "RUS", "ESP", "DEU", "FRA", "JPN", "IND", "GBR", "TUR", "IRN", "KOR"]
    everyone = states + outside
    bw.con.execute("create temp table _types (i integer, t varchar, q varchar, s double)")
    bw.con.executemany("insert into _types values (?, ?, ?, ?)", [(i, *t) for i, t in enumerate(TYPES)])
    bw.con.execute("create temp table _who (i integer, iso3 varchar)")
    bw.con.executemany("insert into _who values (?, ?)", list(enumerate(everyone)))
    n_who = len(everyone)
    bw.con.execute(
        f"""insert into events (id, doc_id, sentence_index, sentence, event_type, mode, contexts, actor_text,
                actor_country, actor_sector, actor_org, actor_id, recipient_text, recipient_country, recipient_sector,
                recipient_org, recipient_id, date, negated, future, quad, score, confidence, evidence_start,
                evidence_end, source, lang, created_at)
            with g as (select i, hash(i) as h from range({int(events)}) t(i))
            select 'bench-ev-' || g.i, 'bench-doc-' || (g.i // 5), g.i % 5,
                   'Synthetic benchmark sentence ' || g.i || ': ' || a.iso3 || ' ' || lower(t.t) || ' ' || r.iso3 || '.',
                   t.t, null, [], a.iso3, a.iso3, 'government', null, null, r.iso3, r.iso3, 'government', null, null,
                   date '2000-01-01' + cast((g.h >> 20) % 9131 as integer), (g.h % 97) = 0, (g.h % 89) = 0, t.q, t.s,
                   0.5, 0, 40, 'benchmark_synthetic.v0', 'en', now()
            from g
            join _types t on t.i = cast(g.h % {len(TYPES)} as integer)
            join _who a on a.i = cast((g.h >> 8) % {n_who} as integer)
            join _who r on r.i = cast(((g.h >> 8) % {n_who} + 1 + (g.h >> 40) % {n_who - 1}) % {n_who} as integer)"""
    )
    counts = {t: int(bw.con.execute(f"select count(*) from {t}").fetchone()[0]) for t in ("un_votes", "events")}
    bw.close()
    return counts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(base: str, requests: int, concurrency: int) -> list[dict[str, float | str | int]]:
    rows = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for endpoint in ENDPOINTS:
            client.get(endpoint).raise_for_status()  # warm-up (plans, caches)
            latencies: list[float] = []

            def one(_: int, endpoint: str = endpoint) -> float:
                started = time.perf_counter()
                response = client.get(endpoint)
                elapsed = time.perf_counter() - started
                response.raise_for_status()
                return elapsed

            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=concurrency) as pool:
                latencies = list(pool.map(one, range(requests)))
            wall = time.perf_counter() - started
            ordered = sorted(latencies)
            rows.append(
                {
                    "endpoint": endpoint,
                    "requests": requests,
                    "p50_ms": statistics.median(ordered) * 1000,
                    "p95_ms": ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000,
                    "rps": requests / wall,
                }
            )
    return rows


def markdown(rows: list[dict[str, float | str | int]], command: str, counts: dict[str, int], concurrency: int) -> str:
    total = sum(int(r["requests"]) for r in rows)
    worst = max(float(r["p95_ms"]) for r in rows)
    lines = [
        MARK_START,
        f"Machine: {machine()}.",
        "",
        f"Command: `{command}`",
        "",
        f"Store: bundled reference graph, {counts['un_votes']:,} UN votes, {counts['events']:,} synthetic events "
        f"(generated by the benchmark). Server: `blocwatch serve` on 127.0.0.1 (one uvicorn worker), "
        f"{concurrency} concurrent clients on the same machine, {total} requests after one warm-up request per endpoint. "
        f"Target: p95 < 300 ms; worst p95 here {worst:.0f} ms. Measured {time.strftime('%Y-%m-%d')}.",
        "",
        "| endpoint | requests | p50 ms | p95 ms | requests/s |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| `{r['endpoint']}` | {r['requests']} | {float(r['p50_ms']):.1f} | {float(r['p95_ms']):.1f} | {float(r['rps']):.1f} |"
        for r in rows
    ]
    lines.append(MARK_END)
    return "\n".join(lines)


def write_docs(path: Path, section: str) -> None:
    text = path.read_text(encoding="utf-8")
    if MARK_START in text:
        before, _, rest = text.partition(MARK_START)
        _, _, after = rest.partition(MARK_END)
        text = before + section + after
    else:
        heading = "## Web API\n"
        before, found, after = text.partition(heading)
        if not found:
            text = text.rstrip() + "\n\n" + heading + "\n" + section + "\n"
        else:
            rest = after.split("\n## ", 1)
            tail = ("\n## " + rest[1]) if len(rest) > 1 else ""
            text = before + heading + "\n" + section + "\n" + tail
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=60, help="requests per endpoint (bounded)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--events", type=int, default=100_000, help="synthetic events to generate (>= 100000)")
    parser.add_argument("--write-docs", type=Path, help="update the 'Web API' section of this markdown file")
    args = parser.parse_args()
    if not SHARED_KB.is_dir():
        sys.exit(f"needs the UN votes at {SHARED_KB}")
    command = ".venv/bin/python benchmarks/load_web.py " + " ".join(
        a for a in sys.argv[1:] if not a.startswith("--write-docs") and not a.endswith(".md")
    )
    with tempfile.TemporaryDirectory(prefix="bw-bench-") as tmp:
        db = Path(tmp) / "bench.duckdb"
        started = time.perf_counter()
        counts = prepare(db, args.events)
        print(f"prepared store in {time.perf_counter() - started:.1f} s: {counts}")
        port = free_port()
        env = {**os.environ, "BLOCWATCH_TOKEN": ""}
        server = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from blocwatch.cli import main; main()",
                "--db",
                str(db),
                "serve",
                "--port",
                str(port),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(base + "/api/v1/status", timeout=2).raise_for_status()
                    break
                except httpx.HTTPError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit(server.stderr.read().decode() if server.stderr else "server did not start")  # noqa: B904
                    time.sleep(0.2)
            rows = run(base, args.requests, args.concurrency)
        finally:
            server.terminate()
            server.wait(timeout=20)
    section = markdown(rows, command, counts, args.concurrency)
    print(section)
    if args.write_docs:
        write_docs(args.write_docs, section)
        print(f"updated {args.write_docs}")


if __name__ == "__main__":
    main()
