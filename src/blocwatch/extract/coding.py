"""Which articles are coded, and by what: the ``article_coding`` table, and re-coding.

Every coded article gets a row ``(article_id, coded_by, components, events, coded_at)``
written right after its events and proposals are committed. ``coded_by`` is the key of
the coder (:func:`coded_by_key`: its configuration hash, or a hash of its component ids
with versions); ``events`` is how many events the coding stored. An article is

- **missing** when it has no row (stored, never coded: a run killed between the article
  batch and its coding, or ingested with ``extract_on_ingest`` off);
- **stale** when its ``coded_by`` is not the current coder's (a component was upgraded);
- **inconsistent** when the events table no longer holds the count recorded (events
  deleted or lost).

Coding is idempotent (an article's events and pending proposals are replaced by the same
ids), so the row written after the commit makes a kill at any moment safe: the article
is then missing and coded again. ``blocwatch ingest`` codes missing articles first;
``blocwatch recode`` codes missing, stale and inconsistent ones.

    >>> bw.recode(since="2020-01-01")  # doctest: +SKIP
    RecodeReport(missing=0, stale=120, inconsistent=0, coded=120, events=431, proposals=9)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import duckdb

from blocwatch.dates import parse_date

if TYPE_CHECKING:
    from blocwatch.core import Blocwatch

log = logging.getLogger(__name__)

_CHUNK = 5000


def coded_by_key(extractor: Any) -> str:
    """The identity of a coder: its ``config_hash`` when it has one, else a hash of its
    component ids with versions (``["sentences.v1", …]``)."""
    config_hash = getattr(extractor, "config_hash", None)
    if isinstance(config_hash, str) and config_hash:
        return config_hash
    joined = "\n".join(extractor.components)
    return "components:" + hashlib.sha256(joined.encode("utf-8")).hexdigest()[:20]


def _base(component: str) -> str:
    """``"quad_clf.v2"`` → ``"quad_clf"``."""
    name, dot, version = component.rpartition(".")
    return name if dot and version.startswith("v") and version[1:].isdigit() else component


@dataclass(frozen=True)
class Pending:
    """Articles to code, by why."""

    missing: list[str]
    stale: list[str]
    inconsistent: list[str]

    @property
    def ids(self) -> list[str]:
        return [*self.missing, *self.stale, *self.inconsistent]


@dataclass
class RecodeReport:
    """What one re-coding did."""

    missing: int = 0
    stale: int = 0
    inconsistent: int = 0
    coded: int = 0
    events: int = 0
    proposals: int = 0

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


def pending(
    con: duckdb.DuckDBPyConnection,
    *,
    key: str,
    components: Sequence[str],
    stale: bool = True,
    inconsistent: bool = True,
    since: str | None = None,
    only: Sequence[str] | None = None,
) -> Pending:
    """The articles (not near-duplicates, which are never coded) still to code.

    ``only`` narrows staleness to the named components (``["quad_clf"]``): an article is
    then stale when its recorded version of one of them differs from the current one.
    ``since`` keeps articles published on or after that date.
    """
    clauses = ["a.duplicate_of is null"]
    params: list[Any] = []
    if since:
        clauses.append("a.published >= ?")
        params.append(parse_date(since).value)
    where = " and ".join(clauses)
    missing = [
        row[0]
        for row in con.execute(
            f"select a.id from articles a anti join article_coding c on c.article_id = a.id where {where} order by a.id",  # noqa: S608
            params,
        ).fetchall()
    ]
    stale_ids: list[str] = []
    if stale:
        rows = con.execute(
            f"select a.id, c.coded_by, c.components from articles a join article_coding c on c.article_id = a.id"  # noqa: S608
            f" where {where} order by a.id",
            params,
        ).fetchall()
        current = {_base(c): c for c in components}
        wanted = {_base(c) for c in only} if only else None
        for article_id, coded_by, recorded in rows:
            if wanted is None:
                if coded_by != key:
                    stale_ids.append(article_id)
                continue
            before = {_base(c): c for c in recorded or []}
            if any(before.get(name) != current.get(name) for name in wanted):
                stale_ids.append(article_id)
    bad: list[str] = []
    if inconsistent:
        skip = set(stale_ids)
        sql = (
            "with counted as (select doc_id, count(*) as n from events group by doc_id)"  # noqa: S608
            " select a.id from articles a join article_coding c on c.article_id = a.id"
            f" left join counted e on e.doc_id = a.id where {where} and c.events <> coalesce(e.n, 0) order by a.id"
        )
        rows = con.execute(sql, params).fetchall()
        bad = [row[0] for row in rows if row[0] not in skip]
    return Pending(missing, stale_ids, bad)


def mark_coded(
    con: duckdb.DuckDBPyConnection, article_ids: Sequence[str], *, key: str, components: Sequence[str]
) -> int:
    """Record that ``article_ids`` were coded by ``key`` (call after their events are committed).

    Only articles that coding reads (not near-duplicates) are marked; the event count of
    each is taken from the events table as it now stands. Returns how many were marked.
    """
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    marked = 0
    for start in range(0, len(article_ids), _CHUNK):
        chunk = list(article_ids[start : start + _CHUNK])
        con.execute("begin transaction")
        try:
            con.execute(
                "insert or replace into article_coding"
                " select a.id, ?, ?::varchar[], coalesce(e.n, 0), ? from articles a"
                " left join (select doc_id, count(*) as n from events where doc_id in (select unnest(?))"
                " group by doc_id) e on e.doc_id = a.id"
                " where a.duplicate_of is null and a.id in (select unnest(?))",
                [key, list(components), now, chunk, chunk],
            )
            row = con.execute(
                "select count(*) from article_coding where article_id in (select unnest(?)) and coded_at = ?",
                [chunk, now],
            ).fetchone()
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        marked += int(row[0]) if row else 0
    return marked


def code_articles(bw: Blocwatch, article_ids: Sequence[str]) -> dict[str, int]:
    """Code stored articles into events and proposals, then record their coding state."""
    extractor = bw.events.extractor
    counts = bw.events.extract_articles(list(article_ids))
    mark_coded(bw.con, article_ids, key=coded_by_key(extractor), components=extractor.components)
    return counts


def _chunks(ids: Sequence[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def recode(
    bw: Blocwatch,
    *,
    since: str | None = None,
    components: Sequence[str] | None = None,
    everything: bool = False,
    dry_run: bool = False,
    batch_size: int | None = None,
) -> RecodeReport:
    """Code every article whose coding is missing, stale or inconsistent (``everything``:
    all articles), in batches; ``dry_run`` only counts them."""
    extractor = bw.events.extractor
    key = coded_by_key(extractor)
    found = pending(bw.con, key=key, components=extractor.components, since=since, only=components)
    report = RecodeReport(missing=len(found.missing), stale=len(found.stale), inconsistent=len(found.inconsistent))
    ids = found.ids
    if everything:
        sql = "select id from articles where duplicate_of is null"
        params: list[Any] = []
        if since:
            sql += " and published >= ?"
            params.append(parse_date(since).value)
        ids = [row[0] for row in bw.con.execute(sql + " order by id", params).fetchall()]
    if dry_run:
        return report
    size = max(1, batch_size or int(bw.settings.get("ingest_batch_size")))
    for chunk in _chunks(ids, size):
        counts = code_articles(bw, chunk)
        report.coded += counts["documents"]
        report.events += counts["events"]
        report.proposals += counts["proposals"]
        log.info(
            "re-coded %d articles: %d events, %d proposals", counts["documents"], counts["events"], counts["proposals"]
        )
    return report


def missing_articles(bw: Blocwatch) -> list[str]:
    """Articles stored but never coded (what a resumed ingest codes first)."""
    con = bw.con
    rows = con.execute(
        "select a.id from articles a anti join article_coding c on c.article_id = a.id"
        " where a.duplicate_of is null order by a.id"
    ).fetchall()
    return [row[0] for row in rows]
