"""The JSON HTTP API and the offline web dashboard (``blocwatch serve``).

>>> from blocwatch.web import create_app
>>> app = create_app(bw)  # doctest: +SKIP
"""

from blocwatch.web.app import create_app
from blocwatch.web.serve import check_host, serve

__all__ = ["check_host", "create_app", "serve"]
