"""Fetching feeds over http(s): a swappable transport, which is also the test seam.

>>> transport = MockTransport({"https://example.org/feed": b"<rss version='2.0'/>"})
>>> transport.fetch("https://example.org/feed", timeout=1.0, max_bytes=100).content
b"<rss version='2.0'/>"
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

USER_AGENT = "blocwatch feed reader"


class FetchError(Exception):
    """The URL could not be fetched (network error, HTTP error, too large)."""


@dataclass(frozen=True)
class Response:
    """What a transport returns: the final URL, the body and its content type."""

    url: str
    content: bytes
    content_type: str | None = None


class Transport(Protocol):
    """Fetches a URL. Implementations raise :class:`FetchError` on failure."""

    def fetch(self, url: str, *, timeout: float, max_bytes: int) -> Response:
        """The body of ``url``, at most ``max_bytes`` long."""
        ...


class UrllibTransport:
    """The default transport: ``urllib`` from the standard library."""

    def fetch(self, url: str, *, timeout: float, max_bytes: int) -> Response:
        if not url.startswith(("http://", "https://")):
            raise FetchError(f"not an http(s) URL: {url}")
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 - scheme checked above
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 - scheme checked above
                content = answer.read(max_bytes + 1)
                final_url = answer.geturl()
                content_type = answer.headers.get("Content-Type")
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise FetchError(str(exc)) from exc
        if len(content) > max_bytes:
            raise FetchError(f"response larger than {max_bytes} bytes")
        return Response(final_url, content, content_type)


class MockTransport:
    """Serves fixed bodies by URL (tests); unknown URLs fail like a 404."""

    def __init__(self, pages: Mapping[str, bytes | Response]) -> None:
        self.pages = dict(pages)
        self.requested: list[str] = []

    def fetch(self, url: str, *, timeout: float, max_bytes: int) -> Response:
        self.requested.append(url)
        page = self.pages.get(url)
        if page is None:
            raise FetchError(f"HTTP 404 for {url}")
        response = page if isinstance(page, Response) else Response(url, page)
        if len(response.content) > max_bytes:
            raise FetchError(f"response larger than {max_bytes} bytes")
        return response
