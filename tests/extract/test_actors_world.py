"""The world gazetteer of actors (issue 9): persons of every state by date and office,
places in agent position, organizations, metonyms, armed groups, demonym plurals,
document coreference, the compiled index file and the checks of the gazetteer rows."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from blocwatch.cli import main
from blocwatch.core import Blocwatch
from blocwatch.errors import DataValidationError
from blocwatch.extract.actors import ActorIndex, _data_file, _gazetteer_names, index_path

MAY_2022 = dt.date(2022, 5, 1)


def test_cli_resolves_the_egyptian_foreign_minister(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "--db",
            str(tmp_path / "w.duckdb"),
            "resolve",
            "the Egyptian foreign minister",
            "--date",
            "2022-05-01",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    assert (got["person"], got["country"], got["sector"], got["role"]) == (
        "sameh-shoukry",
        "EGY",
        "GOV",
        "foreign_minister",
    )


@pytest.mark.parametrize(
    ("text", "country", "sector", "org"),
    [
        ("Mirziyoyev", "UZB", "GOV", None),
        ("Downing Street", "GBR", "GOV", None),
        ("Guangzhou authorities", "CHN", "GOV", None),
        ("the Inter-American Development Bank", None, "IGO", "IDB"),
        ("el Banco Interamericano de Desarrollo", None, "IGO", "IDB"),
        ("the IMF", None, "IGO", "IMF"),
        ("o FMI", None, "IGO", "IMF"),
        ("la OMC", None, "IGO", "WTO"),
        ("los venezolanos", "VEN", None, None),
        ("os brasileiros", "BRA", None, None),
        ("Kazakhs", "KAZ", None, None),
        ("o Itamaraty", "BRA", "GOV", None),
        ("the Quai d'Orsay", "FRA", "GOV", None),
        ("FARC rebels", "COL", "REB", None),
        ("the Sinaloa cartel", "MEX", "REB", None),
        ("Sichuan's provincial government", "CHN", "GOV", None),
        ("the Pentagon", "USA", "MIL", None),
        ("Danes", "DNK", None, None),
        ("Spaniards", "ESP", None, None),
        ("the Russian Pacific Fleet", "RUS", "MIL", None),
        ("Taliban fighters", "AFG", "REB", None),
        ("la Comisión Europea", None, "IGO", "EU"),
    ],
)
def test_gazetteer_resolves(
    index: ActorIndex, text: str, country: str | None, sector: str | None, org: str | None
) -> None:
    actor = index.resolve(text, date=MAY_2022)
    assert (actor.country, actor.sector, actor.org) == (country, sector, org)


def test_title_and_date_for_any_state(index: ActorIndex) -> None:
    assert index.resolve("the Jordanian foreign minister", date=dt.date(2022, 9, 1)).person == "ayman-safadi"
    assert index.resolve("the German foreign minister", date=dt.date(2022, 9, 1)).person == "annalena-baerbock"
    assert index.resolve("the British prime minister", date=dt.date(1995, 1, 1)).person == "john-major"
    assert index.resolve("the UN Secretary-General", date=dt.date(2022, 9, 1)).person == "antonio-guterres"


def test_leaders_of_international_organizations(index: ActorIndex) -> None:
    day = dt.date(2022, 9, 1)
    assert index.resolve("the OAS Secretary General", date=day).person == "luis-almagro"
    assert index.resolve("el secretario general de la OEA", date=day).person == "luis-almagro"
    vdl = index.resolve("Ursula von der Leyen", date=day)
    assert (vdl.org, vdl.sector, vdl.role) == ("EU", "IGO", "commission_president")
    assert index.resolve("the chairperson of the African Union Commission", date=day).person == "moussa-faki-mahamat"
    assert (
        index.resolve("the chairperson of the African Union Commission", date=dt.date(2010, 1, 1)).person == "jean-ping"
    )


def test_sourced_additions_fill_the_gap_before_the_snapshots(index: ActorIndex) -> None:
    assert index.resolve("the British prime minister", date=dt.date(2018, 1, 1)).person == "theresa-may"
    assert index.resolve("the German foreign minister", date=dt.date(2019, 6, 1)).person == "heiko-maas"
    assert index.resolve("the Iranian foreign minister", date=dt.date(2019, 6, 1)).person == "mohammad-javad-zarif"
    assert index.resolve("the Iranian foreign minister", date=dt.date(2022, 6, 1)).person == "hossein-amir-abdollahian"


def test_person_resolves_out_of_office_without_the_office(index: ActorIndex) -> None:
    in_office = index.resolve("Boris Johnson", date=dt.date(2020, 1, 1))
    assert (in_office.person, in_office.country, in_office.sector, in_office.role) == (
        "boris-johnson",
        "GBR",
        "GOV",
        "head_of_government",
    )
    out = index.resolve("Boris Johnson", date=dt.date(2023, 6, 1))
    assert (out.person, out.country, out.sector, out.role) == ("boris-johnson", "GBR", None, None)
    assert index.resolve("the British prime minister", date=dt.date(2023, 6, 1)).person != "boris-johnson"


def test_transliteration_variants(index: ActorIndex) -> None:
    assert index.resolve("Sergei Lavrov").person == index.resolve("Sergey Lavrov").person == "sergey-lavrov"


def test_places_are_actors_only_in_agent_position(index: ActorIndex) -> None:
    assert [a.country for a in index.actors("Talks were held in Shanghai on Monday.")] == []
    (actor,) = index.actors("Shanghai authorities said the lockdown would end.")
    assert (actor.text, actor.country, actor.sector) == ("Shanghai authorities", "CHN", "GOV")


def test_place_ambiguity_by_population_and_document(index: ActorIndex) -> None:
    assert index.resolve("Córdoba police").country == "ARG"  # the most populous Córdoba
    text = "Spain's government met on Monday. Córdoba police said two men were arrested."
    police = next(a for a in index.document(text) if a.text.startswith("Córdoba"))
    assert (police.country, police.coref) == ("ESP", "place")


def test_document_coreference(index: ActorIndex) -> None:
    text = (
        "Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister Wang Yi in Moscow. "
        "Wang said the two countries would deepen ties. The minister praised CELAC. "
        "The bloc answered on Tuesday."
    )
    actors = {a.text: a for a in index.document(text, date=dt.date(2020, 2, 6))}
    assert (actors["Wang"].person, actors["Wang"].country, actors["Wang"].coref) == ("wang-yi", "CHN", "surname")
    assert set(actors["the two countries"].countries) == {"RUS", "CHN"}
    minister = next(a for t, a in actors.items() if t.lower() == "minister")
    assert (minister.person, minister.coref) == ("wang-yi", "title")  # the person named last
    bloc = next(a for t, a in actors.items() if t.lower() == "bloc")
    assert (bloc.org, bloc.coref) == ("CELAC", "bloc")


def test_document_bloc_in_spanish_and_portuguese(index: ActorIndex) -> None:
    for text in ("El Mercosur se reunió. El bloque aprobó la declaración.", "O Mercosul se reuniu. O bloco aprovou."):
        bloc = next(a for a in index.document(text) if a.coref == "bloc")
        assert bloc.org == "MERCOSUR"


def test_index_pickles_without_a_connection(index: ActorIndex) -> None:
    clone = pickle.loads(pickle.dumps(index))
    assert clone.resolve("the Egyptian foreign minister", date=MAY_2022).person == "sameh-shoukry"
    assert not any("duckdb" in type(v).__module__ for v in vars(index).values())


def test_build_compiles_the_index_file(bw: Blocwatch) -> None:
    path = ActorIndex.compile(bw.con)
    assert path is not None and path.exists() and path == index_path(path.stem.removeprefix("actors-"))
    loaded = ActorIndex.load(path)
    assert loaded is not None and loaded.version == ActorIndex.for_store(bw.con).version
    assert loaded.resolve("Downing Street").country == "GBR"


def test_stale_or_broken_index_file_is_rebuilt(tmp_path: Path) -> None:
    broken = tmp_path / "actors-x.pickle"
    broken.write_bytes(b"not a pickle")
    assert ActorIndex.load(broken) is None


def _copy_gazetteer(tmp_path: Path) -> Path:
    for name in ("gazetteer.yaml", "parties.yaml", "places.tsv"):
        shutil.copy(_data_file(name), tmp_path / name)
    return tmp_path


def test_bad_gazetteer_rows_get_coded_errors_with_file_and_line(bw: Blocwatch, tmp_path: Path) -> None:
    root = _copy_gazetteer(tmp_path)
    sources = {r[0] for r in bw.con.execute("select id from sources").fetchall()}
    states = {r[0] for r in bw.con.execute("select iso3 from countries").fetchall()}
    _, errors = _gazetteer_names(sources, states, data_dir=root)
    assert errors == []
    with (root / "gazetteer.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "- id: NOWHERE\n  kind: metonym\n  country: XXX\n  names: [Nowhere House]\n  sources: [no-such-source]\n"
        )
        handle.write("- id: NOSOURCE\n  kind: igo\n  names: [Unsourced Fund]\n")
    lines = (root / "gazetteer.yaml").read_text(encoding="utf-8").count("\n")
    with (root / "places.tsv").open("a", encoding="utf-8") as handle:
        handle.write("Atlantis\tZZZ\tcity\t100000\tgazetteer-geonames-cities15000\n")
    place_line = (root / "places.tsv").read_text(encoding="utf-8").count("\n")
    names, errors = _gazetteer_names(sources, states, data_dir=root)
    got = {(e.code.id, e.where) for e in errors}
    assert ("BW101", f"extract/data/gazetteer.yaml:{lines - 7}") in got
    assert ("BW104", f"extract/data/gazetteer.yaml:{lines - 7}") in got
    assert ("BW103", f"extract/data/gazetteer.yaml:{lines - 2}") in got
    assert ("BW101", f"extract/data/places.tsv:{place_line}") in got
    assert not any(name in ("Nowhere House", "Unsourced Fund", "Atlantis") for name, _ in names)


def test_strict_build_raises_on_bad_rows(bw: Blocwatch, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import blocwatch.extract.actors as actors

    root = _copy_gazetteer(tmp_path)
    with (root / "places.tsv").open("a", encoding="utf-8") as handle:
        handle.write("Atlantis\tZZZ\tcity\t100000\tgazetteer-geonames-cities15000\n")
    real = actors._gazetteer_names
    monkeypatch.setattr(actors, "_gazetteer_names", lambda s, t: real(s, t, data_dir=root))
    with pytest.raises(DataValidationError) as info:
        ActorIndex.from_store(bw.con, strict=True)
    assert "places.tsv" in str(info.value) and info.value.code.id == "BW101"
    assert ActorIndex.from_store(bw.con).resolve("Atlantis police").country is None  # lenient: left out
