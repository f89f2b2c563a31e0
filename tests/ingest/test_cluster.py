"""The Ray engine (``blocwatch ingest --engine ray``): same ids as local ingest, a worker
killed mid-run, a resumed run, Parquet output and ``blocwatch load``, the missing extra."""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from blocwatch.cli import main
from blocwatch.core import Blocwatch, open_blocwatch
from blocwatch.ingest.articles import read_options
from blocwatch.ingest.cluster import plan_shards, process_shard
from blocwatch.ingest.readers import plan

TABLES = {
    "articles": "id",
    "near-duplicates": "id || '>' || duplicate_of from articles where duplicate_of is not null --",
    "article_sources": "article_id || '|' || location",
    "quarantine": "id",
    "events": "id",
    "proposals": "id",
    "proposal_evidence": "proposal_id || '|' || doc_id || '|' || evidence_start",
    "article_coding": "article_id || '|' || coded_by || '|' || events",
}


def id_sets(bw: Blocwatch) -> dict[str, list[str]]:
    out = {}
    for table, column in TABLES.items():
        sql = f"select {column} from {table}" if not column.endswith("--") else f"select {column}"
        out[table] = sorted(row[0] for row in bw.con.execute(sql).fetchall())
    return out


def test_missing_ray_is_a_coded_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    monkeypatch.setitem(sys.modules, "ray.data", None)
    (tmp_path / "a.txt").write_text("Brazil and Argentina signed a trade agreement.", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--db", str(tmp_path / "x.duckdb"), "ingest", str(tmp_path / "a.txt"), "--engine", "ray"]
    )
    assert result.exit_code == 2, result.output
    assert "BW600" in result.output and "blocwatch[cluster]" in result.output


def test_engine_options_need_the_ray_engine(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.duckdb"), "ingest", str(tmp_path), "--workers", "2"])
    assert result.exit_code == 2 and "BW605" in result.output


def test_shards_cover_every_record_once_in_order(tmp_path: Path) -> None:
    lines = [json.dumps({"text": f"Story number {i} about a summit."}) for i in range(23)]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for i in range(3):
        (tmp_path / f"b{i}.txt").write_text(f"Short story {i}.", encoding="utf-8")
    options = read_options(open_blocwatch(":memory:", build=False).settings, None)
    planned = list(plan(str(tmp_path)))
    shards = plan_shards(planned, options, per_shard=5, max_records=1000)
    assert [s.index for s in shards] == list(range(len(shards)))
    assert sum(s.records for s in shards) == 26
    from blocwatch.ingest.cluster import Job

    job = Job(shards, options, str(tmp_path / "out"), 30.0, 0.0, 1000)
    seen = []
    for shard in shards:
        summary = process_shard(job, shard)
        assert summary["records"] == shard.records
        from blocwatch.ingest.parquet import read_shard

        seen += [row["location"] for row in read_shard(tmp_path / "out", shard.index)["sources"]]
    expected = [f"{tmp_path / 'a.jsonl'}:{n}" for n in range(1, 24)] + [str(tmp_path / f"b{i}.txt") for i in range(3)]
    assert seen == expected


# --- on a local Ray runtime ----------------------------------------------------------
@pytest.fixture(scope="module")
def ray_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    ray = pytest.importorskip("ray", reason="needs the cluster extra: pip install 'blocwatch[cluster]'")
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        _node_ip_address="127.0.0.1",
        _temp_dir=str(Path("/tmp") / f"bw-ray-test-{os.getpid()}"),
        object_store_memory=150 * 1024 * 1024,
        log_to_driver=False,
        configure_logging=False,
    )
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def inputs(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """2,050 Reuters-21578 records in three files, the last repeating 50 of the first (duplicates)."""
    folder = tmp_path_factory.mktemp("reuters")
    source = shared_data / "corpora" / "reuters21578"
    first = json.loads((source / "reut2-000.json").read_text(encoding="utf-8"))
    second = json.loads((source / "reut2-001.json").read_text(encoding="utf-8"))
    (folder / "a.json").write_text(json.dumps(first), encoding="utf-8")
    (folder / "b.json").write_text(json.dumps(second), encoding="utf-8")
    (folder / "c.json").write_text(json.dumps(first[:50]), encoding="utf-8")
    return [str(folder / name) for name in ("a.json", "b.json", "c.json")]


SETTINGS = {"extract_coder": "rules", "cluster_records_per_shard": 150}


@pytest.fixture(scope="module")
def local_ids(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    bw = open_blocwatch(tmp_path_factory.mktemp("local") / "local.duckdb", **SETTINGS)
    report = bw.articles.ingest(inputs)
    assert report.stored > 1500 and report.duplicates >= 50
    ids = id_sets(bw)
    bw.close()
    return ids


def _ray_store(path: Path, **settings: Any) -> Blocwatch:
    return open_blocwatch(path, **{**SETTINGS, **settings})


@pytest.mark.cluster
@pytest.mark.shared
def test_ray_gives_the_same_ids_as_local(
    ray_runtime: Any, inputs: list[str], local_ids: dict[str, list[str]], tmp_path: Path
) -> None:
    db = tmp_path / "ray.duckdb"
    result = CliRunner().invoke(
        main,
        ["--db", str(db), "ingest", *inputs, "--engine", "ray", "--workers", "2", "--no-progress", "--json"],
        env={f"BLOCWATCH_{k.upper()}": str(v) for k, v in SETTINGS.items()},
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{") :])
    assert report["engine"] == "ray" and len(report["shards"]) >= 14 and not report["failed_shards"]
    assert len({s["worker"] for s in report["shards"]}) == 2  # both workers did shards
    bw = open_blocwatch(db, **SETTINGS)
    ids = id_sets(bw)
    bw.close()
    assert ids["events"] and ids["proposals"]
    for table in TABLES:
        assert ids[table] == local_ids[table], table
    assert not Path(f"{db}.shards").exists()  # the work folder goes once everything is merged


@pytest.mark.cluster
@pytest.mark.shared
def test_a_killed_worker_is_replaced_and_the_result_is_the_same(
    ray_runtime: Any, inputs: list[str], local_ids: dict[str, list[str]], tmp_path: Path
) -> None:
    from blocwatch.ingest.cluster import ingest_cluster

    bw = _ray_store(tmp_path / "killed.duckdb")
    killed: list[int] = []
    before: set[int] = set()

    def kill_a_worker(report: Any) -> None:
        if not killed and report.shards:
            pid = report.shards[-1]["worker"]  # it has taken its next shard meanwhile
            before.update(s["worker"] for s in report.shards)
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    report = ingest_cluster(bw, inputs, workers=2, progress=kill_a_worker)
    assert killed and not report.failed_shards
    assert all(s["status"] == "done" for s in report.shards)
    workers = {s["worker"] for s in report.shards}
    assert killed[0] in workers and workers - before - set(killed), "a restarted worker process took over"
    assert id_sets(bw) == local_ids
    bw.close()


@pytest.mark.cluster
@pytest.mark.shared
def test_an_interrupted_run_resumes_from_the_manifest(
    ray_runtime: Any, inputs: list[str], local_ids: dict[str, list[str]], tmp_path: Path
) -> None:
    from blocwatch.ingest.cluster import ingest_cluster

    db = tmp_path / "resumed.duckdb"
    bw = _ray_store(db)

    def interrupt(report: Any) -> None:
        if len(report.shards) >= 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_cluster(bw, inputs, workers=2, progress=interrupt)
    manifest = json.loads((Path(f"{db}.shards") / "manifest.json").read_text())
    assert 4 <= len(manifest["written"]) < manifest["shards"]
    merged_before = len(manifest["merged"])
    assert merged_before >= 1
    report = ingest_cluster(bw, inputs, workers=2)
    assert report.skipped_shards >= 4 and not report.failed_shards
    assert sum(1 for s in report.shards if s["status"] == "done earlier") == report.skipped_shards
    assert id_sets(bw) == local_ids  # nothing twice, nothing lost
    bw.close()


@pytest.mark.cluster
@pytest.mark.shared
def test_output_then_load_equals_ingest(
    ray_runtime: Any, inputs: list[str], local_ids: dict[str, list[str]], tmp_path: Path
) -> None:
    import duckdb

    out = tmp_path / "lake"
    db = tmp_path / "loaded.duckdb"
    env = {f"BLOCWATCH_{k.upper()}": str(v) for k, v in SETTINGS.items()}
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["--db", str(db), "ingest", *inputs, "--engine", "ray", "--output", str(out), "--no-progress"],
        env=env,
    )
    assert result.exit_code == 0, result.output
    empty = open_blocwatch(db, **SETTINGS)
    assert empty.articles.count() == 0  # --output writes the dataset only
    empty.close()
    events = duckdb.connect().execute(f"select count(distinct id) from '{out}/events/*.parquet'").fetchone()
    assert events is not None and events[0] >= len(local_ids["events"])  # DuckDB reads it directly
    for _ in range(2):  # loading twice adds nothing
        result = runner.invoke(main, ["--db", str(db), "load", str(out), "--no-progress"], env=env)
        assert result.exit_code == 0, result.output
    bw = open_blocwatch(db, **SETTINGS)
    assert id_sets(bw) == local_ids
    bw.close()


@pytest.mark.cluster
@pytest.mark.shared
@pytest.mark.slow
def test_learned_coder_gives_the_same_ids(ray_runtime: Any, inputs: list[str], tmp_path: Path) -> None:
    from blocwatch.ingest.cluster import ingest_cluster

    records = json.loads(Path(inputs[0]).read_text(encoding="utf-8"))[:240]
    small = tmp_path / "small.json"
    small.write_text(json.dumps(records), encoding="utf-8")
    settings = {"extract_coder": "learned", "cluster_records_per_shard": 60}
    local = open_blocwatch(tmp_path / "local.duckdb", **settings)
    local.articles.ingest([str(small)])
    remote = open_blocwatch(tmp_path / "ray.duckdb", **settings)
    report = ingest_cluster(remote, [str(small)], workers=2)
    assert not report.failed_shards and len(report.shards) == 4
    expected = id_sets(local)
    assert expected["events"]
    assert id_sets(remote) == expected
    local.close()
    remote.close()


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_shards_start_at_their_byte_offset(tmp_path: Path, gzip: bool) -> None:
    from blocwatch.ingest.cluster import Job
    from blocwatch.ingest.parquet import read_shard

    from ._warc import article_html, write_warc

    pages = [(f"https://news.example/{i}", "text/html; charset=utf-8", article_html(i, words=40)) for i in range(12)]
    pages.insert(5, ("https://news.example/x.png", "image/png", b"\x89PNG...."))
    archive = tmp_path / ("a.warc.gz" if gzip else "a.warc")
    write_warc(archive, pages, gzip=gzip)
    options = read_options(open_blocwatch(":memory:", build=False).settings, None)
    shards = plan_shards(list(plan(str(archive))), options, per_shard=5, max_records=1000)
    assert len(shards) == 3 and shards[1].parts[0].seek > 0  # later shards skip the bytes before them
    job = Job(shards, options, str(tmp_path / "out"), 30.0, 0.0, 1000)
    locations = []
    for shard in shards:
        process_shard(job, shard)
        locations += [row["location"] for row in read_shard(tmp_path / "out", shard.index)["sources"]]
    store = open_blocwatch(":memory:", build=False, extract_on_ingest=False)
    store.articles.ingest([str(archive)])
    expected = [row[0] for row in store.con.execute("select location from article_sources").fetchall()]
    assert sorted(locations) == sorted(expected) and len(locations) == 12
    assert locations == sorted(locations, key=lambda loc: int(loc.rpartition("@")[2]))
