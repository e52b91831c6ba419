"""``/map``: the interactive advocacy map, one self-contained HTML page (no internet needed).

``?lang=fr|en`` chooses the language it opens in (else ``Accept-Language``, else French); node
sizes are the mediator scores. ``?focus=IRI`` opens the map on one entity (the link of the entity
pages). The page is computed once per language and kept (see :mod:`api.analyses`).
"""

from __future__ import annotations

import json

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .dependencies import get_analyses
from .html import language

router = APIRouter(tags=["pages"])

# Selects the entity named by ?focus= once the map is drawn (window.sesMap is the map's own API).
FOCUS_SCRIPT = """<script>
(function (id) {
  function go() {
    var map = window.sesMap;
    if (!map || !map.ready) { setTimeout(go, 50); return; }
    if (map.nodes.get(id)) { map.select(id); map.network.focus(id, { scale: 1.2, animation: false }); }
  }
  go();
})(%s);
</script>
</body>"""


@router.get("/map", response_class=HTMLResponse, summary="The interactive advocacy map (HTML, works offline)")
async def advocacy_map(request: Request, focus: str | None = None) -> HTMLResponse:
    analyses = get_analyses(request)
    lang = language(request)
    page = await anyio.to_thread.run_sync(analyses.map_page, lang)
    if focus:
        # json.dumps, with "<" escaped, makes the IRI a safe JavaScript string inside <script>.
        page = page.replace("</body>", FOCUS_SCRIPT % json.dumps(focus).replace("<", "\\u003c"), 1)
    return HTMLResponse(page, headers={"Content-Language": lang, "Vary": "Accept-Language"})
