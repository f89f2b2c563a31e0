"""The README's command examples run as written (docs that match the code)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from blocwatch.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"
# Examples that need an outside file (COW, UN votes), write files or run a server are exercised elsewhere.
NEEDS_MORE = {"import", "check", "serve", "ingest", "demo", "export", "cohesion", "alignment", "blocs"}


def _examples() -> list[list[str]]:
    out = []
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\$ blocwatch (.+?)(\s+#.*)?$", line)
        if match:
            args = shlex.split(match.group(1))
            if args[0] not in NEEDS_MORE:
                out.append(args)
    return out


def test_readme_has_examples() -> None:
    assert len(_examples()) >= 8


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("readme") / "readme.duckdb"
    assert CliRunner().invoke(main, ["--db", str(path), "build"]).exit_code == 0
    return str(path)


@pytest.mark.parametrize("args", _examples(), ids=lambda a: " ".join(a))
def test_readme_example_runs(db: str, args: list[str]) -> None:
    result = CliRunner().invoke(main, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
