"""The incremental JSON array reader against json.loads, at every chunk boundary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blocwatch.ingest.readers import ReadOptions, json_array
from blocwatch.ingest.records import Quarantined, RawRecord

texts = st.text(min_size=1, max_size=40).filter(lambda t: t.strip())
records = st.fixed_dictionaries(
    {"text": texts},
    optional={
        "title": st.text(max_size=20),
        "date": st.just("2020-02-06"),
        "n": st.integers(),
        "x": st.lists(st.integers(), max_size=3),
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(records, max_size=8), st.integers(min_value=1, max_value=64), st.sampled_from([None, 0, 2]))
def test_stream_equals_json_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, items: list[dict[str, Any]], chunk: int, indent: int | None
) -> None:
    monkeypatch.setattr(json_array, "_CHUNK", chunk)
    path = tmp_path / "items.json"
    path.write_text(json.dumps(items, indent=indent, ensure_ascii=False), encoding="utf-8")
    got = list(json_array.JsonArrayReader().read(str(path), ReadOptions()))
    assert all(isinstance(item, RawRecord) for item in got)
    assert [r.text for r in got if isinstance(r, RawRecord)] == [item["text"] for item in items]
    assert [r.location for r in got] == [f"{path}#{i}" for i in range(len(items))]


@pytest.mark.parametrize("chunk", [3, 1 << 20])
def test_syntax_error_keeps_records_before_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(json_array, "_CHUNK", chunk)
    path = tmp_path / "bad.json"
    path.write_text('[{"text": "one"}, {"text": "two"}, {"text": tres}, {"text": "four"}]', encoding="utf-8")
    got = list(json_array.JsonArrayReader().read(str(path), ReadOptions()))
    assert [r.text for r in got if isinstance(r, RawRecord)] == ["one", "two"]
    (bad,) = [r for r in got if isinstance(r, Quarantined)]
    assert (bad.code.id, bad.location) == ("BW303", f"{path}#2")


def test_unclosed_array_is_truncated(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('[{"text": "one"}, {"text": "tw', encoding="utf-8")
    got = list(json_array.JsonArrayReader().read(str(path), ReadOptions()))
    assert [type(r).__name__ for r in got] == ["RawRecord", "Quarantined"]
    assert isinstance(got[1], Quarantined) and got[1].code.id == "BW304"


def test_single_object_and_scalars(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text('{"body": "only one"}', encoding="utf-8")
    (record,) = json_array.JsonArrayReader().read(str(path), ReadOptions())
    assert isinstance(record, RawRecord) and record.text == "only one"
    path.write_text('[1, "two", {"text": "three"}]', encoding="utf-8")
    got = list(json_array.JsonArrayReader().read(str(path), ReadOptions()))
    assert [r.code.id if isinstance(r, Quarantined) else r.text for r in got] == ["BW303", "BW303", "three"]
