"""Each subpackage imports on its own, in a fresh interpreter (no import cycles that only
a lucky import order hides), and the library builds a store without the CLI loaded."""

from __future__ import annotations

import subprocess
import sys

import pytest

SUBPACKAGES = [
    "blocwatch",
    "blocwatch.reference",
    "blocwatch.store",
    "blocwatch.ingest",
    "blocwatch.extract",
    "blocwatch.analytics",
    "blocwatch.review",
    "blocwatch.web",
    "blocwatch.demo",
    "blocwatch.cli",
]


@pytest.mark.parametrize("module", SUBPACKAGES)
def test_subpackage_imports_alone(module: str) -> None:
    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_build_from_the_library_alone() -> None:
    code = "from blocwatch import open_blocwatch; bw = open_blocwatch(':memory:'); print(bw.build()['organizations'])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 30
