"""Text normalization, content ids, near-duplicate fingerprints and encodings.

>>> normalize_text("  Hello\\u00a0 world \\r\\n\\r\\n\\r\\nBye ")
'Hello world\\n\\nBye'
>>> article_id("Hello world") == article_id(" Hello   world ")
True
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata

import charset_normalizer

from blocwatch.ingest.records import printable

log = logging.getLogger("blocwatch.ingest")

# --- text -----------------------------------------------------------------------------

_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# control characters (C0 but tab and newline, DEL, C1), bidi controls, separators, surrogates
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


_LINE_EDGES = re.compile(r" ?\n ?")


def normalize_text(text: str) -> str:
    """Unicode NFC, no control characters, one space between words, at most one blank line.

    Line breaks are kept (paragraphs matter for sentence splitting); the result is stable:
    ``normalize_text(normalize_text(t)) == normalize_text(t)``.
    """
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH))
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", text))
    return _BLANK_LINES.sub("\n\n", _LINE_EDGES.sub("\n", text)).strip()


def article_id(text: str) -> str:
    """The id of an article: sha256 (hex) of its normalized text."""
    return hash_normalized(normalize_text(text))


def hash_normalized(normalized: str) -> str:
    """sha256 (hex) of text that is already normalized."""
    return hashlib.sha256(normalized.encode("utf-8", errors="surrogatepass")).hexdigest()


# Boilerplate that republications add or drop: agency bylines, share/read-more lines,
# copyright notices, and a leading dateline such as "LIMA, Feb 6 (Reuters) -".
_BOILERPLATE_LINE = re.compile(
    r"^(?:"
    r"reuters?|ap|afp|efe|agencia efe|xinhua|prensa latina|ansa|dpa|telam|télam|agência brasil"
    r"|advertisement|publicidad|publicidade|anuncio|share|compartir|compartilhar|share this(?: article| story)?"
    r"|(?:read|leia|lee|lea|see|ver|veja) (?:more|mais|más|also|también|também)\b.*"
    r"|related(?: articles?| stories)?\b.*|click here\b.*|follow us\b.*|síguenos\b.*|siga-nos\b.*"
    r"|subscribe\b.*|suscríbete\b.*|assine\b.*|newsletter\b.*"
    r"|(?:©|\(c\)|copyright\b|all rights reserved|todos los derechos reservados|todos os direitos reservados).*"
    r")$"
)
_DATELINE = re.compile(
    r"^[^\n()]{0,60}\((?:reuters?|ap|afp|efe|xinhua|ansa|dpa|prensa latina|telam|télam|agência brasil)\)\s*[-—–:]*\s*"
)
_NON_WORD = re.compile(r"[\W_]+")


def fingerprint(text: str, *, normalized: bool = False) -> str:
    """A key equal for texts that differ only in boilerplate, case, punctuation and spacing."""
    kept = []
    for line in (text if normalized else normalize_text(text)).casefold().split("\n"):
        if not line or (len(line) < 200 and _BOILERPLATE_LINE.match(line)):
            continue
        kept.append(line)
    body = _DATELINE.sub("", "\n".join(kept), count=1)
    core = _NON_WORD.sub(" ", body).strip()
    return hashlib.sha256(core.encode("utf-8")).hexdigest()


# --- encodings ---------------------------------------------------------------------

_SAMPLE = 65536


def decode_bytes(data: bytes, *, where: str | None = None) -> str | None:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16/32 with a BOM, else the
    encoding charset-normalizer detects. ``None`` when the bytes are binary, not text.

    A few NUL bytes are stripped (with a warning naming ``where``). Bytes that are mostly
    UTF-8 (at least one valid multi-byte sequence) with some invalid ones are decoded as
    UTF-8 with U+FFFD for each invalid byte, and a warning gives their count, instead of
    switching the whole text to a legacy code page.
    """
    from blocwatch.ingest.readers.base import bom_encoding

    declared = bom_encoding(data[:4])
    if declared is not None:
        try:
            return data[declared[1] :].decode(declared[0])
        except UnicodeDecodeError:
            return None
    nuls = data.count(0, 0, _SAMPLE * 4)
    if nuls:
        if nuls > max(1, len(data[: _SAMPLE * 4]) // 100):
            return None
        data = data.replace(b"\x00", b"")
        log.warning("%s: %d NUL byte(s) stripped", printable(where or "input"), nuls)
    text = decode_mostly_utf8(data, where=where)
    if text is None:
        encoding = detect_encoding(data[: _SAMPLE * 4])
        if encoding is None:
            return None
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            return None
    return None if looks_binary(text) else text


_ESCAPED = re.compile("[\udc80-\udcff]")
_VALID_NON_ASCII = re.compile("[\u0080-\udc7f\udd00-\U0010ffff]")


def decode_mostly_utf8(data: bytes, *, where: str | None = None) -> str | None:
    """``data`` as UTF-8, invalid bytes replaced by U+FFFD (with a warning and their count)
    when it is mostly UTF-8: at least one valid multi-byte character, and no more invalid
    bytes than valid non-ASCII characters (or 4). ``None`` otherwise: a legacy encoding
    such as Latin-1 (no valid multi-byte character), or binary."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED.findall(escaped))
    valid = len(_VALID_NON_ASCII.findall(escaped))
    if not valid or bad > max(4, valid):  # a legacy encoding, or binary
        return None
    log.warning("%s: %d byte(s) not valid UTF-8, replaced by U+FFFD", printable(where or "input"), bad)
    return _ESCAPED.sub("\ufffd", escaped).removeprefix("\ufeff")


_WESTERN = ["cp1252", "latin_1", "iso8859_15"]


def detect_encoding(sample: bytes) -> str | None:
    """The encoding of bytes that are not UTF-8, by charset-normalizer.

    Western encodings (Windows-1252, Latin-1), by far the most common for en/es/pt news,
    win when they read the bytes about as cleanly as the overall best guess (which on
    short samples is often a Central European code page).
    """
    general = charset_normalizer.from_bytes(sample).best()
    western = charset_normalizer.from_bytes(sample, cp_isolation=_WESTERN).best()
    if western is not None and (general is None or western.chaos <= general.chaos + 0.1):
        return str(western.encoding)
    return str(general.encoding) if general is not None else None


def looks_binary(text: str) -> bool:
    """Whether decoded text is really binary junk: many control or unassigned characters."""
    sample = text[:_SAMPLE]
    if not sample:
        return False
    odd = sum(1 for ch in sample if ch not in "\n\r\t\f" and unicodedata.category(ch) in {"Cc", "Cn", "Co", "Cs"})
    return odd / len(sample) > 0.01
