"""Dated status histories of mechanisms and agreements, and the status on a date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from blocwatch.core import Blocwatch
from blocwatch.errors import DataValidationError
from blocwatch.reference.build import load_and_validate


def test_status_on_a_date_follows_the_history(mini_bw: Blocwatch) -> None:
    def on(day: str) -> tuple[str | None, dict[str, str]]:
        (mech,) = mini_bw.graph.mechanisms("TESTBLOC", partner="RUS", on=day)
        return mech.status_on, mech.parties_on

    assert on("2015-01-01") == (None, {})
    assert on("2016-06-01") == ("active", {})
    assert on("2018-01-01") == ("active", {"BRA": "ratified"})  # a party's step leaves the status
    assert on("2020-02-06") == ("proposed", {"BRA": "ratified"})
    (mech,) = mini_bw.graph.mechanisms("TESTBLOC", partner="RUS")
    assert mech.status == "proposed" and mech.status_on is None and len(mech.history) == 3


def test_out_of_order_or_unknown_status_is_refused(tmp_path: Path, mini_data_dir: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(mini_data_dir, root)
    (path,) = sorted((root / "mechanisms").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    text = text.replace("{date: 2017, status: ratified", "{date: 2014, status: ratifyed", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_and_validate(root)
    messages = [e.message for e in info.value.errors if e.code.id == "BW142"]
    assert any("ratifyed" in m for m in messages) and any("out of date order" in m for m in messages)


def test_eu_mercosur_history_differs_between_2020_and_today(bw: Blocwatch) -> None:
    (then,) = bw.graph.mechanisms("MERCOSUR", partner="EU", on="2020-01-01")
    (now,) = bw.graph.mechanisms("MERCOSUR", partner="EU", on="2026-12-02")
    assert then.status_on == "concluded"
    assert now.status_on == "provisionally_applied"
    assert set(now.parties_on) == {"ARG", "BRA", "PRY", "URY"}
    assert all(step.sources for step in now.history)


def test_russia_celac_history_keeps_the_seed_answer(bw: Blocwatch) -> None:
    (mech,) = bw.graph.mechanisms("CELAC", partner="RUS", on="2020-02-06")
    assert (mech.status, mech.status_on) == ("proposed", "proposed")
    assert [h.status for h in mech.history if h.date.startswith("2015")] == ["active"]
    (mech_2016,) = bw.graph.mechanisms("CELAC", partner="RUS", on="2016-01-01")
    assert mech_2016.status_on == "active"


def test_russia_celac_dormancy_between_the_2017_meeting_and_the_2020_offer(bw: Blocwatch) -> None:
    (mech,) = bw.graph.mechanisms("CELAC", partner="RUS", on="2019-12-01")
    assert mech.status_on == "dormant"
    (dormant,) = [h for h in mech.history if h.status == "dormant"]
    assert dormant.date == "2019-07-11" and len(dormant.sources) == 2
    (seed,) = bw.graph.mechanisms("CELAC", partner="RUS", on="2020-02-06")
    assert seed.status_on == "proposed"
