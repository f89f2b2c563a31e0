"""Text normalization, ids, fingerprints, encodings, language and dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from blocwatch.ingest.language import (
    SAMPLE_CHARS,
    canonical_lang,
    detect_language,
    detector,
    function_word_language,
    lingua_code,
)
from blocwatch.ingest.normalize import article_id, decode_bytes, fingerprint, normalize_text
from blocwatch.ingest.published import date_from_text, parse_published

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]  # fmt: skip
ES_MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre"]  # fmt: skip
PT_MONTHS = ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
             "novembro", "dezembro"]  # fmt: skip

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2026, 1, 1))
filler = st.text(alphabet=st.sampled_from("abcdefghij klmnop,."), max_size=60)


def test_normalize_collapses_spaces_keeps_paragraphs() -> None:
    raw = "  Título\u00a0 de\tla nota \r\n\r\n\r\n\r\nPrimer   párrafo.\u200b\x03\nSegunda línea  "
    assert normalize_text(raw) == "Título de la nota\n\nPrimer párrafo.\nSegunda línea"


def test_normalize_composes_unicode() -> None:
    assert normalize_text("Sa\u0303o Paulo") == "São Paulo"


# spaces, line breaks, controls, zero-width and combining characters, bidi marks
TRICKY = st.sampled_from(list("ab \n\t\r\u00a0\u200b\u0301\u0303\x00\x85\u2028\u3000e\u00e9\ufeff\u202e"))


@settings(max_examples=300, deadline=None)
@given(st.text() | st.text(alphabet=TRICKY))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert article_id(text) == article_id(once)
    assert fingerprint(text) == fingerprint(once)
    assert once == once.strip()
    assert "\n\n\n" not in once


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=12), min_size=1))
def test_id_ignores_spacing(words: list[str]) -> None:
    assert article_id(" ".join(words)) == article_id("  " + "\u00a0 \t".join(words) + " \n")
    assert len(article_id(" ".join(words))) == 64


def test_fingerprint_ignores_boilerplate_case_and_punctuation() -> None:
    body = "Brazil suspended its participation in CELAC on Thursday, the foreign ministry said."
    wire = f"BRASILIA, Jan 16 (Reuters) - {body}\nShare this article\nCopyright 2020 Reuters. All rights reserved."
    republished = f"{body.upper()}\n\nRead more: Brazil and its neighbours\nAdvertisement"
    assert fingerprint(wire) == fingerprint(body) == fingerprint(republished)
    assert fingerprint(body) != fingerprint(body.replace("Thursday", "Friday"))


def test_decode_utf8_latin1_and_binary() -> None:
    text = "A integração regional avança: o Brasil voltou à CELAC em janeiro, disse o ministério. " * 5
    assert decode_bytes(text.encode("utf-8")) == text
    assert decode_bytes(text.encode("latin-1")) == text
    assert decode_bytes(b"\x00\x01\x02binary\xff\xfe" * 20) is None
    assert decode_bytes(bytes(range(256)) * 8) is None


def test_language() -> None:
    assert detect_language("El gobierno de México asumió la presidencia pro tempore de la CELAC en enero.") == "es"
    assert detect_language("O governo brasileiro anunciou que vai suspender a participação do país na CELAC.") == "pt"
    assert detect_language("Russia is ready to establish a mechanism of dialogue and cooperation with CELAC.") == "en"
    assert detect_language("Le gouvernement français a annoncé une nouvelle coopération avec la région.") == "other"
    assert detect_language("12 34 56") == "other"
    assert canonical_lang("pt-BR") == "pt"
    assert canonical_lang("Español") == "es"
    assert canonical_lang("fr") == "other"
    assert canonical_lang("") is None


def test_metadata_dates() -> None:
    assert parse_published("26-FEB-1987 15:01:01.79") == dt.date(1987, 2, 26)
    assert parse_published("Thu, 06 Feb 2020 10:00:00 GMT") == dt.date(2020, 2, 6)
    assert parse_published("2020-02-06T23:30:00-03:00") == dt.date(2020, 2, 6)
    assert parse_published("6 de febrero de 2020") == dt.date(2020, 2, 6)
    assert parse_published(dt.datetime(2020, 2, 6, 12)) == dt.date(2020, 2, 6)


def test_no_date_is_never_today() -> None:
    for value in ("today", "hoy", "ontem", "2 hours ago", "yesterday", "not a date", "", "32/13/2020", "3000-01-01"):
        assert parse_published(value) is None, value
    assert date_from_text("Published today. Yesterday the minister said hoy y mañana.") is None


@settings(max_examples=60, deadline=None)
@given(dates, st.sampled_from(["iso", "en", "en2", "es", "pt"]), filler, filler)
def test_date_found_in_text(day: dt.date, style: str, before: str, after: str) -> None:
    written = {
        "iso": day.isoformat(),
        "en": f"{EN_MONTHS[day.month - 1]} {day.day}, {day.year}",
        "en2": f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}",
        "es": f"{day.day} de {ES_MONTHS[day.month - 1]} de {day.year}",
        "pt": f"{day.day} de {PT_MONTHS[day.month - 1]} de {day.year}",
    }[style]
    lang = {"es": "es", "pt": "pt"}.get(style, "en")
    assert date_from_text(f"{before} {written} {after}", lang=lang) == day


@settings(max_examples=100, deadline=None)
@given(dates)
def test_metadata_iso_round_trip(day: dt.date) -> None:
    assert parse_published(day.isoformat()) == day
    assert parse_published(f"{day.isoformat()}T12:00:00Z") == day


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Nd"]), max_size=80))
def test_text_without_digits_has_no_date(text: str) -> None:
    assert date_from_text(text) is None
    assert parse_published(text) is None


LONG = {
    "en": "The foreign ministers of the region said on Tuesday that they would meet again in March, and that the "
    "talks with the European Union were going well. It was the first meeting of the group this year, which has "
    "been divided over the crisis, and its members have said they will work for a common position.",
    "es": "Los cancilleres de la región dijeron el martes que volverán a reunirse en marzo y que las conversaciones "
    "con la Unión Europea avanzan bien. Fue la primera reunión del grupo este año, pero sus miembros han dicho "
    "también que los temas más difíciles siguen abiertos y que el bloque buscará una posición común.",
    "pt": "Os chanceleres da região disseram na terça-feira que voltarão a se reunir em março e que as conversas "
    "com a União Europeia avançam bem. Foi a primeira reunião do grupo este ano, e os membros do bloco não "
    "esconderam que os temas mais difíceis continuam em aberto, segundo um comunicado do Itamaraty.",
    "other": "Les ministres des affaires étrangères de la région ont déclaré mardi qu'ils se réuniraient à nouveau "
    "en mars et que les discussions avec l'Union européenne avançaient bien. C'était la première réunion du "
    "groupe cette année, et les membres ont dit qu'ils travailleront pour une position commune sur le climat.",
}


def test_function_words_decide_clear_cases_like_lingua() -> None:

    for lang, text in LONG.items():
        assert function_word_language(text) == lang, lang
        assert lingua_code(detector().detect_language_of(text)) == lang
    assert function_word_language("CELAC summit in Mexico City.") is None  # too few words: lingua decides


def test_function_words_agree_with_lingua_on_real_news(wikinews: Path, reuters: Path) -> None:
    import csv
    import json

    csv.field_size_limit(10**8)
    with (wikinews / "wikinews_2020.csv").open(encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    texts += [r["body"] for r in json.loads((reuters / "reut2-005.json").read_text()) if r.get("body")]
    decided = agreed = 0
    for text in texts:
        sample = text[:SAMPLE_CHARS]
        quick = function_word_language(sample)
        if quick is None:
            continue
        decided += 1
        agreed += quick == lingua_code(detector().detect_language_of(sample))
    assert decided >= 0.6 * len(texts)
    assert agreed == decided


def test_storable_and_printable_locations() -> None:
    from blocwatch.ingest.records import printable, storable

    name = "news/bad-\udcff-\x1b[31mred\u202e.txt"
    stored = storable(name)
    assert stored == "news/bad-\\xff-\x1b[31mred\u202e.txt"
    stored.encode("utf-8")  # valid UTF-8 now
    assert printable(stored) == "news/bad-\\xff-\\x1b[31mred\\u202e.txt"
    assert storable("plain/ascii.txt") == "plain/ascii.txt" and printable("São Paulo") == "São Paulo"
    assert storable("lone \ud800 surrogate") == "lone \\ud800 surrogate"


def test_quarantine_listing_escapes_control_characters(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from blocwatch.cli import main

    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "evil-\x1b[2J.txt").write_bytes(b"")
    db = tmp_path / "bw.duckdb"
    runner = CliRunner()
    runner.invoke(main, ["--db", str(db), "ingest", str(tmp_path / "news"), "--no-progress"])
    listed = runner.invoke(main, ["--db", str(db), "quarantine"])
    assert "evil-\\x1b[2J.txt" in listed.output and "\x1b" not in listed.output
