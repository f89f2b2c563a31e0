"""The PLOVER codebook as data: the 16 event types, their quad categories and scores.

Values follow the PLOVER manual (openeventdata/PLOVER, CC BY-SA 4.0, draft of
17 September 2021): the quad of each category is the "Quad category" given in the
category's own section, the scores come from the table "PLOVER conflict--cooperation
scores".

    >>> quad_of("AGREE")
    'VERBAL_COOPERATION'
    >>> score_of("CONSULT", "visit")
    4.0
"""

from __future__ import annotations

from typing import Final

EVENT_TYPES: Final[tuple[str, ...]] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

QUADS: Final[tuple[str, ...]] = (
    "VERBAL_COOPERATION",
    "MATERIAL_COOPERATION",
    "VERBAL_CONFLICT",
    "MATERIAL_CONFLICT",
)

# The manual's summary table puts SANCTION under verbal conflict, but the SANCTION
# section itself (and CAMEO's quad of its codes 16x) says material conflict; we follow
# the section.
QUAD: Final[dict[str, str]] = {
    "AGREE": "VERBAL_COOPERATION",
    "CONSULT": "VERBAL_COOPERATION",
    "SUPPORT": "VERBAL_COOPERATION",
    "CONCEDE": "VERBAL_COOPERATION",
    "COOPERATE": "MATERIAL_COOPERATION",
    "AID": "MATERIAL_COOPERATION",
    "RETREAT": "MATERIAL_COOPERATION",
    "REQUEST": "VERBAL_CONFLICT",
    "ACCUSE": "VERBAL_CONFLICT",
    "REJECT": "VERBAL_CONFLICT",
    "THREATEN": "VERBAL_CONFLICT",
    "PROTEST": "MATERIAL_CONFLICT",
    "SANCTION": "MATERIAL_CONFLICT",
    "MOBILIZE": "MATERIAL_CONFLICT",
    "COERCE": "MATERIAL_CONFLICT",
    "ASSAULT": "MATERIAL_CONFLICT",
}

#: Category scores (shaded rows of the manual's table). The manual prints ACCUSE as
#: "3"; every ACCUSE mode is negative, so the sign is taken to be a typo: -3.
SCORE: Final[dict[str, float]] = {
    "AGREE": 2.5,
    "CONSULT": 2.5,
    "SUPPORT": 5.0,
    "CONCEDE": 4.5,
    "COOPERATE": 9.5,
    "AID": 10.0,
    "RETREAT": 6.5,
    "REQUEST": 0.0,
    "ACCUSE": -3.0,
    "REJECT": -2.0,
    "THREATEN": -3.5,
    "PROTEST": -5.0,
    "SANCTION": -6.0,
    "MOBILIZE": -5.5,
    "COERCE": -7.0,
    "ASSAULT": -9.0,
}

#: Scores of category: mode pairs from the same table.
MODE_SCORE: Final[dict[tuple[str, str], float]] = {
    ("CONSULT", "visit"): 4.0,
    ("CONSULT", "third-party"): 1.0,
    ("CONSULT", "multilateral"): 4.0,
    ("CONSULT", "phone"): 1.5,
    ("RETREAT", "withdraw"): 8.0,
    ("RETREAT", "release"): 6.5,
    ("RETREAT", "disarm"): 10.0,
    ("RETREAT", "ceasefire"): 7.5,
    ("RETREAT", "access"): 6.5,
    ("RETREAT", "resign"): 4.5,
    ("REQUEST", "assist"): 0.5,
    ("REQUEST", "change"): -1.0,
    ("REQUEST", "yield"): -1.0,
    ("REQUEST", "meet"): 0.0,
    ("ACCUSE", "disapprove"): -2.0,
    ("ACCUSE", "investigate"): -3.5,
    ("ACCUSE", "allege"): -3.5,
    ("REJECT", "assist"): -1.5,
    ("REJECT", "change"): -2.0,
    ("REJECT", "yield"): -2.0,
    ("REJECT", "meet"): -2.0,
    ("THREATEN", "restrict"): -3.0,
    ("THREATEN", "arrest"): -3.5,
    ("THREATEN", "relations"): -3.5,
    ("THREATEN", "expel"): -3.5,
    ("THREATEN", "territory"): -4.0,
    ("THREATEN", "violence"): -3.5,
    ("PROTEST", "demo"): -5.0,
    ("PROTEST", "riot"): -7.0,
    ("PROTEST", "strike"): -5.0,
    ("PROTEST", "hunger"): -4.5,
    ("PROTEST", "boycott"): -4.5,
    ("PROTEST", "obstruct"): -4.5,
    ("SANCTION", "convict"): -6.0,
    ("SANCTION", "expel"): -5.5,
    ("SANCTION", "withdraw"): -6.0,
    ("SANCTION", "discontinue"): -6.0,
    ("MOBILIZE", "troops"): -6.5,
    ("MOBILIZE", "weapons"): -6.5,
    ("MOBILIZE", "police"): -5.5,
    ("MOBILIZE", "militia"): -6.0,
    ("COERCE", "seize"): -7.0,
    ("COERCE", "restrict"): -7.0,
    ("COERCE", "censor"): -6.5,
    ("COERCE", "curfew"): -6.5,
    ("COERCE", "martial-law"): -7.5,
    ("COERCE", "arrest"): -7.0,
    ("COERCE", "deport"): -7.0,
    ("COERCE", "withhold"): -7.0,
    ("COERCE", "misinformation"): -6.5,
    ("COERCE", "cyber"): -7.0,
    ("ASSAULT", "abduct"): -8.5,
    ("ASSAULT", "beat"): -7.5,
    ("ASSAULT", "torture"): -8.5,
    ("ASSAULT", "sexual"): -8.5,
    ("ASSAULT", "targeted"): -9.5,
    ("ASSAULT", "destroy"): -8.5,
    ("ASSAULT", "primitive"): -8.0,
    ("ASSAULT", "firearms"): -9.0,
    ("ASSAULT", "explosives"): -9.0,
    ("ASSAULT", "suicide-attack"): -9.5,
    ("ASSAULT", "aerial"): -9.5,
    ("ASSAULT", "drone"): -9.5,
    ("ASSAULT", "heavy-weapons"): -9.5,
    ("ASSAULT", "crowd-control"): -7.5,
    ("ASSAULT", "unconventional"): -10.0,
}

#: PLOVER 0.5 categories (used by the gold standard records) mapped to today's 16.
LEGACY: Final[dict[str, str]] = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "YIELD": "CONCEDE",
}


def quad_of(event_type: str) -> str:
    """The quad category of a PLOVER event type."""
    return QUAD[event_type]


def score_of(event_type: str, mode: str | None = None) -> float:
    """The PLOVER conflict–cooperation score of a type (and mode, when the table has it)."""
    if mode and (event_type, mode) in MODE_SCORE:
        return MODE_SCORE[(event_type, mode)]
    return SCORE[event_type]


def modernize(event_type: str) -> str | None:
    """Map a PLOVER 0.5 category to today's 16 (None for DOCUMENT and unknown ones)."""
    upper = event_type.upper()
    if upper in QUAD:
        return upper
    return LEGACY.get(upper)
