"""Proposed updates of the knowledge graph (component ``proposals.v2``).

    >>> rules = ProposalRules.from_store(bw.con)  # doctest: +SKIP
    >>> rules.proposals(sentence, actors, doc_id="d1", lang="en", date=day)  # doctest: +SKIP
    [Proposal(kind='membership', change='declined', relation='new', ...)]

Rules over one sentence and its actors find:

* membership changes: applied, invited, joined, associate, observer, suspended (by
  itself or by the organization), withdrawal notified, withdrawn, returned, declined;
* presidency handovers with the incoming and (when named) outgoing holder, and
  observations ("Mexico, which holds the rotating presidency of CELAC");
* dialogue mechanisms proposed or created with an outside partner, with their condition;
  meetings of a known mechanism; cooperation areas proposed for an organization.

The patterns of each language live in ``extract/lang/<lang>/proposals.yaml``; this module
holds only how they are read:

* **Reading the sentence.** Cues in the clause before a trigger change the proposal. A
  refusal ("refused to join", "rechazó sumarse") or a negation ("will not join", "no se
  incorporará") turns a joining into ``declined``; a negated exit, suspension or return
  gives nothing. Intentions and possibilities ("could", "plans to", "busca") give
  nothing, conditionals ("if", "si", "caso") and questions give nothing, and a vote
  ("voted in 2016 to leave") is not the change itself. A future ("will join") is kept
  only when the sentence states its date. Reported speech keeps its speaker (the actor
  before "said"/"anunció"/"afirmou"), and "its country"/"su país" is the speaker's state.
* **Dates** come from the text (:mod:`blocwatch.extract.textdates`), nearest to the
  trigger in its clause, with their precision; otherwise the date is unknown (``None``,
  ``"unknown"``). Only an observation in the present tense ("holds the presidency") and
  a meeting are dated by the article, and their evidence says so (``date_text`` is
  ``"article date"``).
* **Organizations** count only when named by a name or an acronym of three letters or more
  (two-letter acronyms such as "PA" are too ambiguous), and not when the name modifies
  another noun ("NATO partners", "la cumbre del Mercosur" is a meeting, not the bloc).
* **The graph check** (:mod:`blocwatch.extract.graphcheck`) gives each proposal its
  relation (new, confirms, contradicts, refines) against a snapshot of the reference
  tables taken in :meth:`ProposalRules.from_store`.

After construction the rules hold no connection and pickle (they are built once and sent
to worker processes). The confidence of one sentence is the rule's prior from the data
file, lowered for reported speech about another state and for an undated future; the
store combines independent sources (see :mod:`blocwatch.extract.store`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import duckdb
import yaml

from blocwatch.errors import DataError, E
from blocwatch.extract.actors import COMPONENT as ACTORS
from blocwatch.extract.actors import Actor
from blocwatch.extract.graphcheck import Check, GraphCheck
from blocwatch.extract.lexicon import PhraseMatcher, fold
from blocwatch.extract.records import Evidence, Proposal
from blocwatch.extract.textdates import COMPONENT as TEXTDATES
from blocwatch.extract.textdates import UNKNOWN, TextDate, date_near

COMPONENT = "proposals.v2"
SOURCE = f"{ACTORS}+{TEXTDATES}+{COMPONENT}"
LANGS = ("en", "es", "pt")
KINDS = ("membership", "presidency", "mechanism", "meeting", "area")
#: Membership changes a proposal can state (the graph's event log holds all but the first three as events).
MEMBERSHIP_CHANGES = (
    "applied",
    "invited",
    "declined",
    "joined",
    "associate",
    "observer",
    "suspended_self",
    "suspended_by_org",
    "withdrawal_notified",
    "withdrawn",
    "returned",
)
_JOINING = {"joined", "associate", "observer", "applied", "invited", "returned"}
_LIST_GAP = re.compile(r"^(\s*,\s*|\s+(and|y|e)\s+|\s*,\s*(and|y|e)\s+)$")
_CLAUSE = re.compile(r"[;:]|\s[-–—]\s")


@dataclass(frozen=True)
class Rule:
    """One pattern of a kind: which change it states and where its parties stand."""

    kind: str
    change: str
    regex: re.Pattern[str]
    prior: float
    member: str = "before"  # before | after: where the state is, relative to the trigger
    org: str = "after"  # after | before: where the organization is
    capacity: str | None = None
    future_ok: bool = False
    holder: str = "before"  # presidency: before | after | adjacent


@dataclass(frozen=True)
class LangRules:
    """All patterns of one language, compiled."""

    lang: str
    cues: dict[str, re.Pattern[str]]
    membership: tuple[Rule, ...]
    presidency: tuple[Rule, ...]
    mechanism: dict[str, Any]
    meeting: dict[str, Any]
    area: dict[str, Any]


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise DataError(E.BW450, f"bad pattern {pattern!r}: {exc}", where=where) from exc


@functools.cache
def load_lang(lang: str) -> LangRules:
    """The compiled patterns of ``lang`` from ``extract/lang/<lang>/proposals.yaml`` (cached)."""
    where = f"blocwatch/extract/lang/{lang}/proposals.yaml"
    try:
        data: dict[str, Any] = yaml.safe_load(
            resources.files("blocwatch.extract").joinpath(f"lang/{lang}/proposals.yaml").read_text(encoding="utf-8")
        )
        cues = {name: _compile(p, where) for name, p in data["cues"].items()}
        groups: dict[str, list[Rule]] = {"membership": [], "presidency": []}
        for kind in groups:
            for item in data[kind]:
                for pattern in item["patterns"]:
                    groups[kind].append(
                        Rule(
                            kind=kind,
                            change=str(item["change"]),
                            regex=_compile(r"(?<![\w])" + pattern + (r"" if pattern.endswith(")") else r"\b"), where),
                            prior=float(item["prior"]),
                            member=str(item.get("member", "before")),
                            org=str(item.get("org", "after")),
                            capacity=item.get("capacity"),
                            future_ok=bool(item.get("future_ok")),
                            holder=str(item.get("holder", "before")),
                        )
                    )
        compiled: dict[str, dict[str, Any]] = {}
        for section in ("mechanism", "meeting", "area"):
            compiled[section] = {k: (_compile(v, where) if isinstance(v, str) else v) for k, v in data[section].items()}
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise DataError(E.BW450, f"cannot read the proposal patterns: {exc}", where=where) from exc
    for change in {r.change for r in groups["membership"]} - set(MEMBERSHIP_CHANGES):
        raise DataError(E.BW450, f"unknown membership change {change!r}", where=where)
    return LangRules(
        lang,
        cues,
        tuple(groups["membership"]),
        tuple(groups["presidency"]),
        compiled["mechanism"],
        compiled["meeting"],
        compiled["area"],
    )


@dataclass(frozen=True)
class MechanismRef:
    id: str
    org: str
    partner: str


@dataclass
class _Sentence:
    """What the rules look at in one sentence."""

    text: str
    low: str
    actors: Sequence[Actor]
    lang: LangRules
    date: dt.date | None
    context_org: str | None
    orgs: list[Actor] = field(default_factory=list)
    named: list[Actor] = field(default_factory=list)
    states: list[Actor] = field(default_factory=list)

    def cue(self, name: str, start: int, end: int) -> re.Match[str] | None:
        return self.lang.cues[name].search(self.low, start, end) if start < end else None

    def clause_start(self, position: int) -> int:
        start = 0
        for match in _CLAUSE.finditer(self.low, 0, position):
            start = match.end()
        return start


@dataclass
class _Draft:
    kind: str
    org: str
    member: str | None
    change: str
    payload: dict[str, Any]
    confidence: float
    date: TextDate
    check: Check
    speaker: str | None = None


class ProposalRules:
    """The proposal rules with what they need from the graph (areas, mechanisms, the check)."""

    def __init__(
        self,
        areas: dict[str, PhraseMatcher[str]],
        mechanisms: Sequence[MechanismRef],
        graph: GraphCheck | None = None,
    ) -> None:
        self.areas = areas
        self.mechanisms = list(mechanisms)
        self.graph = graph or GraphCheck()
        self.langs = {lang: load_lang(lang) for lang in LANGS}

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("langs")  # compiled again from the package data in the worker
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.langs = {lang: load_lang(lang) for lang in LANGS}

    @classmethod
    def from_store(cls, con: duckdb.DuckDBPyConnection) -> ProposalRules:
        """The rules for a store: its areas, mechanisms and a snapshot of the graph."""
        rows = con.execute("select id, keywords_en, keywords_es, keywords_pt from areas").fetchall()
        areas: dict[str, PhraseMatcher[str]] = {}
        for position, lang in enumerate(LANGS, start=1):
            areas[lang] = PhraseMatcher((str(word), str(row[0])) for row in rows for word in (row[position] or []))
        mechanisms = [MechanismRef(*r) for r in con.execute("select id, org, partner from mechanisms").fetchall()]
        return cls(areas, mechanisms, GraphCheck.from_store(con))

    # --- the per-sentence call ----------------------------------------------------------
    def proposals(
        self,
        text: str,
        actors: Sequence[Actor],
        *,
        doc_id: str,
        lang: str,
        date: dt.date | None,
        start: int = 0,
        sentence_index: int | None = None,
        context_org: str | None = None,
    ) -> list[Proposal]:
        """The proposals of one sentence (``start`` is its offset in the article), each with its evidence."""
        out = []
        for draft in self.drafts(text, actors, lang=lang, date=date, context_org=context_org):
            evidence = Evidence(
                doc_id=doc_id,
                sentence=text,
                evidence_start=start,
                evidence_end=start + len(text),
                confidence=draft.confidence,
                source=SOURCE,
                sentence_index=sentence_index,
                article_date=date,
                date=draft.date.value,
                date_precision=draft.date.precision,
                date_text=draft.date.text or None,
                speaker=draft.speaker,
                relation=draft.check.relation,
                graph_fact=draft.check.fact,
            )
            out.append(
                Proposal(
                    kind=draft.kind,
                    org=draft.org,
                    member=draft.member,
                    change=draft.change,
                    date=draft.date.value,
                    payload=draft.payload,
                    confidence=draft.confidence,
                    doc_id=doc_id,
                    sentence=text,
                    evidence_start=start,
                    evidence_end=start + len(text),
                    source=SOURCE,
                    date_precision=draft.date.precision,
                    relation=draft.check.relation,
                    graph_fact=draft.check.fact,
                    evidence=[evidence],
                )
            )
        return out

    def drafts(
        self,
        text: str,
        actors: Sequence[Actor],
        *,
        lang: str,
        date: dt.date | None,
        context_org: str | None = None,
    ) -> list[_Draft]:
        """What the rules read in one sentence, before it becomes :class:`Proposal` records."""
        rules = self.langs.get(lang) or self.langs["en"]
        low = fold(text)
        sent = _Sentence(text, low, actors, rules, date, context_org)
        sent.named = [a for a in actors if a.org and not a.country and _named_org(a)]
        sent.orgs = [a for a in sent.named if not _modifier(a, low, rules.cues["not_the_org"])]
        sent.states = [a for a in actors if a.country and not a.org]
        if rules.cues["question"].search(low) or low.lstrip().startswith("¿"):
            return []
        out: list[_Draft] = []
        out.extend(self._presidencies(sent))
        if sent.orgs:
            out.extend(self._memberships(sent))
        if sent.named:
            out.extend(self._mechanisms(sent))
        out.extend(self._areas(sent))
        return out

    # --- reading the clause -------------------------------------------------------------
    def _speaker(self, sent: _Sentence, position: int) -> Actor | None:
        speech = None
        for match in sent.lang.cues["speech"].finditer(sent.low, 0, position):
            speech = match
        if speech is None:
            return None
        before = [a for a in sent.actors if a.end <= speech.start() and (a.country or a.person)]
        return before[-1] if before else None

    def _members(self, sent: _Sentence, rule: Rule, match: re.Match[str], org: Actor) -> tuple[list[str], int]:
        """The states the change is about, and where the clause that reads the cues starts."""
        low = sent.low
        clause = sent.clause_start(match.start())
        if rule.member == "after":
            stop = org.start if org.start > match.end() else match.end() + 60
            found = [a.country for a in sent.states if match.end() <= a.start < stop and a.country]
            return list(dict.fromkeys(found))[:1], max(clause, match.start() - 40)
        before = [a for a in sent.states if clause <= a.start and a.end <= match.start()]
        own = None
        for cue in sent.lang.cues["own_state"].finditer(low, clause, match.start()):
            own = cue
        if own is not None and (not before or before[-1].end <= own.start()):
            speaker = self._speaker(sent, own.start())
            country = speaker.country if speaker else None
            if country is None:
                prior_states = [a for a in sent.states if a.end <= own.start()]
                country = prior_states[-1].country if prior_states else None
            return ([country] if country else []), own.end()
        if not before or match.start() - before[-1].end > 80:
            return [], match.start()
        run = [before[-1]]
        for actor in reversed(before[:-1]):
            if _LIST_GAP.match(low[actor.end : run[0].start]):
                run.insert(0, actor)
            else:
                break
        return list(dict.fromkeys(a.country for a in run if a.country)), run[-1].end

    def _reading(self, sent: _Sentence, rule: Rule, window: int, match: re.Match[str]) -> str | None:
        """How the cues change the rule's change: the change, ``declined``, or None (no proposal)."""
        start, stop = window, match.start()
        clause = sent.clause_start(match.start())
        lowered = rule.change
        if sent.cue("condition", clause, stop):
            return None
        if sent.cue("vote", start, stop) or sent.cue("vote", max(clause, match.start() - 30), stop):
            return None
        if sent.cue("refusal", start, stop):
            return "declined" if lowered in _JOINING else None
        if sent.cue("intention", start, stop):
            return None
        if sent.cue("negation", start, stop):
            if rule.change == "declined":
                return None
            return "declined" if lowered in _JOINING else None
        return lowered

    def _future(self, sent: _Sentence, window: int, match: re.Match[str]) -> bool:
        return bool(sent.cue("future", window, match.end()))

    # --- memberships ------------------------------------------------------------------
    def _org_near(self, sent: _Sentence, match: re.Match[str], side: str, reach: int = 60) -> Actor | None:
        if side == "before":
            before = [a for a in sent.orgs if a.end <= match.start() and match.start() - a.end <= reach]
            return before[-1] if before else None
        return next((a for a in sent.orgs if a.start >= match.start() and a.start - match.end() <= reach), None)

    def _memberships(self, sent: _Sentence) -> list[_Draft]:
        out: list[_Draft] = []
        taken: list[tuple[int, int]] = []
        for rule in sent.lang.membership:
            for match in rule.regex.finditer(sent.low):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                org = self._org_near(sent, match, rule.org)
                if org is None or org.org is None:
                    continue
                if (
                    rule.org == "after"
                    and rule.member == "before"
                    and any(match.end() <= a.start < org.start for a in sent.states)
                ):
                    continue  # "X joined Brazil and the EU …": the first party after the verb is not the organization
                if sent.cue("unfinished", max(0, match.start() - 25), match.start()):
                    continue  # "the accession protocol of", "o processo de adesão da": not the change itself
                members, window = self._members(sent, rule, match, org)
                if not members:
                    continue
                change = self._reading(sent, rule, window, match)
                if change is None:
                    continue
                day = date_near(sent.text, match.start(), lang=sent.lang.lang, anchor=sent.date)
                confidence = rule.prior
                if change == rule.change and not rule.future_ok and self._future(sent, window, match):
                    if not day.known:
                        continue
                    confidence *= 0.8
                speaker = self._speaker(sent, match.start())
                taken.append((match.start(), match.end()))
                for member in members:
                    if member == org.org:
                        continue
                    reported = speaker is not None and speaker.country not in (None, member)
                    capacity = rule.capacity if change == rule.change else None
                    out.append(
                        self._membership(
                            org.org,
                            member,
                            change,
                            capacity,
                            day,
                            confidence * (0.85 if reported else 1.0),
                            speaker,
                            sent.date,
                        )
                    )
        return out

    def _membership(
        self,
        org: str,
        member: str,
        change: str,
        capacity: str | None,
        day: TextDate,
        confidence: float,
        speaker: Actor | None,
        article: dt.date | None,
    ) -> _Draft:
        event = {"associate": "joined", "observer": "joined"}.get(change, change)
        if event == "joined":
            on = day.value or article
            spell = self.graph.spell_on(org, member, on) if on else None
            if spell is not None and spell[0] != capacity:
                event = "capacity_changed"  # an associate becoming a full member
        check = self.graph.membership(org, member, change, capacity, day, article)
        if event == "joined" and check.fact and check.fact.get("event") == "capacity_changed":
            event = "capacity_changed"
        payload = {"org": org, "member": member, "event": event, "date": day.iso, "capacity": capacity}
        return _Draft("membership", org, member, change, payload, confidence, day, check, _speaker_text(speaker))

    # --- presidencies -----------------------------------------------------------------
    def _presidencies(self, sent: _Sentence) -> list[_Draft]:
        out: list[_Draft] = []
        taken: list[tuple[int, int]] = []
        for rule in sent.lang.presidency:
            for match in rule.regex.finditer(sent.low):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                draft = self._presidency(sent, rule, match)
                if draft is not None:
                    taken.append((match.start(), match.end()))
                    out.append(draft)
        return out

    def _presidency(self, sent: _Sentence, rule: Rule, match: re.Match[str]) -> _Draft | None:
        low, states = sent.low, sent.states
        holder: Actor | None = None
        previous: Actor | None = None
        if rule.holder == "adjacent":
            after = next((a for a in sent.actors if a.start >= match.end()), None)
            before = [a for a in states if a.end <= match.start()]
            if after is not None and after in states and after.start - match.end() <= 6:
                holder = after
            elif before and 0 <= match.start() - before[-1].end <= 4:
                holder = before[-1]  # "Brazil's rotating presidency"
            if holder is None:
                return None
            org = next((a for a in sent.orgs if a.start >= holder.end and a.start - holder.end <= 40), None)
            org = org or next((a for a in sent.orgs if a.start >= match.end() and a.start - match.end() <= 40), None)
        else:
            org = next((a for a in sent.orgs if a.start >= match.start() and a.start - match.end() <= 50), None)
            if org is not None and any(match.end() <= a.start < org.start for a in states):
                org = None  # "the presidency of Argentina": a state's presidency, not the bloc's
        if org is None and rule.holder != "adjacent":
            before_org = [a for a in sent.orgs if a.end <= match.start() and match.start() - a.end <= 80]
            org = before_org[-1] if before_org else None  # "a Cúpula do Mercosul marcou a transferência da presidência"
        org_id = org.org if org is not None else None
        if org_id is None and sent.cue("bloc", match.end(), min(len(low), match.end() + 30)):
            org_id = sent.context_org or next((a.org for a in sent.named), None)
        if org_id is None:
            return None
        clause = sent.clause_start(match.start())
        if rule.holder == "before":
            before = [a for a in states if clause <= a.start and a.end <= match.start()]
            if before and match.start() - before[-1].end <= 100:
                holder = before[-1]
            elif sent.cue("own_state", clause, match.start()):
                speaker = self._speaker(sent, match.start())
                holder = speaker if speaker is not None and speaker.country else None
            cue = sent.cue("from_holder", match.end(), len(low))
            if cue is not None:
                previous = next((a for a in states if a.start >= cue.end() and a.start - cue.end() <= 12), None)
        elif rule.holder == "after":
            cue = None
            verb_end = low.find(
                " ", match.start() + 1
            )  # "transfere ao Brasil a presidência": the holder may sit in the trigger
            for candidate in sent.lang.cues["to_holder"].finditer(low, max(verb_end, match.start())):
                following = next((a for a in states if a.start >= candidate.end()), None)
                if following is not None and following.start - candidate.end() <= 12:
                    cue, holder = candidate, following
                    break
            before = [a for a in states if clause <= a.start and a.end <= match.start()]
            between = [a for a in states if cue is not None and match.end() <= a.start < cue.start()]
            previous = between[0] if between else (before[-1] if before else None)
        if holder is None or holder.country is None:
            return None
        window = holder.end if holder.end <= match.start() else max(clause, match.start() - 40)
        if sent.cue("condition", clause, match.start()) or sent.cue("intention", window, match.start()):
            return None
        if sent.cue("negation", window, match.start()) or sent.cue("refusal", window, match.start()):
            return None
        day = date_near(sent.text, match.start(), lang=sent.lang.lang, anchor=sent.date)
        confidence = rule.prior
        speaker = self._speaker(sent, match.start())
        if rule.change == "holds":
            if not day.known and sent.date is not None:
                day = TextDate(sent.date, "day", "article date")
            payload: dict[str, Any] = {"org": org_id, "holder": holder.country, "on": day.iso}
            check = self.graph.presidency(org_id, holder.country, "holds", day, sent.date)
            return _Draft(
                "presidency", org_id, holder.country, "holds", payload, confidence, day, check, _speaker_text(speaker)
            )
        if self._future(sent, window, match):
            confidence *= 0.8  # a handover announced for a summit is as a rule carried out
        payload = {"org": org_id, "holder": holder.country, "start": day.iso}
        if previous is not None and previous.country and previous.country != holder.country:
            payload["previous"] = previous.country
        check = self.graph.presidency(org_id, holder.country, "handover", day, sent.date)
        return _Draft(
            "presidency", org_id, holder.country, "handover", payload, confidence, day, check, _speaker_text(speaker)
        )

    # --- mechanisms and meetings --------------------------------------------------------
    def _mechanisms(self, sent: _Sentence) -> list[_Draft]:
        low, spec, states = sent.low, sent.lang.mechanism, sent.states
        out: list[_Draft] = []
        noun = spec["noun"].search(low)
        create = spec["create"].search(low)
        org = sent.named[-1] if sent.named else None
        partner = next((a for a in states if org is not None and a.end <= org.start), None) or (
            states[0] if states else None
        )
        if noun and create and org is not None and org.org and partner is not None and partner.country:
            window = max(0, min(noun.start(), create.start()) - 40)
            if not (sent.cue("negation", window, create.start()) or sent.cue("refusal", window, create.start())):
                proposed = bool(spec["proposal_words"].search(low)) or not spec["past_create"].search(low)
                condition_match = spec["condition"].search(low)
                condition = low[condition_match.start() : condition_match.end()].strip() if condition_match else None
                status = "proposed" if proposed or condition else "established"
                day = date_near(sent.text, create.start(), lang=sent.lang.lang, anchor=sent.date)
                payload: dict[str, Any] = {
                    "org": org.org,
                    "partner": partner.country,
                    "status": status,
                    "condition": condition,
                    "areas": [],
                    "date": day.iso,
                }
                prior = float(spec["prior"] if status == "proposed" else spec["prior_established"])
                check = self.graph.mechanism(org.org, partner.country, status)
                out.append(_Draft("mechanism", org.org, partner.country, status, payload, prior, day, check))
        meeting = sent.lang.meeting
        trigger = meeting["trigger"].search(low)
        if trigger and org is not None and not sent.cue("negation", max(0, trigger.start() - 40), trigger.start()):
            partners = {a.country for a in states if a.country}
            for mechanism in [m for m in self.mechanisms if m.org == org.org and m.partner in partners]:
                day = date_near(sent.text, trigger.start(), lang=sent.lang.lang, anchor=sent.date)
                if not day.known and sent.date is not None:
                    day = TextDate(sent.date, "day", "article date")
                payload = {
                    "mechanism": mechanism.id,
                    "org": mechanism.org,
                    "partner": mechanism.partner,
                    "date": day.iso,
                }
                check = self.graph.meeting(mechanism.id, day)
                out.append(
                    _Draft(
                        "meeting",
                        mechanism.org,
                        mechanism.partner,
                        "meeting",
                        payload,
                        float(meeting["prior"]),
                        day,
                        check,
                    )
                )
        return out

    # --- areas ------------------------------------------------------------------------
    def _areas(self, sent: _Sentence) -> list[_Draft]:
        spec = sent.lang.area
        matcher = self.areas.get(sent.lang.lang)
        cooperation = spec["cooperation"].search(sent.low)
        if matcher is None or cooperation is None or not sent.orgs:
            return []
        clause = sent.clause_start(cooperation.start())
        if not spec["offer"].search(sent.low, max(clause, cooperation.start() - 60), cooperation.end() + 60):
            return []
        if sent.cue("negation", max(clause, cooperation.start() - 30), cooperation.start()):
            return []
        if sent.cue("condition", clause, cooperation.start()):
            return []
        found: list[str] = []
        for match in matcher.find(sent.text, folded=sent.low):
            if match.start >= cooperation.start() - 80 and match.payload not in found:
                found.append(match.payload)
        # the organization cooperated with: right after the word ("cooperation with CELAC")
        # or a possessive right before it ("CELAC's cooperation")
        org = next((a for a in sent.orgs if 0 <= a.start - cooperation.end() <= 25), None) or next(
            (a for a in sent.orgs if 0 <= cooperation.start() - a.end <= 4), None
        )
        partner = next((a.country for a in sent.states if a.country), None)
        if not found or org is None or org.org is None or partner is None:
            return []
        payload = {"org": org.org, "partner": partner, "areas": found}
        check = self.graph.areas(org.org, partner, found)
        return [_Draft("area", org.org, partner, "area", payload, float(spec["prior"]), UNKNOWN, check)]


def _named_org(actor: Actor) -> bool:
    """Whether an organization mention is its name: an acronym of three letters or more, or
    a capitalised name (a common word in lower case is never an organization)."""
    text = actor.text.strip()
    return len(text.replace(".", "")) > 2 and text[:1].isupper()


def _modifier(actor: Actor, low: str, pattern: re.Pattern[str]) -> bool:
    """Whether the organization's name modifies a noun ("NATO countries", "la cumbre del
    Mercosur" is read on the following words; a merged mention's own last word counts too)."""
    words = low[actor.start : actor.end].split()
    if len(words) > 1 and pattern.search(" " + words[-1]):
        return True
    return bool(pattern.search(low[actor.end : actor.end + 40]))


def _speaker_text(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    return f"{actor.text} ({actor.id})" if actor.id else actor.text
