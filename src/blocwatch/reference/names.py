"""Name normalization and lookup of organizations and states by any known name.

``normalize`` folds case, accents and punctuation so that "Mercosul", "MERCOSUR" and
"Mercosur" meet, and "Brasil" finds Brazil.

    >>> normalize("Comunidad Andina  (CAN)")
    'comunidad andina can'
"""

from __future__ import annotations

import re
import unicodedata

_PUNCT = re.compile(r"[^\w\s]", flags=re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("’", "'").replace("'", "").replace("–", " ").replace("-", " ")
    stripped = _PUNCT.sub(" ", stripped.casefold())
    return _SPACE.sub(" ", stripped).strip()
