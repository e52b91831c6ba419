"""``/editor``: a full SPARQL editor (YASGUI) served by the application, with one tab per named query.

YASGUI's script and style (``@zazuko/yasgui``, MIT, see ``api/static/yasgui/LICENSE``) are served
from ``/static/yasgui/``; the page loads nothing from elsewhere. Its remote autocompletion (Linked
Open Vocabularies) is switched off, and queries go to this server's ``/sparql`` by POST.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from ses_graph import queries

from .pages import language

router = APIRouter(tags=["pages"])

ASSETS = "/static/yasgui"
ASSETS_DIR = Path(__file__).parent / "static" / "yasgui"
TITLE = {"fr": "Éditeur SPARQL : ses-graph", "en": "SPARQL editor: ses-graph"}
SCRIPT = """
var endpoint = location.origin + "/sparql";
var yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: { endpoint: endpoint, method: "POST" },
  copyEndpointOnNewTab: true,
  persistenceId: null,
  endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
  yasqe: { autocompleters: ["prefixes", "variables"] }
});
EXAMPLES.forEach(function (example, i) {
  yasgui.addTab(i === 0, { name: example.name, yasqe: { value: example.text }, requestConfig: { endpoint: endpoint } });
});
window.sesEditor = yasgui;
"""


def examples(lang: str) -> list[dict]:
    """The named queries as editor tabs: a name (the query's title) and the text of its file."""
    return [{"name": q.title.get(lang) or q.title.get("en") or q.name, "text": q.text} for q in queries.catalogue().values()]


def render(lang: str) -> str:
    # "<" escaped so that no query text can close the <script> element.
    data = json.dumps(examples(lang), ensure_ascii=False).replace("<", "\\u003c")
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(TITLE[lang])}</title>
<link rel="stylesheet" href="{ASSETS}/yasgui.min.css">
<style>body {{ font-family: system-ui, sans-serif; margin: 0.5rem 1rem; }} nav {{ margin: 0.3rem 0; }}</style>
</head>
<body>
<nav><a href="/?lang={lang}">ses-graph</a> · <a href="/queries">/queries</a> · <a href="/docs">/docs</a></nav>
<div id="yasgui"></div>
<script src="{ASSETS}/yasgui.min.js"></script>
<script>var EXAMPLES = {data};{SCRIPT}</script>
</body>
</html>
"""


@router.get("/editor", response_class=HTMLResponse, summary="SPARQL editor (YASGUI) with the named queries as tabs")
async def editor(request: Request) -> HTMLResponse:
    lang = language(request)
    return HTMLResponse(render(lang), headers={"Content-Language": lang, "Vary": "Accept-Language"})


def install(app: FastAPI) -> None:
    """Serve YASGUI's files and the ``/editor`` page on ``app``."""
    app.mount(ASSETS, StaticFiles(directory=ASSETS_DIR), name="yasgui")
    app.include_router(router)
