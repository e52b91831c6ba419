"""``/map``: the interactive advocacy map, one self-contained HTML page (no internet needed).

``?lang=fr|en`` chooses the language it opens in (else ``Accept-Language``, else French); node
sizes follow how many entities a node is tied to. ``?focus=IRI`` opens the map on one entity (the
link of the entity pages): the page reads it from its own address, so the same bytes serve every
focus. The page is
computed once per language and kept (see :mod:`ses_graph.api.analyses`).
"""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .dependencies import get_analyses
from .html import language

router = APIRouter(tags=["pages"])


@router.get("/map", response_class=HTMLResponse, summary="The interactive advocacy map (HTML, works offline)")
async def advocacy_map(request: Request, focus: str | None = None) -> HTMLResponse:
    """The map page; ``focus`` is read by the page itself (declared here for the API's documentation)."""
    analyses = await get_analyses(request)
    lang = language(request)
    page = await anyio.to_thread.run_sync(analyses.map_page, lang)
    return HTMLResponse(page, headers={"Content-Language": lang, "Vary": "Accept-Language"})
