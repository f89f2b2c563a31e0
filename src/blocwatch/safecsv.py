"""CSV cells that a spreadsheet will not run: formula injection neutralised.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is read as a
formula by Excel, LibreOffice and Google Sheets; article text and actor names come from
the news, so such a cell is written with a leading apostrophe (OWASP's advice). Numbers
are left alone: only text cells are changed.

    >>> safe_cell("=HYPERLINK(\\"http://evil\\")")
    '\\'=HYPERLINK("http://evil")'
    >>> safe_cell(-0.5), safe_cell("MERCOSUR")
    (-0.5, 'MERCOSUR')
"""

from __future__ import annotations

from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value``, with a leading ``'`` when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
