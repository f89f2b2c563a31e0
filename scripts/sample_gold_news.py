"""Sample the sentences of the hand-labelled Portuguese/Spanish news gold set.

Source: a scrape of Agência Brasil (EBC) news pages from 2016, kept in the public
repository LabOnNonDemocraticPolitics/AgenciaBrasil, file ``abs2016_utf-8_short.txt``
(commit 987dc117541b35c3fb3d74cd6fdbd36ab4cef4d9). The text is Agência Brasil's,
published under a Creative Commons Attribution licence (see benchmarks/gold/README.md);
the repository's own GPL-3.0 licence covers its scraping code, which is not used here.

The script reads the file from the fetched git snapshot (a bare git directory is fine),
parses its 55 article blocks, drops the agency's site notices (corrections and outage
notes, whose title starts with "Agência Brasil"), drops photo captions, sub-headings,
"related articles" lists and credit lines, splits paragraphs into sentences and then:

- Portuguese (pages without ``/es/`` in the URL): keeps every sentence of the
  ``politica`` and ``internacional`` desks (where the political events are) and at most
  ``--pt-per-article`` sentences of any other article, chosen with
  ``random.Random(seed)`` and kept in text order;
- Spanish (``/es/`` pages, the agency's Spanish edition): keeps every sentence, since
  there are few of them.

Articles whose byline does not credit Agência Brasil itself (one is "Da Agência Lusa",
one has no byline) are dropped after the draw, because the agency's licence does not
extend to copy from other sources. It writes unlabelled candidates (one JSON object per line) that were then labelled by
hand into benchmarks/gold/{pt,es}_news.jsonl; ids are ``<doc_id>-s<NN>`` where NN is the
sentence's position in its article, so they stay stable.

    python3 scripts/sample_gold_news.py /work/.mirror/LabOnNonDemocraticPolitics+AgenciaBrasil/repo/.git \
        --out /tmp/gold_candidates.jsonl

Two more sources were added in a second round (``--source``), each read from its fetched
snapshot at a recorded commit, with its own seed (``SEED2``):

- ``bosque_ud`` (Portuguese): the released dev and test files of the Universal
  Dependencies treebank UD_Portuguese-Bosque (CC BY-SA 4.0). Its documents are short
  news excerpts from the Portuguese daily Público (CETEMPúblico, 1991–1998) and the
  Brazilian Folha de S. Paulo (CETENFolha, 1994), with the desk and half-year in each
  sentence's ``# source`` comment. Every sentence of a drawn excerpt is kept; excerpts
  are drawn in a seeded order until ``--bosque-political`` sentences come from the
  political desks (Público ``pol``, Folha ``Brasil`` and ``Mundo``) and
  ``--bosque-other`` sentences from all the other desks.
- ``pud_es`` (Spanish): the news half (sentence ids ``n…``) of UD_Spanish-PUD
  (CC BY-SA 3.0), professional Spanish translations of sentences drawn from news
  articles (most originally English; ids ``n05…`` were written in Spanish). Every
  originally Spanish document is kept, then documents in a seeded order until
  ``--pud-sentences`` sentences.

    python3 scripts/sample_gold_news.py /work/.mirror/UniversalDependencies+UD_Portuguese-Bosque/repo \
        --source bosque_ud --out /tmp/bosque_candidates.jsonl
    python3 scripts/sample_gold_news.py /work/.mirror/UniversalDependencies+UD_Spanish-PUD/repo \
        --source pud_es --out /tmp/pud_candidates.jsonl
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

COMMIT = "987dc117541b35c3fb3d74cd6fdbd36ab4cef4d9"
FILE = "abs2016_utf-8_short.txt"
SEED = 20261202
SOURCE_KEY = "agenciabrasil_2016_lndp"
# Portuguese articles from these desks keep every sentence: they hold most of the political events
FULL_SECTIONS = frozenset({"politica", "internacional"})

# second round (2026-12-03): other outlets and years, from Universal Dependencies treebanks
SEED2 = 20261203
BOSQUE = {
    "key": "bosque_ud",
    "repo": "UniversalDependencies/UD_Portuguese-Bosque",
    "commit": "5de7ac34028ff6d1718031a4b0ae895717ed8dbe",
    "files": ("pt_bosque-ud-dev.conllu", "pt_bosque-ud-test.conllu"),
}
PUD_ES = {
    "key": "pud_es",
    "repo": "UniversalDependencies/UD_Spanish-PUD",
    "commit": "818a82b8628c9cbec78750c7e83ccba34b9ce22b",
    "files": ("es_pud-ud-test.conllu",),
}
# Bosque desks whose excerpts hold most of the political events
BOSQUE_POLITICAL = frozenset({"sec=pol", "sec=pol-soc", "cad=Brasil", "cad=Mundo"})

_ABBREV = re.compile(
    r"(?:\b(?:Sr|Sra|Dr|Dra|Prof|Profa|Gen|Cel|Ten|Sto|Sta|St|art|arts|inc|nº|n|p|pp|Av|av|etc|EUA|Jr|ex)\.|\b[A-Z]\.)$"
)
_SPLIT = re.compile(r"(?<=[.!?])[\"”’»)]*\s+(?=[\"“«(]?[A-ZÁÉÍÓÚÂÊÔÃÕÀÇÑ¿¡0-9])")
_CREDIT = re.compile(r"(Direitos Reservados|/Agência Brasil|/ABr|Arquivo/|/Arquivo|Reuters/|/Reuters|^\*|Colaborou)")


def read_source(git_dir: str, commit: str = COMMIT) -> str:
    out = subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{commit}:{FILE}"], check=True, capture_output=True
    ).stdout
    return out.decode("utf-8")


def split_sentences(paragraph: str) -> list[str]:
    pieces = _SPLIT.split(paragraph.strip())
    sentences: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if sentences and _ABBREV.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def _is_body_paragraph(par: str) -> bool:
    par = par.strip()
    if len(par) < 25 or not re.search(r"[.!?][\"”’»)]*$", par):
        return False  # sub-headings, empty lines, lists of related headlines
    return not _CREDIT.search(par)


def _own_byline(byline: str) -> bool:
    """True when the byline credits Agência Brasil itself (the licence does not cover other agencies' copy)."""
    return "Agência Brasil" in byline and not re.search(r"Lusa|Ansa|EFE|Reuters|AFP", byline)


def parse_articles(text: str) -> list[dict[str, Any]]:
    articles: list[dict[str, Any]] = []
    for block in text.split("************************************"):
        lines = [ln for ln in block.strip().splitlines() if ln.startswith(("b'", 'b"'))]
        if len(lines) < 4:
            continue
        values = [ast.literal_eval(ln).decode("utf-8") for ln in lines]
        url, title, stamp, byline = values[:4]
        if title.startswith("Agência Brasil"):
            continue  # site notices: corrections, outages
        day, month, year = re.match(r"(\d\d)/(\d\d)/(\d{4})", stamp).groups()  # type: ignore[union-attr]
        slug = url.rstrip("/").rsplit("/", 1)[-1]
        doc_id = "abr16-" + hashlib.sha1(url.encode()).hexdigest()[:8]
        paragraphs = [p for v in values[4:] for p in v.split("\n")]
        sentences = [s for p in paragraphs if _is_body_paragraph(p) for s in split_sentences(p)]
        articles.append(
            {
                "doc_id": doc_id,
                "lang": "es" if "/es/" in url else "pt",
                "url": url,
                "title": title,
                "slug": slug,
                "section": url.split("ebc.com.br/", 1)[1].split("/noticia")[0],
                "date": f"{year}-{month}-{day}",
                "byline": byline,
                "sentences": sentences,
            }
        )
    return articles


def read_conllu_texts(git_dir: str, source: dict[str, Any]) -> list[dict[str, str]]:
    """The ``# text`` of every sentence in the source's files, with its ids and comments, in file order."""
    out: list[dict[str, str]] = []
    for name in source["files"]:
        text = subprocess.run(
            ["git", "--git-dir", git_dir, "show", f"{source['commit']}:{name}"], check=True, capture_output=True
        ).stdout.decode("utf-8")
        doc = ""
        for block in text.split("\n\n"):
            comments = dict(
                ln[2:].split(" = ", 1) for ln in block.strip().splitlines() if ln.startswith("# ") and " = " in ln
            )
            doc = comments.get("newdoc_id") or comments.get("newdoc id") or doc
            if "sent_id" in comments and "text" in comments:
                sent = {
                    "doc": doc,
                    "file": name,
                    "sent_id": comments["sent_id"].strip(),
                    "text": comments["text"].strip(),
                }
                sent["meta"] = comments.get("source", "").strip()
                out.append(sent)
    return out


def _whole_sentence(text: str) -> bool:
    """Drops titles, bylines and fragments: keeps text of 25+ characters ending like a sentence."""
    return len(text) >= 25 and bool(re.search(r"[.!?][\"”’»)]*$", text)) and not re.match(r"(Título|Autor):", text)


def sample_bosque(sentences: list[dict[str, str]], political: int, other: int, seed: int) -> list[dict[str, Any]]:
    docs: dict[str, list[dict[str, str]]] = {}
    for s in sentences:
        docs.setdefault(s["doc"], []).append(s)
    order = sorted(docs)
    random.Random(seed).shuffle(order)
    quota = {True: political, False: other}
    rows: list[dict[str, Any]] = []
    for doc in order:
        meta = docs[doc][0].get("meta", "")
        desk = next((m for m in meta.split() if m.startswith(("sec=", "cad="))), "")
        if meta.startswith("CETENFolha"):
            desk = next((m for m in meta.split() if m.startswith("cad=")), desk)
        is_pol = desk in BOSQUE_POLITICAL
        kept = [(i, s) for i, s in enumerate(docs[doc]) if _whole_sentence(s["text"])]
        if not kept or quota[is_pol] <= 0:
            continue
        quota[is_pol] -= len(kept)
        sem = re.search(r"sem=(\d\d)([ab])", meta)
        period = f"19{sem.group(1)}-H{1 if sem.group(2) == 'a' else 2}" if sem else None
        outlet = "Público" if meta.startswith("CETEMPúblico") else "Folha de S. Paulo"
        for i, s in kept:
            rows.append(
                {
                    "id": f"bosq-{doc}-s{i + 1:02d}",
                    "doc_id": f"bosq-{doc}",
                    "lang": "pt",
                    "text": s["text"],
                    "date": None,
                    "period": period,
                    "source": BOSQUE["key"],
                    "url": f"https://github.com/{BOSQUE['repo']}/blob/{BOSQUE['commit']}/{s['file']}",
                    "title": None,
                    "outlet": outlet,
                    "section": desk.split("=", 1)[-1] or None,
                }
            )
    return rows


def sample_pud(sentences: list[dict[str, str]], total: int, seed: int) -> list[dict[str, Any]]:
    docs: dict[str, list[dict[str, str]]] = {}
    for s in sentences:
        if s["sent_id"].startswith("n"):  # the news half; "w" ids are Wikipedia
            docs.setdefault(s["doc"], []).append(s)
    order = sorted(docs)
    random.Random(seed).shuffle(order)
    order.sort(key=lambda d: not d.startswith("n05"))  # originally Spanish documents first (stable sort)
    rows: list[dict[str, Any]] = []
    for doc in order:
        if len(rows) >= total:
            break
        for s in docs[doc]:
            position = int(s["sent_id"][len(doc) :])  # the sentence's number in the original article
            rows.append(
                {
                    "id": f"pud-{doc}-s{position:02d}",
                    "doc_id": f"pud-{doc}",
                    "lang": "es",
                    "text": s["text"],
                    "date": None,
                    "source": PUD_ES["key"],
                    "url": f"https://github.com/{PUD_ES['repo']}/blob/{PUD_ES['commit']}/{s['file']}",
                    "title": None,
                    "original_language": {"01": "en", "02": "de", "03": "fr", "04": "it", "05": "es"}[doc[1:3]],
                }
            )
    return rows


def sample(articles: list[dict[str, Any]], pt_per_article: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for art in sorted(articles, key=lambda a: a["doc_id"]):
        idx = list(range(len(art["sentences"])))
        if art["lang"] == "pt" and len(idx) > pt_per_article:
            idx = sorted(rng.sample(idx, pt_per_article))
            if art["section"] in FULL_SECTIONS:
                # the draw above still happens, so the other articles' samples do not depend on this rule
                idx = list(range(len(art["sentences"])))
        if not _own_byline(art["byline"]):
            continue  # drawn above all the same, so the other articles' samples do not change
        for i in idx:
            rows.append(
                {
                    "id": f"{art['doc_id']}-s{i + 1:02d}",
                    "doc_id": art["doc_id"],
                    "lang": art["lang"],
                    "text": art["sentences"][i],
                    "date": art["date"],
                    "source": SOURCE_KEY,
                    "url": art["url"],
                    "title": art["title"],
                    "section": art["section"],
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("git_dir", help="git directory of the fetched snapshot of the chosen source")
    parser.add_argument("--source", choices=[SOURCE_KEY, BOSQUE["key"], PUD_ES["key"]], default=SOURCE_KEY)
    parser.add_argument("--commit", default=None, help="override the recorded commit (Agência Brasil only)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--pt-per-article", type=int, default=10)
    parser.add_argument("--seed2", type=int, default=SEED2, help="seed of the second-round sources")
    parser.add_argument("--bosque-political", type=int, default=230)
    parser.add_argument("--bosque-other", type=int, default=175)
    parser.add_argument("--pud-sentences", type=int, default=250)
    parser.add_argument("--out", type=Path, default=None, help="output JSONL (default: stdout)")
    args = parser.parse_args(argv)
    if args.source == BOSQUE["key"]:
        rows = sample_bosque(
            read_conllu_texts(args.git_dir, BOSQUE), args.bosque_political, args.bosque_other, args.seed2
        )
    elif args.source == PUD_ES["key"]:
        rows = sample_pud(read_conllu_texts(args.git_dir, PUD_ES), args.pud_sentences, args.seed2)
    else:
        rows = sample(parse_articles(read_source(args.git_dir, args.commit or COMMIT)), args.pt_per_article, args.seed)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    counts = {lang: sum(r["lang"] == lang for r in rows) for lang in ("pt", "es")}
    docs = {lang: len({r["doc_id"] for r in rows if r["lang"] == lang}) for lang in ("pt", "es")}
    print(f"sentences {counts}, articles {docs}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
