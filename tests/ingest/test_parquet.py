"""The Parquet exchange format of the Ray engine: its schemas follow the store's tables,
and a shard's files round-trip its rows in order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from blocwatch.extract.tables import EVENT_COLUMNS, EVIDENCE_COLUMNS, PROPOSAL_COLUMNS
from blocwatch.ingest.parquet import SCHEMAS, read_manifest, read_shard, shard_file, write_manifest, write_shard

POSITION = ["shard", "seq"]


def test_schemas_follow_the_store_tables() -> None:
    assert SCHEMAS["events"].names == [*POSITION, *EVENT_COLUMNS]
    written = [c for c in PROPOSAL_COLUMNS if c not in ("evidence_count", "sources_count")]
    assert SCHEMAS["proposals"].names == [*POSITION, *written]
    assert SCHEMAS["evidence"].names == [*POSITION, *(c for c in EVIDENCE_COLUMNS if c not in ("outlet", "url"))]


def test_a_shard_round_trips_in_order(tmp_path: Path) -> None:
    articles = [
        {
            "id": f"id{i}",
            "fingerprint": "f",
            "title": None,
            "text": f"text {i}",
            "lang": "en",
            "published": dt.date(2020, 1, i + 1),
            "published_source": "metadata",
            "url": None,
            "outlet": None,
            "reader": "jsonl.v1",
            "location": f"a.jsonl:{i + 1}",
            "coded": True,
        }
        for i in range(3)
    ]
    write_shard(tmp_path, 7, {"articles": articles})
    assert shard_file(tmp_path, "articles", 7).exists()
    assert not list(tmp_path.rglob("*.partial"))
    back = read_shard(tmp_path, 7)
    assert back["articles"] == articles
    assert back["events"] == [] and back["quarantine"] == []


def test_manifest_round_trip(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) == {}
    write_manifest(tmp_path, {"run": "k", "written": {"0": {"records": 3}}, "merged": [0]})
    manifest = read_manifest(tmp_path)
    assert manifest["run"] == "k" and manifest["merged"] == [0] and "updated" in manifest


def test_cluster_codes_and_settings_are_documented(repo_root: Path) -> None:
    import re

    from blocwatch.errors import CODES
    from blocwatch.settings import SETTINGS

    text = (repo_root / "docs" / "cluster.md").read_text(encoding="utf-8")
    assert set(re.findall(r"BW6[01]\d", text)) == {c for c in CODES if re.fullmatch(r"BW6[01]\d", c)}
    for setting in SETTINGS:
        if setting.name.startswith("cluster_"):
            assert f"`{setting.name}`" in text
