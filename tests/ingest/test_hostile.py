"""Hostile input: each case is quarantined or read, never a crash, nothing stored before it lost."""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from blocwatch.core import Blocwatch, open_blocwatch

from ._warc import article_html, write_warc

Count = Callable[[Blocwatch, str], int]

GOOD = "Ministers of the Pacific Alliance met in Lima on Thursday to discuss trade and integration in the region."


def reasons(bw: Blocwatch) -> list[tuple[str, str]]:
    return [(e.reason_code, e.location) for e in sorted(bw.articles.quarantined(), key=lambda e: e.location)]


def test_empty_files_of_every_kind(store: Blocwatch, tmp_path: Path, count: Count) -> None:
    for name in ("a.txt", "b.jsonl", "c.json", "d.csv", "e.html", "f.rss", "g.warc"):
        (tmp_path / name).write_bytes(b"")
    report = store.articles.ingest([str(tmp_path)])
    assert report.stored == 0
    assert report.quarantined == 7
    assert set(report.quarantine_reasons) == {"BW301"}
    assert count(store, "quarantine") == 7


def test_random_bytes_are_binary(store: Blocwatch, tmp_path: Path) -> None:
    junk = random.Random(3).randbytes(20_000)
    for name in ("junk.txt", "junk.bin", "junk.html", "junk.csv"):
        (tmp_path / name).write_bytes(junk)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    report = store.articles.ingest([str(tmp_path / n) for n in ("junk.txt", "junk.bin", "junk.html", "junk.csv")])
    assert report.quarantine_reasons == {"BW302": 4}
    report = store.articles.ingest([str(tmp_path / "good.txt")])
    assert report.stored == 1


def test_random_bytes_as_json_and_warc(store: Blocwatch, tmp_path: Path) -> None:
    junk = random.Random(5).randbytes(5_000)
    (tmp_path / "junk.json").write_bytes(b"[" + junk)
    (tmp_path / "junk.warc").write_bytes(junk)
    (tmp_path / "junk.jsonl").write_bytes(junk)
    report = store.articles.ingest([str(tmp_path)])
    assert report.stored == 0
    assert report.quarantined >= 3


def test_invalid_utf8_and_latin1_text(store: Blocwatch, tmp_path: Path) -> None:
    latin = "La integración regional avanza: el canciller habló en São Paulo sobre la CELAC y la región. " * 4
    (tmp_path / "latin1.txt").write_bytes(latin.encode("latin-1"))
    mixed = ("Texto con bytes rotos \xff\xfe en medio. " * 10).encode("latin-1")
    (tmp_path / "broken.txt").write_bytes(b"Valid start. " + mixed)
    lines = [
        json.dumps({"text": GOOD}).encode(),
        '{"text": "Canción de la integración en São Paulo"}'.encode("latin-1"),
    ]
    (tmp_path / "mixed.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    report = store.articles.ingest([str(tmp_path)])
    assert report.quarantined == 0
    assert report.stored == 4
    texts = [row[0] for row in store.con.execute("select text from articles").fetchall()]
    assert latin.strip() in texts
    assert "Canción de la integración en São Paulo" in texts


def test_bad_json_line_between_good_ones(store: Blocwatch, tmp_path: Path, count: Count) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(
        json.dumps({"text": GOOD + " One."})
        + "\n{not json at all\n"
        + json.dumps(["a", "list"])
        + "\n"
        + json.dumps({"title": "no text here"})
        + "\n"
        + json.dumps({"text": GOOD + " Two."})
        + "\n",
        encoding="utf-8",
    )
    report = store.articles.ingest([str(path)])
    assert report.read == 5
    assert report.stored == 2
    assert reasons(store) == [("BW303", f"{path}:2"), ("BW303", f"{path}:3"), ("BW306", f"{path}:4")]
    assert count(store, "articles") == 2


def test_truncated_gzip_jsonl_keeps_what_came_before(store: Blocwatch, tmp_path: Path) -> None:
    lines = "".join(json.dumps({"text": f"{GOOD} Number {i}."}) + "\n" for i in range(2000))
    data = gzip.compress(lines.encode())
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    report = store.articles.ingest([str(path)])
    assert report.quarantine_reasons == {"BW304": 1}
    assert 0 < report.stored < 2000


def test_truncated_warc_gz(store: Blocwatch, tmp_path: Path) -> None:
    full = tmp_path / "full.warc.gz"
    write_warc(full, [(f"https://example.org/{i}", "text/html; charset=utf-8", article_html(i)) for i in range(20)])
    data = full.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) // 2 + 101])
    report = store.articles.ingest([str(cut)])
    assert report.quarantine_reasons == {"BW304": 1}
    assert 5 <= report.stored < 20
    texts = [row[0] for row in store.con.execute("select text from articles").fetchall()]
    assert all(text.endswith("joint declaration on cooperation.") for text in texts)  # no cut-off page
    (entry,) = store.articles.quarantined()
    assert entry.location.startswith(f"{cut}@")
    # the whole archive afterwards adds only the missing pages
    report = store.articles.ingest([str(full)])
    assert report.stored + report.duplicates == 20


@pytest.mark.parametrize("fraction", [0.1, 0.33, 0.71, 0.999])
@pytest.mark.parametrize("gzipped", [True, False])
def test_warc_cut_anywhere_keeps_only_whole_pages(
    store: Blocwatch, tmp_path: Path, fraction: float, gzipped: bool
) -> None:
    full = tmp_path / ("full.warc.gz" if gzipped else "full.warc")
    write_warc(full, [(f"https://example.org/{i}", "text/html", article_html(i)) for i in range(12)], gzip=gzipped)
    data = full.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    cut.write_bytes(data[: int(len(data) * fraction)])
    report = store.articles.ingest([str(cut)])
    assert report.quarantine_reasons == {"BW304": 1}
    assert report.stored < 12
    texts = [row[0] for row in store.con.execute("select text from articles").fetchall()]
    assert all(text.endswith("joint declaration on cooperation.") for text in texts)


def test_truncated_uncompressed_warc(store: Blocwatch, tmp_path: Path) -> None:
    full = tmp_path / "full.warc"
    write_warc(full, [(f"https://example.org/{i}", "text/html", article_html(i)) for i in range(10)], gzip=False)
    data = full.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: len(data) // 2])
    report = store.articles.ingest([str(cut)])
    assert report.quarantine_reasons == {"BW304": 1}
    assert report.stored >= 3


def test_html_without_body(store: Blocwatch, tmp_path: Path) -> None:
    (tmp_path / "nobody.html").write_text("<html><head><title>Only a title</title></head></html>", encoding="utf-8")
    (tmp_path / "script.html").write_text("<html><body><script>var x = 1;</script></body></html>")
    report = store.articles.ingest([str(tmp_path)])
    assert report.quarantine_reasons == {"BW306": 2}


def test_fifty_megabyte_single_record(store: Blocwatch, tmp_path: Path, count: Count) -> None:
    big = b"x" * (50 * 1024 * 1024)
    path = tmp_path / "big.jsonl"
    with path.open("wb") as handle:
        handle.write(json.dumps({"text": GOOD + " Before."}).encode() + b"\n")
        handle.write(b'{"text": "' + big + b'"}\n')
        handle.write(json.dumps({"text": GOOD + " After."}).encode() + b"\n")
    (tmp_path / "big.txt").write_bytes(big)
    report = store.articles.ingest([str(tmp_path)])
    assert report.stored == 2
    assert reasons(store) == [("BW305", f"{path}:2"), ("BW305", str(tmp_path / "big.txt"))]
    assert count(store, "articles") == 2


def test_record_time_limit(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{GOOD} Paragraph {i}.</p><div><span>{i}</span></div>" for i in range(20_000))
    (tmp_path / "huge.html").write_text(f"<html><body><article>{paragraphs}</article></body></html>")
    (tmp_path / "ok.txt").write_text(GOOD)
    bw = open_blocwatch(":memory:", build=False, extract_on_ingest=False, ingest_record_seconds=0.05)
    try:
        report = bw.articles.ingest([str(tmp_path)])
        assert report.quarantine_reasons == {"BW307": 1}
        assert report.stored == 1
    finally:
        bw.close()


def test_csv_with_bad_rows(store: Blocwatch, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        f'url,date,title,text\nhttps://a.example/1,2020-02-06,One,"{GOOD}"\n'
        "https://a.example/2,2020-02-07,too,many,columns,here\n"
        f'https://a.example/3,not a date,Three,"{GOOD} Three."\n',
        encoding="utf-8",
    )
    report = store.articles.ingest([str(path)])
    assert report.stored == 2
    assert reasons(store) == [("BW303", f"{path}:3")]
    published = dict(store.con.execute("select title, published_source from articles").fetchall())
    assert published == {"One": "metadata", "Three": "unknown"}


def test_missing_path_is_a_usage_error_before_any_write(store: Blocwatch, tmp_path: Path, count: Count) -> None:
    (tmp_path / "ok.txt").write_text(GOOD)
    from blocwatch.errors import UsageError

    with pytest.raises(UsageError) as info:
        store.articles.ingest([str(tmp_path / "ok.txt"), str(tmp_path / "missing.txt")])
    assert info.value.code.id == "BW007"
    assert count(store, "articles") == 0


def test_a_failing_reader_is_quarantined_and_the_run_goes_on(
    store: Blocwatch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blocwatch.ingest.readers import READERS

    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": GOOD + " From JSONL."}) + "\n")

    def broken(location: str, options: object) -> Iterator[object]:
        raise RuntimeError("reader bug")
        yield  # a generator, like the real readers

    monkeypatch.setattr(READERS["text"], "read", broken)
    report = store.articles.ingest([str(tmp_path)])
    assert report.quarantine_reasons == {"BW311": 1}
    assert report.stored == 1
    (entry,) = store.articles.quarantined()
    assert entry.location == str(tmp_path / "a.txt") and "reader bug" in entry.reason


def test_time_limit_outside_the_main_thread(tmp_path: Path) -> None:
    import threading

    paragraphs = "".join(f"<p>{GOOD} Paragraph {i}.</p><div><span>{i}</span></div>" for i in range(20_000))
    (tmp_path / "huge.html").write_text(f"<html><body><article>{paragraphs}</article></body></html>")
    results: list[object] = []

    def work() -> None:
        bw = open_blocwatch(":memory:", build=False, extract_on_ingest=False, ingest_record_seconds=0.05)
        results.append(bw.articles.ingest([str(tmp_path)]).quarantine_reasons)
        bw.close()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert results == [{"BW307": 1}]


def test_quarantine_warnings_are_capped_per_run(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from blocwatch.ingest.articles import QUARANTINE_WARNINGS

    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n" * (QUARANTINE_WARNINGS + 30), encoding="utf-8")
    bw = open_blocwatch(":memory:", data_dir=str(Path(__file__).resolve().parents[1] / "reference/fixtures/mini"))
    with caplog.at_level(logging.WARNING, logger="blocwatch.ingest"):
        report = bw.articles.ingest([bad], stages=[])
    assert report.quarantined == QUARANTINE_WARNINGS + 30
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == QUARANTINE_WARNINGS + 1
    assert "blocwatch quarantine" in warnings[-1].getMessage()
    assert bw.con.execute("select count(*) from quarantine").fetchone() == (QUARANTINE_WARNINGS + 30,)


# --- issue 11: the hostile-input suite (tests/ingest/hostile_cases.py) ----------------------

from blocwatch.cli import main as cli_main  # noqa: E402

from .hostile_cases import CASES, Case  # noqa: E402


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_hostile_case(tmp_path: Path, case: Case, caplog: pytest.LogCaptureFixture) -> None:
    """Good records stored, the bad one quarantined with its code, nothing stored before lost."""
    import logging

    earlier = tmp_path / "earlier.txt"
    earlier.write_text(GOOD + " Stored before the hostile input.", encoding="utf-8")
    folder = tmp_path / "case"
    folder.mkdir()
    case.write(folder, case.test_scale)
    bw = open_blocwatch(tmp_path / "bw.duckdb", build=False, extract_on_ingest=False, **case.settings)
    try:
        assert bw.articles.ingest([str(earlier)]).stored == 1
        with caplog.at_level(logging.WARNING, logger="blocwatch.ingest"):
            report = bw.articles.ingest([str(folder)])
        assert dict(report.quarantine_reasons) == case.codes, [
            (e.location, e.reason) for e in bw.articles.quarantined()
        ]
        assert report.stored == case.stored
        assert bw.articles.count() == case.stored + 1
        texts = [row[0] for row in bw.con.execute("select text from articles").fetchall()]
        assert all(
            "Ministers of the Pacific Alliance met" in text for text in texts
        )  # no fragment of a bad record was stored as an article
        for entry in bw.articles.quarantined():
            setting = next((word for word in entry.reason.replace("(", " ").replace(")", " ").split()
                            if word.startswith("ingest_")), None)  # fmt: skip
            if entry.reason_code in {"BW305", "BW314", "BW315", "BW316", "BW317", "BW318"}:
                assert setting is not None, entry.reason  # the reason names the limit's setting
    finally:
        bw.close()


def test_broken_utf8_is_replaced_per_line_and_counted(
    store: Blocwatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    CASES["broken_utf8"].write(tmp_path, 1)
    with caplog.at_level(logging.WARNING, logger="blocwatch.ingest"):
        store.articles.ingest([str(tmp_path)])
    texts = " ".join(row[0] for row in store.con.execute("select text from articles").fetchall())
    assert "São Paulo y Bogotá. \ufffd Más integración" in texts  # not cp1252 for the whole file
    assert "Bogotá \ufffd" in texts
    assert "Ã" not in texts
    counted = [r.getMessage() for r in caplog.records if "not valid UTF-8" in r.getMessage()]
    assert any("stray.txt: 1 byte(s)" in m for m in counted) and any("stray.csv: 1 byte(s)" in m for m in counted)


def test_nul_bytes_are_stripped_with_a_warning(
    store: Blocwatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    CASES["nul_bytes"].write(tmp_path, 1)
    with caplog.at_level(logging.WARNING, logger="blocwatch.ingest"):
        report = store.articles.ingest([str(tmp_path)])
    assert report.stored == 2 and report.quarantined == 0
    assert any("1 NUL byte(s) stripped" in r.getMessage() for r in caplog.records)
    texts = [row[0] for row in store.con.execute("select text from articles").fetchall()]
    assert any("in Lima on Thursday" in t for t in texts) and not any("\x00" in t for t in texts)


def test_non_utf8_file_name_among_good_files(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from click.testing import CliRunner

    folder = tmp_path / "news"
    folder.mkdir()
    CASES["bad_names"].write(folder, 1)
    db = tmp_path / "bw.duckdb"
    runner = CliRunner()
    with caplog.at_level(logging.WARNING, logger="blocwatch.ingest"):
        result = runner.invoke(cli_main, ["--db", str(db), "ingest", str(folder), "--no-progress", "--json"],
                               env={"BLOCWATCH_EXTRACT_ON_INGEST": "0"})  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored"] == 3
    shown = " ".join(r.getMessage() for r in caplog.records)
    assert "bad-\\xff-\\x1b[31mred.txt" in shown  # shown escaped: no raw ESC reaches the terminal
    assert "\x1b" not in shown
    bw = open_blocwatch(db, build=False)
    locations = sorted(row[0] for row in bw.con.execute("select location from articles").fetchall())
    bw.close()
    assert locations[1].endswith("bad-\\xff-\x1b[31mred.txt")  # stored valid UTF-8 (backslash escape)
    listed = runner.invoke(cli_main, ["--db", str(db), "sql", "select 1"])  # the store stays readable
    assert listed.exit_code == 0


def test_permission_denied_has_its_own_code_and_exit_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from click.testing import CliRunner

    folder = tmp_path / "news"
    (folder / "locked").mkdir(parents=True)
    (folder / "ok.txt").write_text(GOOD + " Readable.", encoding="utf-8")
    (folder / "secret.txt").write_text(GOOD + " Unreadable file.", encoding="utf-8")
    (folder / "locked" / "inside.txt").write_text(GOOD + " Inside an unreadable folder.", encoding="utf-8")
    if os.geteuid() == 0:  # root reads everything: make the file system say no
        real_open, real_scandir = Path.open, os.scandir

        def deny_open(self: Path, *args: object, **kwargs: object) -> object:
            if self.name == "secret.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

        def deny_scandir(path: object = ".") -> object:
            if str(path).endswith("locked"):
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "open", deny_open)
        monkeypatch.setattr(os, "scandir", deny_scandir)
    else:
        (folder / "secret.txt").chmod(0)
        (folder / "locked").chmod(0)
    try:
        db = tmp_path / "bw.duckdb"
        result = CliRunner().invoke(cli_main, ["--db", str(db), "ingest", str(folder), "--no-progress", "--json"],
                                    env={"BLOCWATCH_EXTRACT_ON_INGEST": "0"})  # fmt: skip
        assert result.exit_code == 1, result.output
        report = json.loads(result.stdout)
        assert report["stored"] == 1 and report["skipped"] == 2
        assert report["quarantine_reasons"] == {"BW312": 2}
        assert "BW313" in result.stderr and "2 file(s) or folder(s)" in result.stderr
    finally:
        (folder / "locked").chmod(0o755)
        (folder / "secret.txt").chmod(0o644)


def test_deep_json_gives_no_traceback(store: Blocwatch, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    CASES["jsonl_deep"].write(tmp_path, 200_000)
    CASES["json_array_deep"].write(tmp_path, 200_000)
    with caplog.at_level(logging.DEBUG, logger="blocwatch.ingest"):
        report = store.articles.ingest([str(tmp_path)])
    assert report.stored == 4 and dict(report.quarantine_reasons) == {"BW314": 2}
    assert not [r for r in caplog.records if r.exc_info]
    assert {e.location.rsplit("/", 1)[-1] for e in store.articles.quarantined()} == {"deep.jsonl:2", "deep.json#1"}


@pytest.mark.slow
def test_hostile_suite_memory_is_bounded() -> None:
    """Each heavy case in a fresh process: peak RSS well under 1.5 GB (figures: docs/benchmarks.md)."""
    import sys
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from hostile_inputs import run_case

    heavy = ["csv_many_fields", "csv_line_over_limit", "csv_multiline_field", "gzip_bombs", "jsonl_deep"]
    with tempfile.TemporaryDirectory() as tmp:
        for name in heavy:
            case = CASES[name]
            result = run_case(case, scale="test", workdir=Path(tmp))
            assert result["codes"] == case.codes and result["stored"] == case.stored
            assert result["peak_rss_mb"] < 1500, result
