"""``/``: the landing page, in French or English, plain HTML with no external resource (``templates/landing.html``).

The language is ``?lang=fr|en``, else the first of French or English in ``Accept-Language``,
else French. The page links the map, the named queries (each opens as a table on its example),
the ontology and the API docs, and holds a small SPARQL editor (a form sent to ``/sparql``, whose
answer a browser gets as a table) whose starting text is a named query's own file. A server of
the public view says so under the title.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ses_graph import queries

from . import html
from .dependencies import get_settings
from .named import example_link

router = APIRouter(tags=["pages"])

EDITOR_EXAMPLE = "shared-instances"


def _editor_text() -> str:
    catalogue = queries.catalogue()
    example = catalogue.get(EDITOR_EXAMPLE) or next(iter(catalogue.values()), None)
    return example.text if example else ""


@router.get("/", response_class=HTMLResponse, summary="Landing page (French or English)")
async def landing(request: Request) -> HTMLResponse:
    lang = html.language(request)
    items = [{"name": q.name, "link": example_link(q), "title": q.title.get(lang) or q.title.get("en") or q.name,
              "parameters": [p.name + ("" if p.required else "?") for p in q.parameters]}
             for q in queries.catalogue().values()]
    return html.page(
        request, "landing.html", queries=items, editor_text=_editor_text(), public=get_settings(request).public
    )
