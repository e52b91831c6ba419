"""``/ontology``: the ontology and its concept schemes (``ontology/ses.ttl`` and ``schemes.ttl``, not the shapes).

RDF clients get Turtle by default (or N-Triples, JSON-LD, RDF/XML by ``Accept``); a browser,
whose ``Accept`` puts ``text/html`` first, gets a readable page: every class, property, scheme and
concept with its French and English labels and definitions, each at ``/ontology#LocalName``.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ses_graph import terms
from ses_graph.ontology import ONTOLOGY_FILE, SCHEMES_FILE, compact, prefixes
from ses_graph.resources import project_dir, select

from . import html
from .entity_page import entity_path
from .negotiation import GRAPH_OFFERS, HTML, choose

router = APIRouter(tags=["ontology"])

ONTOLOGY_OFFERS = (*GRAPH_OFFERS, HTML)
SECTIONS = {
    "class": {"fr": "Classes", "en": "Classes"},
    "property": {"fr": "Propriétés", "en": "Properties"},
    "scheme": {"fr": "Schémas de concepts", "en": "Concept schemes"},
    "concept": {"fr": "Concepts", "en": "Concepts"},
}
LABELS = (terms.rdfs_label.value, terms.skos_prefLabel.value)
DEFINITIONS = (terms.skos_definition.value, terms.rdfs_comment.value)
LINKS = {
    terms.rdfs_subClassOf.value: "⊂",
    terms.rdfs_domain.value: "domain",
    terms.rdfs_range.value: "range",
    terms.skos_inScheme.value: "∈",
}


@lru_cache(maxsize=1)
def triples() -> tuple[ox.Triple, ...]:
    """The triples of the ontology and scheme files, sorted."""
    found: set[ox.Triple] = set()
    for name in (ONTOLOGY_FILE, SCHEMES_FILE):
        found.update(quad.triple for quad in ox.parse(path=str(project_dir("ontology") / name)))
    return tuple(sorted(found, key=str))


def anchor(iri: str) -> str:
    return iri[len(terms.SES):] if iri.startswith(terms.SES) else compact(iri)


@lru_cache(maxsize=2)
def sections(lang: str) -> list[dict]:
    """Every class, property, scheme and concept, by kind, with labels, definition and links (``ontology-terms.rq``)."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples())
    entries: dict[str, dict[str, dict]] = defaultdict(dict)
    for row in select(store, "ontology-terms"):
        entry = entries[row["kind"].value].setdefault(row["term"].value, defaultdict(list))
        if row["property"] is not None:
            entry[row["property"].value].append(row["value"])
    return [
        {
            "title": titles[lang],
            "entries": [
                _entry(iri, values)
                for iri, values in sorted(entries.get(kind, {}).items(), key=lambda kv: anchor(kv[0]).lower())
            ],
        }
        for kind, titles in SECTIONS.items()
    ]


def _literals(values: dict, predicates: tuple[str, ...]) -> list[dict]:
    found = sorted(
        {(v.language or "", v.value) for p in predicates for v in values.get(p, []) if isinstance(v, ox.Literal)}
    )
    return [{"text": text, "lang": tag} for tag, text in found]


def _link(iri: str) -> dict:
    if iri.startswith(terms.SES):
        return {"href": "#" + anchor(iri), "text": compact(iri)}
    return {"href": entity_path(iri), "text": compact(iri)}


def _entry(iri: str, values: dict) -> dict:
    links = [{"symbol": symbol, **_link(v.value)} for p, symbol in LINKS.items() for v in values.get(p, [])
             if isinstance(v, ox.NamedNode)]
    return {"anchor": anchor(iri), "name": compact(iri), "labels": _literals(values, LABELS), "links": links,
            "definitions": _literals(values, DEFINITIONS)}


@router.get(
    "/ontology",
    summary="The ontology: Turtle (default), N-Triples, JSON-LD, RDF/XML, or HTML",
    responses={
        200: {
            "description": "the ontology and its concept schemes",
            "content": {o.media_type: {} for o in ONTOLOGY_OFFERS},
        },
        406: {"description": "none of the accepted media types fits"},
    },
)
async def ontology(request: Request) -> Response:
    offer = choose(request.headers.get("accept"), ONTOLOGY_OFFERS)
    if offer is HTML:
        return html.page(request, "ontology.html", vary="Accept, Accept-Language", ontology=terms.ONTOLOGY.value,
                         sections=sections(html.language(request)))
    assert not isinstance(offer.format, ox.QueryResultsFormat)  # ONTOLOGY_OFFERS are graph formats and HTML
    body = ox.serialize(triples(), format=offer.format, prefixes=prefixes())
    return Response(body, headers={"Vary": "Accept", "Content-Type": offer.content_type})
