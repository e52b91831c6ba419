"""Checks shared by the tests of the HTML pages."""

from __future__ import annotations

import re

EXTERNAL = re.compile(
    r"""<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*\b(?:src|href|data)\s*=\s*["']?(?:https?:)?//"""
    r"""|@import|url\(\s*["']?(?:https?:)?//""",
    re.IGNORECASE,
)


def external_resources(html: str) -> list[str]:
    """What the page would load from another site (scripts, styles, images, frames, CSS imports)."""
    return EXTERNAL.findall(html)


def open_page(chromium, url: str, server_url: str):
    """A new browser context and page on ``url``: (context, page, the page's script errors, the requests that left
    ``server_url``), the two lists filled as the page runs."""
    context = chromium.new_context()
    page = context.new_page()
    errors, foreign = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(server_url) else None)
    page.goto(url)
    return context, page, errors, foreign
