"""``/``: the landing page, in French or English, plain HTML with no external resource.

The language is ``?lang=fr|en``, else the first of French or English in ``Accept-Language``,
else French. The page links the map, the named queries, the ontology and the API docs, and holds a
small SPARQL editor (a form sent to ``/sparql``) whose starting text is a named query's own file.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ses_graph import queries

from .dependencies import get_settings
from .html import LANGUAGES, language

router = APIRouter(tags=["pages"])

EDITOR_EXAMPLE = "shared-instances"
TEXT = {
    "fr": {
        "title": "ses-graph : le graphe sourcé de l'économie solidaire",
        "intro": "Un graphe de connaissances sourcé du Mouvement pour l'Économie Solidaire (MES France), de ses "
                 "membres, des instances où ils siègent et de leurs actions de plaidoyer. Chaque fait cite son "
                 "document source et une courte citation.",
        "explore": "Explorer",
        "map": "Carte interactive du plaidoyer",
        "editor": "Éditeur SPARQL",
        "yasgui": "Éditeur SPARQL complet (YASGUI), avec les requêtes nommées en onglets",
        "queries": "Requêtes nommées (JSON)",
        "ontology": "Ontologie",
        "docs": "Documentation de l'API (OpenAPI)",
        "run": "Exécuter",
        "endpoint": "Point d'accès SPARQL 1.1 : GET ou POST sur /sparql ; le format des résultats suit l'en-tête "
                    "Accept (JSON, XML, CSV, TSV ; Turtle, N-Triples, JSON-LD, RDF/XML).",
        "named": "Requêtes nommées",
        "parameters": "paramètres :",
        "other": "English",
        "public": "Vue publique : une personne n'y figure que si une source lui attribue un mandat public "
                  "(présidence, conseil d'administration ou bureau, délégation générale, direction, coordination "
                  "nationale, représentation) ; ailleurs, le nom des autres est masqué ([…]).",
    },
    "en": {
        "title": "ses-graph: the sourced graph of the solidarity economy",
        "intro": "A sourced knowledge graph of the Mouvement pour l'Économie Solidaire (MES France), its members, "
                 "the bodies where they sit and their advocacy actions. Every fact cites its source document and "
                 "a short quote.",
        "explore": "Explore",
        "map": "Interactive advocacy map",
        "editor": "SPARQL editor",
        "yasgui": "Full SPARQL editor (YASGUI), with the named queries as tabs",
        "queries": "Named queries (JSON)",
        "ontology": "Ontology",
        "docs": "API documentation (OpenAPI)",
        "run": "Run",
        "endpoint": "SPARQL 1.1 endpoint: GET or POST on /sparql; the result format follows the Accept header "
                    "(JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD, RDF/XML).",
        "named": "Named queries",
        "parameters": "parameters:",
        "other": "Français",
        "public": "Public view: a person appears only if a source gives them a public mandate (chair, board or "
                  "bureau, general delegate, director, national coordinator, representative); elsewhere the names "
                  "of the others are masked ([…]).",
    },
}
STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
textarea { width: 100%; font-family: ui-monospace, monospace; font-size: 0.9rem; }
li { margin: 0.2rem 0; } code { background: #f3f3f3; padding: 0 0.2rem; }
nav { float: right; }
"""


def _named_list(lang: str) -> str:
    items = []
    for query in queries.catalogue().values():
        link = f"/queries/{query.name}" + (f"?{urlencode(query.example)}" if query.example else "")
        title = query.title.get(lang) or query.title.get("en") or query.name
        params = ", ".join(p.name + ("" if p.required else "?") for p in query.parameters)
        detail = f" <small>({TEXT[lang]['parameters']} {escape(params)})</small>" if params else ""
        items.append(f'<li><a href="{escape(link)}"><code>{escape(query.name)}</code></a> {escape(title)}{detail}</li>')
    return "\n".join(items)


def _editor_text() -> str:
    catalogue = queries.catalogue()
    example = catalogue.get(EDITOR_EXAMPLE) or next(iter(catalogue.values()), None)
    return example.text if example else ""


def render(lang: str, public: bool = False) -> str:
    """The page in ``lang``; a server of the public view says so under the title."""
    t = TEXT[lang]
    notice = f"<p><strong>{escape(t['public'])}</strong></p>\n" if public else ""
    other = LANGUAGES[1 - LANGUAGES.index(lang)]
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(t['title'])}</title><style>{STYLE}</style></head>
<body>
<nav><a href="/?lang={other}" hreflang="{other}">{t['other']}</a></nav>
<h1>{escape(t['title'])}</h1>
<p>{escape(t['intro'])}</p>
{notice}<h2>{t['explore']}</h2>
<ul>
<li><a href="/map?lang={lang}">{escape(t['map'])}</a></li>
<li><a href="#editor">{escape(t['editor'])}</a></li>
<li><a href="/editor?lang={lang}">{escape(t['yasgui'])}</a></li>
<li><a href="/queries">{escape(t['queries'])}</a></li>
<li><a href="/ontology">{escape(t['ontology'])}</a></li>
<li><a href="/docs">{escape(t['docs'])}</a></li>
</ul>
<h2 id="editor">{escape(t['editor'])}</h2>
<p>{escape(t['endpoint'])}</p>
<form action="/sparql" method="get">
<textarea name="query" rows="16" spellcheck="false">{escape(_editor_text())}</textarea>
<p><button type="submit">{escape(t['run'])}</button></p>
</form>
<h2>{escape(t['named'])}</h2>
<ul>
{_named_list(lang)}
</ul>
</body>
</html>
"""


@router.get("/", response_class=HTMLResponse, summary="Landing page (French or English)")
async def landing(request: Request) -> HTMLResponse:
    lang = language(request)
    return HTMLResponse(render(lang, get_settings(request).public),
                        headers={"Content-Language": lang, "Vary": "Accept-Language"})
