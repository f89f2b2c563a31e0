"""Running the app with uvicorn, on loopback unless another address is asked for explicitly."""

from __future__ import annotations

import ipaddress
import logging

import uvicorn

from blocwatch.core import Blocwatch
from blocwatch.errors import E, UsageError

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_host(host: str | None, *, explicit: bool) -> str:
    """The address to bind: loopback by default; anything else only when given explicitly."""
    chosen = host or DEFAULT_HOST
    if not is_loopback(chosen) and not explicit:
        raise UsageError(E.BW507, f"{chosen} is not a loopback address")
    if not is_loopback(chosen):
        log.warning("serving on %s: the dashboard is reachable from other machines", chosen)
    return chosen


def serve(bw: Blocwatch, *, host: str | None = None, port: int | None = None, explicit_host: bool = False) -> None:
    """Serve the API and dashboard of ``bw`` until interrupted."""
    from blocwatch.web.app import create_app

    bind = check_host(host, explicit=explicit_host)
    if not bw.read_only:
        bw.reopen(read_only=True)  # the CLI can read the same file while serving (see web/gate.py)
    app = create_app(bw)
    uvicorn.run(app, host=bind, port=int(port or bw.settings.get("port")), log_level="info", access_log=False)
