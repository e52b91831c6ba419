"""``/editor``: a full SPARQL editor (YASGUI) served by the application, with one tab per named query.

YASGUI's script and style (``@zazuko/yasgui``, MIT, see ``api/static/yasgui/LICENSE``) are served
from ``/static/yasgui/``; the page loads nothing from elsewhere. Its remote autocompletion (Linked
Open Vocabularies) is switched off. Free queries go to this server's ``/sparql`` by POST; a named
query's tab goes to ``/queries/NAME`` by POST (its text as edited, and its parameters), and the
page refuses to run it while a required parameter is empty, asking for it
(``templates/editor.js``).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from ses_graph import queries

from . import html

router = APIRouter(tags=["pages"])

ASSETS = "/static/yasgui"
ASSETS_DIR = Path(__file__).parent / "static" / "yasgui"


def examples(lang: str) -> list[dict]:
    """The named queries as editor tabs: name, title, the text of the file, parameters and example values."""
    return [{"name": q.name, "title": q.title.get(lang) or q.title.get("en") or q.name, "text": q.text,
             "parameters": [{"name": p.name, "required": p.required,
                             "description": p.description.get(lang) or p.description.get("en") or ""}
                            for p in q.parameters],
             "example": {k: str(v) for k, v in q.example.items()}}
            for q in queries.catalogue().values()]


@router.get("/editor", response_class=HTMLResponse, summary="SPARQL editor (YASGUI) with the named queries as tabs")
async def editor(request: Request) -> HTMLResponse:
    lang = html.language(request)
    words = html.text(lang)
    data = {"examples": examples(lang), "text": {"needs": words["editor_needs"], "bound": words["editor_bound"]}}
    return html.page(request, "editor.html", data=data)


def install(app: FastAPI) -> None:
    """Serve YASGUI's files and the ``/editor`` page on ``app``."""
    app.mount(ASSETS, StaticFiles(directory=ASSETS_DIR), name="yasgui")
    app.include_router(router)
