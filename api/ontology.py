"""``/ontology``: the ontology and its concept schemes (``ontology/ses.ttl`` and ``schemes.ttl``, not the shapes).

RDF clients get Turtle by default (or N-Triples, JSON-LD, RDF/XML by ``Accept``); a browser,
whose ``Accept`` puts ``text/html`` first, gets a readable page: every class, property, scheme and
concept with its French and English labels and definitions, each at ``/ontology#LocalName``.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from html import escape

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from rdflib.namespace import RDFS, SKOS

from ses_graph import terms
from ses_graph.ontology import ONTOLOGY_FILE, SCHEMES_FILE, compact, prefixes
from ses_graph.resources import internal_query, project_dir

from .entity_page import entity_path
from .negotiation import GRAPH_OFFERS, HTML, choose
from .html import language

router = APIRouter(tags=["ontology"])

ONTOLOGY_OFFERS = (*GRAPH_OFFERS, HTML)
SECTIONS = {"class": {"fr": "Classes", "en": "Classes"}, "property": {"fr": "Propriétés", "en": "Properties"},
            "scheme": {"fr": "Schémas de concepts", "en": "Concept schemes"}, "concept": {"fr": "Concepts", "en": "Concepts"}}
LABELS = (str(RDFS.label), str(SKOS.prefLabel))
DEFINITIONS = (str(SKOS.definition), str(RDFS.comment))
LINKS = {str(RDFS.subClassOf): "⊂", str(RDFS.domain): "domain", str(RDFS.range): "range", str(SKOS.inScheme): "∈"}
STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
dt { font-weight: 600; margin-top: 0.8rem; } dd { margin: 0 0 0 1.5rem; } small { color: #666; } nav { float: right; }
"""


@lru_cache(maxsize=1)
def triples() -> tuple[ox.Triple, ...]:
    """The triples of the ontology and scheme files, sorted."""
    found = set()
    for name in (ONTOLOGY_FILE, SCHEMES_FILE):
        found.update(quad.triple for quad in ox.parse(path=str(project_dir("ontology") / name)))
    return tuple(sorted(found, key=str))


def anchor(iri: str) -> str:
    return iri[len(terms.SES):] if iri.startswith(terms.SES) else compact(iri)


@lru_cache(maxsize=2)
def page(lang: str) -> str:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples())
    entries: dict[str, dict[str, dict]] = defaultdict(dict)
    for row in store.query(internal_query("ontology-terms")):
        entry = entries[row["kind"].value].setdefault(row["term"].value, defaultdict(list))
        if row["property"] is not None:
            entry[row["property"].value].append(row["value"])
    parts = [f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
             f"<title>ses-graph ontology</title><style>{STYLE}</style></head>\n<body>",
             f'<nav><a href="/?lang={lang}">ses-graph</a> · <a href="?lang={"en" if lang == "fr" else "fr"}">'
             f'{"English" if lang == "fr" else "Français"}</a></nav>',
             f"<h1>{'Ontologie' if lang == 'fr' else 'Ontology'} ses-graph</h1>",
             f"<p><code>{escape(terms.ONTOLOGY.value)}</code> · Turtle: <code>curl -H 'Accept: text/turtle' …/ontology</code></p>"]
    for kind, titles in SECTIONS.items():
        found = entries.get(kind, {})
        parts.append(f"<h2>{titles[lang]} ({len(found)})</h2>\n<dl>")
        for iri, values in sorted(found.items(), key=lambda kv: anchor(kv[0]).lower()):
            parts.append(_entry(iri, values))
        parts.append("</dl>")
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


def _literals(values: dict, predicates: tuple[str, ...]) -> str:
    found = sorted({(v.language or "", v.value) for p in predicates for v in values.get(p, []) if isinstance(v, ox.Literal)})
    return " · ".join(f"{escape(text)} <small>@{tag}</small>" if tag else escape(text) for tag, text in found)


def _link(iri: str) -> str:
    if iri.startswith(terms.SES):
        return f'<a href="#{escape(anchor(iri))}">{escape(compact(iri))}</a>'
    path = entity_path(iri)
    return f'<a href="{escape(path)}">{escape(compact(iri))}</a>' if path else escape(compact(iri))


def _entry(iri: str, values: dict) -> str:
    links = [f"{symbol} {_link(v.value)}" for p, symbol in LINKS.items() for v in values.get(p, [])
             if isinstance(v, ox.NamedNode)]
    extra = f" <small>{' · '.join(links)}</small>" if links else ""
    definition = _literals(values, DEFINITIONS)
    return (f'<dt id="{escape(anchor(iri))}"><code>{escape(compact(iri))}</code> {_literals(values, LABELS)}{extra}</dt>'
            + (f"<dd>{definition}</dd>" if definition else ""))


@router.get("/ontology", summary="The ontology: Turtle (default), N-Triples, JSON-LD, RDF/XML, or HTML", responses={
    200: {"description": "the ontology and its concept schemes", "content": {o.media_type: {} for o in ONTOLOGY_OFFERS}},
    406: {"description": "none of the accepted media types fits"},
})
async def ontology(request: Request) -> Response:
    offer = choose(request.headers.get("accept"), ONTOLOGY_OFFERS)
    if offer is HTML:
        lang = language(request)
        return HTMLResponse(page(lang), headers={"Vary": "Accept, Accept-Language", "Content-Language": lang})
    body = ox.serialize(triples(), format=offer.format, prefixes=prefixes())
    return Response(body, headers={"Vary": "Accept", "Content-Type": offer.content_type})
