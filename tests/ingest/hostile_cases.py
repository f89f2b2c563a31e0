"""A generator of hostile inputs, one case per problem found in the reliability pass
(issue 11), each at a chosen scale. Used by tests/ingest/test_hostile.py (small scale)
and benchmarks/hostile_inputs.py (at the documented limits).

Every case writes good records around the bad one: a run must store the good ones,
quarantine the bad one with its code, and keep memory bounded.

    >>> case = CASES["csv_many_fields"]
    >>> files = case.write(tmp_path, 1000)  # doctest: +SKIP
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GOOD = "Ministers of the Pacific Alliance met in Lima on Thursday to discuss trade and integration in the region"


def good(n: int) -> str:
    return f"{GOOD}, report number {n}."


@dataclass(frozen=True)
class Case:
    """A hostile input: how to write it at a scale, what a run must store and quarantine."""

    name: str
    what: str
    write: Callable[[Path, int], None]
    stored: int  # good records in the case
    codes: dict[str, int]  # quarantine codes expected, with their counts
    settings: dict[str, Any] = field(default_factory=dict)  # limits the small-scale test sets
    test_scale: int = 1
    limit_scale: int = 1  # the scale that reaches the documented (default) limit
    limit_settings: dict[str, Any] = field(default_factory=dict)


def _csv_many_fields(folder: Path, scale: int) -> None:
    with gzip.open(folder / "many-fields.csv.gz", "wt", encoding="utf-8", newline="") as handle:
        handle.write(f'title,text\nOne,"{good(1)}"\n')
        handle.write("x," * scale + "x\n")
        handle.write(f'Two,"{good(2)}"\n')


def _csv_line_over_limit(folder: Path, scale: int) -> None:
    with gzip.open(folder / "long-line.csv.gz", "wb") as handle:
        handle.write(f'title,text\nOne,"{good(3)}"\n'.encode())
        chunk = b"x," * (1 << 19)
        for _ in range(scale):
            handle.write(chunk)
        handle.write(f'x\nTwo,"{good(4)}"\n'.encode())


def _csv_multiline_field(folder: Path, scale: int) -> None:
    with (folder / "multiline-field.csv").open("w", encoding="utf-8", newline="") as handle:
        handle.write(f'title,text\nOne,"{good(5)}"\nHuge,"')
        line = "a fragment, of a field that goes on\n" * 1000
        for _ in range(scale):
            handle.write(line)
        handle.write(f'"\nTwo,"{good(6)}"\n')


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def _jsonl_deep(folder: Path, scale: int) -> None:
    lines = [
        json.dumps({"text": good(7)}),
        '{"text": "deep", "x": ' + _deep(scale) + "}",
        json.dumps({"text": good(8)}),
    ]
    (folder / "deep.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _json_array_deep(folder: Path, scale: int) -> None:
    body = ", ".join(
        [json.dumps({"text": good(9)}), '{"text": "deep", "x": ' + _deep(scale) + "}", json.dumps({"text": good(10)})]
    )
    (folder / "deep.json").write_text(f"[{body}]", encoding="utf-8")


def _gzip_blank_lines(folder: Path, scale: int) -> None:
    with gzip.open(folder / "blank.jsonl.gz", "wb", compresslevel=9) as handle:
        handle.write((json.dumps({"text": good(11)}) + "\n").encode())
        block = b"\n" * (1 << 20)
        for _ in range(scale):
            handle.write(block)
    (folder / "after.txt").write_text(good(12), encoding="utf-8")


def _gzip_bombs(folder: Path, scale: int) -> None:
    for name in ("bomb.txt.gz", "bomb.csv.gz", "bomb.json.gz"):
        with gzip.open(folder / name, "wb", compresslevel=9) as handle:
            block = b"a" * (1 << 20)
            for _ in range(scale):
                handle.write(block)
    (folder / "after.txt").write_text(good(13), encoding="utf-8")


def _many_records(folder: Path, scale: int) -> None:
    lines = [json.dumps({"text": good(100 + i)}) for i in range(scale)]
    (folder / "many.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _slow_file(folder: Path, scale: int) -> None:
    # blank lines cost reading time and store nothing: only the time budget stops them
    with gzip.open(folder / "slow.jsonl.gz", "wb", compresslevel=9) as handle:
        handle.write((json.dumps({"text": good(14)}) + "\n").encode())
        block = b"\n" * (1 << 20)
        for _ in range(scale):
            handle.write(block)
    (folder / "after.txt").write_text(good(15), encoding="utf-8")


def _boms(folder: Path, scale: int) -> None:
    texts = {
        "utf16.jsonl": (json.dumps({"text": good(20)}, ensure_ascii=False) + "\n", "utf-16"),
        "utf32.jsonl": (json.dumps({"text": good(21) + " São Paulo"}, ensure_ascii=False) + "\n", "utf-32"),
        "utf16.csv": (f'title,text\nA,"{good(22)} Bogotá"\n', "utf-16"),
        "utf32.csv": (f'title,text\nB,"{good(23)}"\n', "utf-32"),
        "utf16.json": (json.dumps([{"text": good(24)}]), "utf-16"),
        "utf32.txt": (good(25) + " Brasília", "utf-32"),
        "utf16-be.txt": ("\ufeff" + good(26), "utf-16-be"),
        "utf16.html": (f"<html><body><article><p>{good(27)}</p><p>{good(28)}</p></article></body></html>", "utf-16"),
    }
    for name, (text, encoding) in texts.items():
        (folder / name).write_bytes(text.encode(encoding))


def _broken_utf8(folder: Path, scale: int) -> None:
    text = f"{good(30)} São Paulo y Bogotá. ".encode() + b"\xff" + " Más integración en la región.".encode()
    (folder / "stray.txt").write_bytes(text)
    lines = [json.dumps({"text": good(31) + " São Paulo"}, ensure_ascii=False).encode()]
    lines.append(
        json.dumps({"text": good(32) + " Bogotá €"}, ensure_ascii=False).encode().replace(b"\xe2\x82\xac", b"\x80")
    )
    (folder / "stray.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (folder / "stray.csv").write_bytes(
        f'title,text\nA,"{good(33)} São Paulo"\n'.encode() + b'B,"' + good(34).encode() + b'\x9f"\n'
    )


def _nul_bytes(folder: Path, scale: int) -> None:
    (folder / "nul.txt").write_bytes(good(40).encode() + b"\x00" + b" More text after the byte." * 5)
    (folder / "nul.jsonl").write_bytes(json.dumps({"text": good(41)}).encode().replace(b"Lima", b"Li\x00ma") + b"\n")


def _bad_names(folder: Path, scale: int) -> None:
    import os

    (folder / "a-good.txt").write_text(good(50), encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"bad-\xff-\x1b[31mred.txt"), "wb") as handle:
        handle.write(good(51).encode())
    (folder / "z-good.txt").write_text(good(52), encoding="utf-8")


CASES: dict[str, Case] = {
    case.name: case
    for case in (
        Case("csv_many_fields", "a .csv.gz row of many small fields", _csv_many_fields, 2, {"BW315": 1},
             {"ingest_max_fields": 100}, test_scale=5_000, limit_scale=4_999_990),
        Case("csv_line_over_limit", "a .csv.gz line longer than the record limit (1 MiB per scale unit)",
             _csv_line_over_limit, 2, {"BW305": 1}, {"ingest_max_record_bytes": 100_000}, test_scale=1, limit_scale=200),
        Case("csv_multiline_field", "a quoted CSV field of many lines over the record limit (36 KB per unit)",
             _csv_multiline_field, 2, {"BW305": 1}, {"ingest_max_record_bytes": 100_000}, test_scale=20,
             limit_scale=1_400),
        Case("jsonl_deep", "a JSONL line nested this deep", _jsonl_deep, 2, {"BW314": 1}, {}, test_scale=100_000,
             limit_scale=1_000_000),
        Case("json_array_deep", "a JSON array element nested this deep", _json_array_deep, 2, {"BW314": 1}, {},
             test_scale=100_000, limit_scale=1_000_000),
        Case("gzip_blank_lines", "a .jsonl.gz of blank lines (MiB decompressed)", _gzip_blank_lines, 2, {"BW317": 1},
             {"ingest_max_decompressed_bytes": 2_000_000}, test_scale=8, limit_scale=2_000),
        Case("gzip_bombs", ".txt.gz, .csv.gz, .json.gz bombs (MiB decompressed each)", _gzip_bombs, 1,
             {"BW317": 3}, {"ingest_max_decompressed_bytes": 2_000_000}, test_scale=8, limit_scale=2_000),
        Case("many_records", "a JSONL file of more records than allowed", _many_records, 10, {"BW316": 1},
             {"ingest_max_records_per_file": 10}, test_scale=15, limit_scale=15,
             limit_settings={"ingest_max_records_per_file": 10}),
        Case("slow_file", "a .jsonl.gz of blank lines read past the time budget (MiB)", _slow_file, 2, {"BW318": 1},
             {"ingest_file_seconds": 0.2, "ingest_max_decompressed_bytes": 10**12}, test_scale=100, limit_scale=3_000,
             limit_settings={"ingest_file_seconds": 5.0, "ingest_max_decompressed_bytes": 10**12}),
        Case("boms", "UTF-16/32 with a BOM in JSONL, CSV, JSON, text and HTML", _boms, 8, {}),
        Case("broken_utf8", "a stray byte in UTF-8 text, JSONL and CSV", _broken_utf8, 5, {}),
        Case("nul_bytes", "NUL bytes in text and JSONL", _nul_bytes, 2, {}),
        Case("bad_names", "a file name that is not UTF-8, with an ANSI escape", _bad_names, 3, {}),
    )
}  # fmt: skip
