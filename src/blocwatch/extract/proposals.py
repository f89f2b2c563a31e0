"""Proposed updates of the knowledge graph (component ``proposals.v1``).

Rules over a sentence and its actors find:

* membership changes: a state joins, suspends its participation in, withdraws from
  (or announces it will leave) or returns to an organization;
* presidency handovers ("o presidente do Paraguai passou a Presidência do bloco ao
  presidente do Uruguai"), assumptions, and observations ("Mexico, which holds the
  rotating presidency of CELAC");
* dialogue mechanisms created or proposed with an outside partner, with their condition;
* meetings of a known mechanism;
* cooperation areas (keywords of the ``areas`` table) proposed for an organization.

Each proposal carries its evidence and is stored as ``pending``; nothing here changes the
reference graph.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from blocwatch.extract.actors import Actor
from blocwatch.extract.lexicon import PhraseMatcher, fold

COMPONENT = "proposals.v1"

_B = r"(?<![\w])"

_MEMBERSHIP: dict[str, list[tuple[str, str]]] = {
    "en": [
        ("suspended_self", r"suspend\w* (its|their|his|her) (participation|membership)"),
        (
            "withdrawal_notified",
            r"(announc|notif)\w* (its|their) (withdrawal|exit|departure)|(will|would|to) (withdraw|leave|quit|exit)",
        ),
        (
            "withdrawn",
            r"withdr(ew|aws?|awn|awing) from|(leaves|left|quit|quits|exited|abandoned) (the )?|pull(s|ed)? out of",
        ),
        (
            "returned",
            r"return(s|ed|ing)? to|rejoin(s|ed|ing)?|re-join\w*|reinstat\w*|resum\w* (its|their) (participation|membership)",
        ),
        (
            "joined",
            r"join(s|ed|ing)?|accede[sd]? to|acceded|admitted (as|to|into)|became a (full )?member|accession to",
        ),
    ],
    "es": [
        ("suspended_self", r"suspend\w* su (participacion|membresia)"),
        ("withdrawal_notified", r"anunci\w* (su )?(retiro|salida)|(va|iba) a (retirarse|salir)|se retirara"),
        ("withdrawn", r"se retir(a|o|aron|an)? de|(abandon|dej)(a|o|aron|an) (el|la)|salida de|sali(o|eron) de"),
        ("returned", r"(regres|retorn)\w* a|reincorpor\w*|volv(io|ieron|e) a|reingres\w*"),
        (
            "joined",
            r"ingres(a|o|aron|ar|ara) (a|al|en)|se (sum|adhi|incorpor)\w* a|adhesion a|nuevo miembro|miembro pleno",
        ),
    ],
    "pt": [
        ("suspended_self", r"suspend\w* (sua|a sua) (participacao|adesao)"),
        ("withdrawal_notified", r"anunci\w* (sua |a sua )?(saida|retirada)|(vai|ira) (sair|se retirar|deixar)"),
        ("withdrawn", r"se retir(a|ou|aram)? d|(deix|abandon)(a|ou|aram) (o|a)|saiu d|saida d"),
        ("returned", r"(retorn|volt)\w* (a|ao|à)|reintegr\w*|reingress\w*"),
        ("joined", r"ingress(a|ou|aram|ar) n|ader(e|iu|iram) a|adesao a|novo membro|membro pleno"),
    ],
}

_PRESIDENCY: dict[str, list[tuple[str, str]]] = {
    "en": [
        (
            "handover",
            r"(hand\w*|pass\w*|transferr?\w*) (over |on )?the (rotating |pro tempore |pro-tempore |temporary )?(presidency|chair\w*)",
        ),
        (
            "handover",
            r"(assum|took|take|takes|taking)\w* (over )?the (rotating |pro tempore |pro-tempore |temporary )?(presidency|chair\w*)",
        ),
        (
            "holds",
            r"(hold|holds|held|holding|chairs|chairing) the (rotating |pro tempore |pro-tempore |temporary )?(presidency|chair\w*)",
        ),
    ],
    "es": [
        ("handover", r"(traspas|entreg|pas|transfi?r|transmit|cedi|cede)\w* la presidencia"),
        ("handover", r"asum\w* la presidencia"),
        ("holds", r"(ejerce|ocupa|ostenta|detenta|tiene)\w* la presidencia"),
    ],
    "pt": [
        ("handover", r"(pass|transfer|transmit|entreg)\w* a presidencia"),
        ("handover", r"assum\w* a presidencia"),
        ("holds", r"(exerce|ocupa|detem|tem)\w* a presidencia"),
    ],
}

_TO_HOLDER = {"en": r"\bto\b", "es": r"\b(a|al)\b", "pt": r"\b(ao|a|à)\b"}
_BLOC_WORDS = re.compile(
    r"\b(the bloc|the group|del bloque|do bloco|of the bloc|del grupo|do grupo|da comunidade|de la comunidad)\b"
)

_MECHANISM_NOUN = re.compile(r"\b(mechanism|forum|dialogue|format|mecanismo|foro|forum|dialogo|mecanismo de dialogo)\b")
_CREATE = {
    "en": r"\b(establish\w*|creat\w*|set(s|ting)? up|launch\w*|propos\w*|institutionali[sz]\w*|form(s|ed)?)\b",
    "es": r"\b(establec\w*|crea\w*|creo|lanz\w*|propon\w*|propus\w*|institucionaliz\w*|conform\w*)\b",
    "pt": r"\b(estabelec\w*|cria\w*|criou|lanc\w*|propo\w*|propos\w*|institucionaliz\w*)\b",
}
_PAST_CREATE = re.compile(
    r"\b(established|created|launched|set up|formed|establecio|creo|crearon|lanzaron|estabeleceu|criou|criaram|lancaram)\b"
)
_CONDITION = {
    "en": r"\b(as soon as|once|if|provided that|when)\b[^,.;]*",
    "es": r"\b(en cuanto|una vez que|tan pronto como|siempre que|si|cuando)\b[^,.;]*",
    "pt": r"\b(assim que|logo que|uma vez que|desde que|se|quando)\b[^,.;]*",
}
_PROPOSAL_WORDS = re.compile(
    r"\b(propos\w*|will|would|plan\w*|propon\w*|propus\w*|propo\w*|offer\w*|ofrec\w*|ofere\w*)\b"
)
_MEETING = re.compile(
    r"\b(summit|ministerial meeting|ministerial|meeting of|forum meeting|cumbre|reunion ministerial|reunion del|cupula|reuniao ministerial|reuniao d)\w*"
)
_COOPERATION = re.compile(r"\b(cooperat\w*|co-operat\w*|cooperac\w*|colabor\w*|partnership|asociacion|parceria)\b")


_LIST_GAP = re.compile(r"^(\s*,\s*|\s+(and|y|e)\s+|\s*,\s*(and|y|e)\s+)$")


def _state_run(low: str, states: Sequence[Actor], position: int) -> list[str]:
    """The states named just before ``position``, with those listed before them
    ("Argentina, Brasil, Chile e Peru suspenderam …" gives all four)."""
    before = [a for a in states if a.end <= position and a.country]
    if not before:
        return []
    run = [before[-1]]
    for actor in reversed(before[:-1]):
        if _LIST_GAP.match(low[actor.end : run[0].start]):
            run.insert(0, actor)
        else:
            break
    return list(dict.fromkeys(a.country for a in run if a.country))


@dataclass(frozen=True)
class MechanismRef:
    id: str
    org: str
    partner: str


class ProposalRules:
    """The proposal rules with what they need from the graph (areas, mechanisms)."""

    def __init__(self, areas: dict[str, PhraseMatcher[str]], mechanisms: Sequence[MechanismRef]) -> None:
        self.areas = areas
        self.mechanisms = list(mechanisms)
        self._membership = {lang: [(c, re.compile(_B + p)) for c, p in rules] for lang, rules in _MEMBERSHIP.items()}
        self._presidency = {lang: [(c, re.compile(_B + p)) for c, p in rules] for lang, rules in _PRESIDENCY.items()}

    @classmethod
    def from_store(cls, con: duckdb.DuckDBPyConnection) -> ProposalRules:
        rows = con.execute("select id, keywords_en, keywords_es, keywords_pt from areas").fetchall()
        areas: dict[str, PhraseMatcher[str]] = {}
        for position, lang in enumerate(("en", "es", "pt"), start=1):
            areas[lang] = PhraseMatcher((str(word), str(row[0])) for row in rows for word in (row[position] or []))
        mechanisms = [MechanismRef(*r) for r in con.execute("select id, org, partner from mechanisms").fetchall()]
        return cls(areas, mechanisms)

    def sentence(
        self,
        text: str,
        actors: Sequence[Actor],
        *,
        lang: str,
        date: dt.date | None,
        context_org: str | None,
    ) -> list[tuple[str, str | None, str | None, str, dict[str, Any], float]]:
        """Proposals of one sentence as (kind, org, member, change, payload, confidence)."""
        lang = lang if lang in _MEMBERSHIP else "en"
        low = fold(text)
        orgs = [a for a in actors if a.org and not a.country]
        states = [a for a in actors if a.country and not a.org]
        out: list[tuple[str, str | None, str | None, str, dict[str, Any], float]] = []
        out.extend(self._presidencies(low, actors, orgs, states, lang, date, context_org))
        if orgs:
            out.extend(self._memberships(low, orgs, states, lang, date))
            out.extend(self._mechanisms(low, orgs, states, lang, date))
        out.extend(self._areas(text, low, orgs, states, lang, context_org))
        return out

    # --- memberships ------------------------------------------------------------------
    def _memberships(
        self, low: str, orgs: Sequence[Actor], states: Sequence[Actor], lang: str, date: dt.date | None
    ) -> list[tuple[str, str | None, str | None, str, dict[str, Any], float]]:
        out: list[tuple[str, str | None, str | None, str, dict[str, Any], float]] = []
        taken: list[tuple[int, int]] = []
        for change, pattern in self._membership[lang]:
            for match in pattern.finditer(low):
                if any(s <= match.start() < e for s, e in taken):
                    continue
                org = next((a for a in orgs if a.start >= match.start() and a.start - match.end() <= 40), None)
                members = _state_run(low, states, match.start())
                if org is None or not members:
                    continue
                taken.append((match.start(), match.end()))
                for member in members:
                    payload = {
                        "org": org.org,
                        "member": member,
                        "event": change,
                        "date": date.isoformat() if date else None,
                        "capacity": "member" if change == "joined" else None,
                    }
                    out.append(("membership", org.org, member, change, payload, 0.6))
        return out

    # --- presidencies -----------------------------------------------------------------
    def _presidencies(
        self,
        low: str,
        actors: Sequence[Actor],
        orgs: Sequence[Actor],
        states: Sequence[Actor],
        lang: str,
        date: dt.date | None,
        context_org: str | None,
    ) -> list[tuple[str, str | None, str | None, str, dict[str, Any], float]]:
        out: list[tuple[str, str | None, str | None, str, dict[str, Any], float]] = []
        for change, pattern in self._presidency[lang]:
            match = pattern.search(low)
            if match is None:
                continue
            org_actor = next((a for a in orgs if a.start >= match.end() and a.start - match.end() <= 30), None)
            org_id = org_actor.org if org_actor else None
            if org_id is None and _BLOC_WORDS.search(low, match.end()):
                org_id = context_org
            if org_id is None:
                org_id = next((a.org for a in orgs), None)
            if org_id is None:
                continue
            before = [a for a in states if a.end <= match.start()]
            after = [a for a in states if a.start >= match.end()]
            to_holder = re.compile(_TO_HOLDER[lang])
            holder: Actor | None
            previous: Actor | None
            if change == "handover" and after and to_holder.search(low, match.end(), after[-1].start + 1):
                holder, previous = after[0], (before[-1] if before else None)
                if any(w in match.group() for w in ("assum", "took", "take")):
                    holder, previous = (before[-1] if before else after[0]), None
            else:
                holder, previous = (before[-1] if before else None), None
            if holder is None or holder.country is None:
                continue
            day = date.isoformat() if date else None
            if change == "holds":
                payload: dict[str, Any] = {"org": org_id, "holder": holder.country, "on": day}
                out.append(("presidency", org_id, holder.country, "holds", payload, 0.7))
            else:
                payload = {"org": org_id, "holder": holder.country, "start": day}
                if previous is not None and previous.country and previous.country != holder.country:
                    payload["previous"] = previous.country
                out.append(("presidency", org_id, holder.country, "handover", payload, 0.65))
            break
        return out

    # --- mechanisms and meetings --------------------------------------------------------
    def _mechanisms(
        self, low: str, orgs: Sequence[Actor], states: Sequence[Actor], lang: str, date: dt.date | None
    ) -> list[tuple[str, str | None, str | None, str, dict[str, Any], float]]:
        out: list[tuple[str, str | None, str | None, str, dict[str, Any], float]] = []
        noun = _MECHANISM_NOUN.search(low)
        create = re.search(_CREATE[lang], low)
        org = orgs[-1] if orgs else None
        partner = next((a for a in states if org is not None and a.end <= org.start), None) or (
            states[0] if states else None
        )
        if noun and create and org is not None and partner is not None and partner.country:
            proposed = bool(_PROPOSAL_WORDS.search(low)) or not _PAST_CREATE.search(low)
            condition_match = re.search(_CONDITION[lang], low)
            condition = None
            if condition_match is not None:
                condition = low[condition_match.start() : condition_match.end()].strip()
            status = "proposed" if proposed or condition else "established"
            payload: dict[str, Any] = {
                "org": org.org,
                "partner": partner.country,
                "status": status,
                "condition": condition,
                "areas": [],
                "date": date.isoformat() if date else None,
            }
            out.append(("mechanism", org.org, partner.country, status, payload, 0.6 if condition or proposed else 0.55))
        if _MEETING.search(low) and org is not None:
            partners = {a.country for a in states if a.country}
            known = [m for m in self.mechanisms if m.org == org.org and m.partner in partners]
            for mechanism in known:
                payload = {
                    "mechanism": mechanism.id,
                    "org": mechanism.org,
                    "partner": mechanism.partner,
                    "date": date.isoformat() if date else None,
                }
                out.append(("meeting", mechanism.org, mechanism.partner, "meeting", payload, 0.5))
        return out

    # --- areas ------------------------------------------------------------------------
    def _areas(
        self,
        text: str,
        low: str,
        orgs: Sequence[Actor],
        states: Sequence[Actor],
        lang: str,
        context_org: str | None,
    ) -> list[tuple[str, str | None, str | None, str, dict[str, Any], float]]:
        matcher = self.areas.get(lang)
        if matcher is None or not _COOPERATION.search(low):
            return []
        found: list[str] = []
        for match in matcher.find(text, folded=low):
            if match.payload not in found:
                found.append(match.payload)
        org_id = orgs[-1].org if orgs else context_org
        if not found or org_id is None:
            return []
        partner = next((a.country for a in states if a.country), None)
        payload = {"org": org_id, "partner": partner, "areas": found}
        return [("area", org_id, partner, "area", payload, 0.55)]
