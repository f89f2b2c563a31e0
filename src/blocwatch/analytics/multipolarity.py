"""Outside engagement and multipolarity of a region's external ties, from coded events.

The region is an organization's membership (e.g. CELAC): an event is *external* when one
side is a state that was a non-observer member on the event's date and the other side a
state that was not (an *outside power*); negated and future events are left out. Per
year, each outside power's share of the external events, and their Herfindahl index
``HHI = Σ share²`` (1: a single partner; 1/k: k equal partners) with the effective number
of partners ``1 / HHI``. ``powers`` restricts the partners counted (shares then sum to 1
over those powers).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import duckdb

from blocwatch.analytics._common import DateLike, Result, period, rounded, table_exists

_EXTERNAL_SQL = """
    with e as (
        select e.id, e.date, e.actor_country as a, e.recipient_country as b
        from events e
        where e.actor_country is not null and e.recipient_country is not null
          and e.actor_country != e.recipient_country
          and not coalesce(e.negated, false) and not coalesce(e.future, false) and e.date between ? and ?
    ),
    flagged as (
        select e.*,
          exists (select 1 from membership_spells s where s.org = ? and s.member = e.a and s.capacity != 'observer'
                  and s.start <= e.date and (s."end" is null or e.date < s."end")) as a_in,
          exists (select 1 from membership_spells s where s.org = ? and s.member = e.b and s.capacity != 'observer'
                  and s.start <= e.date and (s."end" is null or e.date < s."end")) as b_in
        from e
    )
    select year(date) as year, case when a_in then b else a end as partner, count(*) as n
    from flagged where a_in != b_in group by all
"""


@dataclass(frozen=True)
class PartnerShare(Result):
    partner: str
    events: int
    share: float


@dataclass(frozen=True)
class MultipolarityRow(Result):
    year: int
    events: int
    hhi: float | None
    effective_partners: float | None
    partners: list[PartnerShare]


@dataclass(frozen=True)
class Multipolarity(Result):
    """Per year: shares of the region's external events by outside power, and their HHI."""

    org: str
    powers: list[str]
    years: list[MultipolarityRow]
    definition: str = (
        "external events: one side an active member of the organization on the event date, the other not "
        "(negated/future left out); share per outside power; HHI = sum of squared shares"
    )


def multipolarity(
    con: duckdb.DuckDBPyConnection,
    org_id: str,
    *,
    powers: list[str] | None = None,
    start: DateLike = None,
    end: DateLike = None,
) -> Multipolarity:
    """Shares of each outside power in the region's external events and their Herfindahl index."""
    if not table_exists(con, "events"):
        return Multipolarity(org=org_id, powers=list(powers or []), years=[])
    first, last = period(start, end)
    rows = con.execute(_EXTERNAL_SQL, [first, last, org_id, org_id]).fetchall()
    by_year: dict[int, dict[str, int]] = defaultdict(dict)
    for year, partner, count in rows:
        if powers and partner not in powers:
            continue
        by_year[int(year)][str(partner)] = int(count)
    years = []
    for year in sorted(by_year):
        counts = by_year[year]
        total = sum(counts.values())
        shares = sorted(
            (PartnerShare(p, n, round(n / total, 4)) for p, n in counts.items()), key=lambda s: (-s.events, s.partner)
        )
        hhi = sum((n / total) ** 2 for n in counts.values()) if total else None
        years.append(
            MultipolarityRow(
                year=year,
                events=total,
                hhi=rounded(hhi),
                effective_partners=rounded(1 / hhi, 2) if hhi else None,
                partners=shares,
            )
        )
    return Multipolarity(org=org_id, powers=list(powers or []), years=years)
