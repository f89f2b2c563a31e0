"""Bad reference data is refused with coded errors naming file and line."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from blocwatch.errors import DataValidationError
from blocwatch.reference.build import load_and_validate


@pytest.fixture
def broken(tmp_path: Path, mini_data_dir: Path) -> Callable[[str, str, str], DataValidationError]:
    """Copy the mini data set, apply one text replacement, return the validation error."""

    def apply(relpath: str, old: str, new: str) -> DataValidationError:
        root = tmp_path / "data"
        shutil.copytree(mini_data_dir, root)
        target = root / relpath
        text = target.read_text(encoding="utf-8")
        assert old in text, f"fixture text {old!r} not found in {relpath}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(DataValidationError) as info:
            load_and_validate(root)
        return info.value

    return apply


def _codes(error: DataValidationError) -> list[tuple[str, str | None]]:
    return [(e.code.id, e.where) for e in error.errors]


def test_mini_data_is_valid(mini_data_dir: Path) -> None:
    data = load_and_validate(mini_data_dir)
    assert len(data.memberships) == 12


def test_unknown_org_id(broken: Callable[..., DataValidationError]) -> None:
    err = broken("memberships/test.csv", "OTHERBLOC,BRA,joined", "OTHERBLOK,BRA,joined")
    assert ("BW101", "memberships/test.csv:11") in _codes(err)


def test_unknown_member(broken: Callable[..., DataValidationError]) -> None:
    err = broken("memberships/test.csv", "OTHERBLOC,MEX,joined", "OTHERBLOC,XXX,joined")
    assert ("BW101", "memberships/test.csv:12") in _codes(err)


def test_fact_without_source(broken: Callable[..., DataValidationError]) -> None:
    err = broken(
        "presidencies/test.csv", "TESTBLOC,ARG,2000-01-01,2001-01-01,,t-src", "TESTBLOC,ARG,2000-01-01,2001-01-01,,"
    )
    assert ("BW103", "presidencies/test.csv:2") in _codes(err)


def test_unknown_source(broken: Callable[..., DataValidationError]) -> None:
    err = broken("organizations/test.yaml", "sources: [t-src]", "sources: [nope]")
    assert ("BW104", "organizations/test.yaml:1") in _codes(err)


def test_overlapping_presidencies(broken: Callable[..., DataValidationError]) -> None:
    err = broken("presidencies/test.csv", "TESTBLOC,BRA,2001-01-01", "TESTBLOC,BRA,2000-06-01")
    assert ("BW105", "presidencies/test.csv:3") in _codes(err)


def test_exit_before_entry(broken: Callable[..., DataValidationError]) -> None:
    err = broken("memberships/test.csv", "TESTBLOC,ARG,joined,2000-01-01", "TESTBLOC,ARG,joined,2016-01-01")
    assert [c for c in _codes(err) if c[0] == "BW106"]


def test_membership_before_founding(broken: Callable[..., DataValidationError]) -> None:
    err = broken("memberships/test.csv", "OTHERBLOC,BRA,joined,2005-02-01", "OTHERBLOC,BRA,joined,2004-02-01")
    assert ("BW107", "memberships/test.csv:11") in _codes(err)


def test_malformed_date(broken: Callable[..., DataValidationError]) -> None:
    err = broken("memberships/test.csv", "2003-06,associate", "2003-13,associate")
    assert ("BW003", "memberships/test.csv:4") in _codes(err)


def test_bad_yaml_is_reported_with_line(broken: Callable[..., DataValidationError]) -> None:
    err = broken(
        "organizations/test.yaml",
        "status: active\n  region: LAC\n  sources: [t-src]\n- id: OTHERBLOC",
        "status: [active\n- id: OTHERBLOC",
    )
    assert any(
        code == "BW100" and where and where.startswith("organizations/test.yaml:") for code, where in _codes(err)
    )


def test_invalid_capacity(broken: Callable[..., DataValidationError]) -> None:
    err = broken("memberships/test.csv", "2006,observer", "2006,spectator")
    assert ("BW108", "memberships/test.csv:13") in _codes(err)


def test_message_tells_what_to_do(broken: Callable[..., DataValidationError]) -> None:
    err = broken("memberships/test.csv", "OTHERBLOC,BRA,joined", "OTHERBLOK,BRA,joined")
    text = str(err)
    assert "OTHERBLOK" in text and "memberships/test.csv:11" in text and "blocwatch build" in text
