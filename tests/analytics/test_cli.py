"""The measure commands: text tables and --json, on the invented data."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from blocwatch.cli import _common, main
from blocwatch.core import Blocwatch


@pytest.fixture
def run(votes_bw: Blocwatch, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    monkeypatch.setattr(_common.CliState, "open", lambda self, build=True, write=False: votes_bw)
    monkeypatch.setattr(_common.CliState, "close", lambda self: None)
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str]:
        result = runner.invoke(main, list(args))
        return result.exit_code, result.output

    yield invoke


def test_alignment(run) -> None:  # type: ignore[no-untyped-def]
    code, out = run("alignment", "Argentina", "--with", "RUS,OTHERBLOC", "--json")
    assert code == 0
    body = json.loads(out)
    assert body["powers"] == ["RUS", "OTHERBLOC"] and len(body["votes"]) == 6
    code, out = run("alignment", "ARG", "--with", "RUS")
    assert code == 0 and "0.500" in out and "events per year" in out


def test_overlap_matrix_and_churn(run) -> None:  # type: ignore[no-untyped-def]
    code, out = run("overlap-matrix", "TB", "OB", "--on", "2011-01-01", "--json")
    assert code == 0 and json.loads(out)["jaccard"][0][1] == 0.6667
    code, out = run("overlap-matrix", "TESTBLOC", "OTHERBLOC", "--on", "2011-01-01")
    assert code == 0 and "0.667" in out
    code, out = run("churn", "TESTBLOC", "--from", "2015", "--to", "2015", "--json")
    assert code == 0 and json.loads(out)[0]["exits"] == 1


def test_blocs_and_multipolarity(run) -> None:  # type: ignore[no-untyped-def]
    code, out = run(
        "blocs", "TESTBLOC", "--compare", "OTHERBLOC", "--from", "2009", "--to", "2012", "--min-shared", "3"
    )
    assert code == 0 and "adjusted Rand index vs OTHERBLOC: 1.000" in out
    code, out = run("multipolarity", "TESTBLOC", "--json")
    assert code == 0 and json.loads(out)["years"][0]["hhi"] == 0.5556
    code, out = run("cohesion", "TESTBLOC", "--events")
    assert code == 0 and "0.500" in out


def test_errors_are_coded_with_json(run) -> None:  # type: ignore[no-untyped-def]
    code, out = run("cohesion", "Atlantis", "--json")
    assert code == 2 and json.loads(out.splitlines()[0])["error"]["code"] == "BW001"
    code, out = run("blocs", "TESTBLOC", "--compare", "OTHERBLOC", "--from", "2013", "--to", "2012")
    assert code == 2 and "BW502" in out
