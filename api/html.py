"""The HTML pages' one template set (``api/templates/``, Jinja2) and their words in French and English.

Every page extends ``base.html`` (one style, one navigation bar with the language switch); the
words live in ``templates/text.yaml`` as ``key: {fr, en}`` and reach a template as ``t.key``.
Values are escaped by Jinja2's autoescape; data for a script goes through its ``tojson`` filter.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import jinja2
import yaml
from fastapi import Request
from fastapi.responses import HTMLResponse

LANGUAGES = ("fr", "en")
TEMPLATES = Path(__file__).parent / "templates"
ENVIRONMENT = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                 trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                                 undefined=jinja2.StrictUndefined)


def language(request: Request) -> str:
    """``?lang=``, else the first of fr/en in ``Accept-Language``, else fr."""
    asked = request.query_params.get("lang", "").lower()
    if asked in LANGUAGES:
        return asked
    for item in request.headers.get("accept-language", "").split(","):
        tag = item.split(";")[0].strip().lower()[:2]
        if tag in LANGUAGES:
            return tag
    return LANGUAGES[0]


@lru_cache(maxsize=len(LANGUAGES))
def text(lang: str) -> dict[str, str]:
    """The pages' words in ``lang``: ``{key: words}``."""
    words = yaml.safe_load((TEMPLATES / "text.yaml").read_text(encoding="utf-8"))
    return {key: value[lang] for key, value in words.items()}


def other_url(request: Request, other: str) -> str:
    """This page's URL in the other language (its query parameters kept)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] + [("lang", other)]
    return f"{request.url.path}?{urlencode(params)}"


def render(request: Request, template: str, lang: str | None = None, **context: object) -> str:
    """The page ``template`` for ``request``, in its language (``lang``, else :func:`language`)."""
    lang = lang or language(request)
    other = LANGUAGES[1 - LANGUAGES.index(lang)]
    return ENVIRONMENT.get_template(template).render(lang=lang, other=other, t=text(lang),
                                                     other_url=other_url(request, other), **context)


def page(request: Request, template: str, status_code: int = 200, vary: str = "Accept-Language",
         **context: object) -> HTMLResponse:
    """:func:`render` as a response, with its ``Content-Language`` and ``Vary``."""
    lang = language(request)
    body = render(request, template, lang, **context)
    return HTMLResponse(body, status_code=status_code, headers={"Content-Language": lang, "Vary": vary})
