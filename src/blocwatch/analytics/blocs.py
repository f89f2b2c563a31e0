"""De facto blocs: communities in the UN vote-agreement network, against de jure memberships.

The *universe* is the set of states that were non-observer members of a reference
organization (``universe``, e.g. CELAC) at some time in the period and voted in it. Two
states' agreement is the mean of ``1 - |a - b|`` (yes 1, abstain 0.5, no 0) over the
roll calls of the period on which both voted (pairs sharing fewer than ``min_shared``
roll calls get no edge). UNGA agreement is high for almost every pair, so the network
keeps only what stands out: the edge weight is ``agreement - mean agreement of all
pairs`` where positive. Communities are found with Louvain (networkx, fixed seed).

The de jure partition labels each state with the first organization of ``compare`` it
belonged to (non-observer) on the period's last day, or ``none``. The adjusted Rand
index (scikit-learn) compares the two partitions: 1 identical, about 0 no better than
chance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import networkx as nx
from sklearn.metrics import adjusted_rand_score

from blocwatch.analytics._common import VOTE_VALUE_SQL, DateLike, Result, period, rounded
from blocwatch.analytics.unvotes import require_votes
from blocwatch.errors import E, UsageError

_VALUE = VOTE_VALUE_SQL.format(col="vote")


@dataclass(frozen=True)
class Community(Result):
    id: int
    members: list[str]
    de_jure: dict[str, int]


@dataclass(frozen=True)
class Blocs(Result):
    """Louvain communities of the vote-agreement network and their fit to de jure blocs."""

    universe: str
    compare: list[str]
    start: str
    end: str
    states: list[str]
    communities: list[Community]
    de_jure: dict[str, str]
    adjusted_rand: float | None
    modularity: float | None
    mean_agreement: float | None
    edges: list[tuple[str, str, float]] = field(default_factory=list)
    definition: str = (
        "edges: pairwise UN vote agreement above the network mean (pairs sharing >= min_shared roll calls); "
        "Louvain communities (seed fixed); de jure label: first of `compare` the state belonged to on the last day"
    )


def blocs(
    con: duckdb.DuckDBPyConnection,
    universe: str,
    compare: list[str],
    *,
    start: DateLike = None,
    end: DateLike = None,
    min_shared: int = 10,
    resolution: float = 1.0,
    seed: int = 42,
) -> Blocs:
    """Communities among ``universe``'s members in the period, against membership of ``compare``."""
    require_votes(con)
    if not compare:
        raise UsageError(E.BW502, "blocs needs at least one organization to compare with (compare=...)")
    first, last = period(start, end)
    last_vote = con.execute("select max(date) from un_roll_calls where date <= ?", [last]).fetchone()
    on = min(last, last_vote[0]) if last_vote and last_vote[0] else last
    states = [
        str(r[0])
        for r in con.execute(
            """select distinct member from membership_spells where org = ? and capacity != 'observer'
               and start <= ? and ("end" is null or ? < "end") order by 1""",
            [universe, last, first],
        ).fetchall()
    ]
    pairs = con.execute(
        f"""with v as (
                select v.rcid, v.iso3, {_VALUE} as x from un_votes v join un_roll_calls r on r.rcid = v.rcid
                where r.date between ? and ? and list_contains(?, v.iso3))
            select a.iso3, b.iso3, avg(1 - abs(a.x - b.x)), count(*)
            from v a join v b on a.rcid = b.rcid and a.iso3 < b.iso3
            group by all having count(*) >= ?""",  # noqa: S608 - fixed SQL
        [first, last, states, min_shared],
    ).fetchall()
    voting = sorted({p[0] for p in pairs} | {p[1] for p in pairs})
    de_jure: dict[str, str] = {}
    for state in voting:
        label = "none"
        for org in compare:
            row = con.execute(
                """select 1 from membership_spells where org = ? and member = ? and capacity != 'observer'
                   and start <= ? and ("end" is null or ? < "end") limit 1""",
                [org, state, on, on],
            ).fetchone()
            if row:
                label = org
                break
        de_jure[state] = label
    if len(voting) < 2:
        return Blocs(
            universe, list(compare), first.isoformat(), last.isoformat(), voting, [], de_jure, None, None, None
        )
    mean = sum(float(p[2]) for p in pairs) / len(pairs)
    network = nx.Graph()
    network.add_nodes_from(voting)
    edges = []
    for a, b, agreement, _ in pairs:
        weight = float(agreement) - mean
        if weight > 0:
            network.add_edge(a, b, weight=weight)
            edges.append((str(a), str(b), round(float(agreement), 4)))
    found = nx.community.louvain_communities(network, weight="weight", resolution=resolution, seed=seed)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))
    community_of = {state: i for i, members in enumerate(ordered) for state in members}
    communities = [
        Community(
            id=i,
            members=members,
            de_jure={
                label: sum(1 for s in members if de_jure[s] == label) for label in sorted({de_jure[s] for s in members})
            },
        )
        for i, members in enumerate(ordered)
    ]
    modularity = (
        nx.community.modularity(network, [set(c) for c in ordered], weight="weight")
        if network.number_of_edges()
        else None
    )
    ari = adjusted_rand_score([de_jure[s] for s in voting], [community_of[s] for s in voting])
    return Blocs(
        universe=universe,
        compare=list(compare),
        start=first.isoformat(),
        end=last.isoformat(),
        states=voting,
        communities=communities,
        de_jure=de_jure,
        adjusted_rand=rounded(ari),
        modularity=rounded(modularity),
        mean_agreement=rounded(mean),
        edges=edges,
    )
