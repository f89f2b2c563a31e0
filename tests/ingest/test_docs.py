"""docs/ingest.md stays in step with the code: readers, error codes, fields, settings."""

from __future__ import annotations

import re
from pathlib import Path

from blocwatch.errors import CODES
from blocwatch.ingest.readers import DEFAULT_KEYS, READERS
from blocwatch.settings import SETTINGS


def doc(repo_root: Path) -> str:
    return (repo_root / "docs" / "ingest.md").read_text(encoding="utf-8")


def test_every_reader_is_documented(repo_root: Path) -> None:
    text = doc(repo_root)
    for reader in READERS.values():
        assert f"| `{reader.format}` | `{reader.name}` |" in text, reader.name


def test_every_ingestion_error_code_is_documented(repo_root: Path) -> None:
    documented = set(re.findall(r"BW3\d\d", doc(repo_root)))
    assert documented == {code for code in CODES if code.startswith("BW3")}


def test_default_field_keys_are_documented(repo_root: Path) -> None:
    lines = doc(repo_root).splitlines()
    table = lines[lines.index("| field | keys tried |") :]
    for field, keys in DEFAULT_KEYS.items():
        row = next(line for line in table if line.startswith(f"| `{field}` |"))
        assert re.findall(r"`([^`]+)`", row)[1 : len(keys) + 1] == list(keys), field


def test_ingestion_settings_are_documented(repo_root: Path) -> None:
    text = doc(repo_root)
    names = [s.name for s in SETTINGS if s.name.startswith("ingest_") or s.name == "extract_on_ingest"]
    assert names
    for name in names:
        assert f"| `{name}` |" in text, name
