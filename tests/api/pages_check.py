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
