"""``/id/{path}``: every entity IRI ``https://w3id.org/ses-graph/id/{path}`` dereferences here.

``Accept`` chooses: an HTML page (the default, for browsers), or the entity's description as
Turtle, N-Triples, JSON-LD or RDF/XML: its own triples, every fact that points to it (with source
and quote) and the other triples that point to it (``ses_graph/sparql/entity.rq``). 404 for an
IRI the graph does not mention.
"""

from __future__ import annotations

from collections import defaultdict
from typing import cast

import anyio
import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ses_graph import queries, search, terms
from ses_graph.errors import NotFound, ParameterError, http_status
from ses_graph.ontology import prefixes
from ses_graph.resources import internal_template

from . import entity_page, html
from .dependencies import get_store
from .negotiation import GRAPH_OFFERS, HTML, choose

router = APIRouter(tags=["entities"])

ENTITY_OFFERS = (HTML, *GRAPH_OFFERS)


def describe(store: ox.Store, iri: ox.NamedNode) -> list[ox.Triple]:
    """The triples of ``entity.rq`` for ``iri``, sorted (the same graph gives the same bytes)."""
    triples = cast(ox.QueryTriples, store.query(internal_template("entity").text({"entity": iri})))  # a CONSTRUCT
    return sorted(set(triples), key=str)


def labels(store: ox.Store, iri: ox.NamedNode) -> dict[str, dict[str, str]]:
    """Label by language of each IRI around ``iri`` (``entity-labels.rq``)."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    rows = cast(ox.QuerySolutions, store.query(internal_template("entity-labels").text({"entity": iri})))
    for row in rows:  # (?term, ?label): an IRI and a literal
        label, term = cast(ox.Literal, row["label"]), cast(ox.NamedNode, row["term"]).value
        language = label.language or ""
        if language not in found[term] or label.value < found[term][language]:
            found[term][language] = label.value
    return found


def nearest(store: ox.Store, path: str, limit: int = 8) -> list[dict]:
    """The entities whose names are nearest to the last part of a mistyped ``/id/`` path (search's ranking)."""
    typed = path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
    try:
        found = [m.entity for m in queries.rank(store, typed, limit)]
    except ParameterError:  # nothing to search in it, or too long: the nearest by rapidfuzz alone
        found = []
    if not found:
        keys = {
            cast(ox.Literal, q.object).value: cast(ox.NamedNode, q.subject).value
            for q in store.quads_for_pattern(None, terms.searchKey, None, terms.SEARCH_GRAPH)
        }
        found = list(dict.fromkeys(keys[k] for k in search.nearest(typed, keys, limit)))
    return [{"href": entity_page.entity_path(iri) or iri, "label": search.label_of(store, ox.NamedNode(iri)),
             "id": iri.removeprefix(terms.ID)} for iri in found]


@router.get("/id/{path:path}", summary="An entity: HTML page, or its description in RDF", responses={
    200: {"description": "HTML by default; Turtle, N-Triples, JSON-LD or RDF/XML by Accept",
          "content": {offer.media_type: {} for offer in ENTITY_OFFERS}},
    404: {"description": "the graph says nothing about this IRI"},
    406: {"description": "none of the accepted media types fits"},
})
async def entity(path: str, request: Request) -> Response:
    store = await get_store(request)
    offer = choose(request.headers.get("accept"), ENTITY_OFFERS)
    try:
        iri = ox.NamedNode(terms.ID + path)
    except ValueError:
        raise NotFound(f"no entity {terms.ID + path!r}") from None
    triples = await anyio.to_thread.run_sync(describe, store, iri)
    if not triples:
        missing = NotFound(f"the graph says nothing about <{iri.value}>")
        if offer is HTML and "html" in request.headers.get("accept", ""):  # a browser: a page with the nearest
            found = await anyio.to_thread.run_sync(nearest, store, path)
            return html.page(request, "not_found.html", status_code=http_status(missing),
                             vary="Accept, Accept-Language", iri=iri.value, nearest=found, typed=path.replace("-", " "))
        raise missing
    headers = {"Vary": "Accept, Accept-Language"}
    if offer is HTML:
        names = await anyio.to_thread.run_sync(labels, store, iri)
        context = entity_page.context(iri.value, triples, names, html.language(request))
        return html.page(request, "entity.html", vary="Accept, Accept-Language", **context)
    body = ox.serialize(triples, format=cast(ox.RdfFormat, offer.format), prefixes=prefixes())  # a graph offer
    return Response(body, headers={**headers, "Content-Type": offer.content_type})
