"""Settings: precedence, type errors, and the generated reference doc."""

from __future__ import annotations

from pathlib import Path

import pytest

from blocwatch.errors import UsageError
from blocwatch.settings import Settings, settings_markdown


def test_environment_beats_file_beats_default(tmp_path: Path) -> None:
    config = tmp_path / "blocwatch.toml"
    config.write_text('[blocwatch]\ndb = "/from/file.duckdb"\ndata_dir = "/data"\n')
    settings = Settings(environ={"BLOCWATCH_DB": "/from/env.duckdb"}, config_file=config)
    assert settings.get("db") == "/from/env.duckdb"
    assert settings.get("data_dir") == "/data"


def test_unknown_setting_in_file_is_a_coded_error(tmp_path: Path) -> None:
    config = tmp_path / "blocwatch.toml"
    config.write_text("[blocwatch]\nno_such_thing = 1\n")
    with pytest.raises(UsageError) as info:
        Settings(environ={}, config_file=config)
    assert info.value.code.id == "BW005"


def test_default_db_is_in_the_user_data_dir() -> None:
    assert Settings(environ={}).get("db").endswith("blocwatch.duckdb")


def test_docs_settings_md_matches_the_code(repo_root: Path) -> None:
    doc = repo_root / "docs" / "settings.md"
    assert doc.read_text(encoding="utf-8") == settings_markdown(), (
        "docs/settings.md is out of date: run `blocwatch settings --markdown > docs/settings.md`"
    )


def test_secrets_are_masked_when_listed() -> None:
    settings = Settings(environ={"BLOCWATCH_TOKEN": "s3cret"})
    assert settings.get("token") == "s3cret"
    shown = {s.name: value for s, value, _ in settings.items()}
    assert shown["token"] == "***"
    assert "s3cret" not in repr(settings.items())
