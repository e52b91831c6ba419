"""The dataset's description: ``GET /.well-known/void`` (VoID + DCAT) and, for ``GET /sparql`` without
a query, the SPARQL 1.1 Service Description of the endpoint (:mod:`ses_graph.description`).

Both are RDF, negotiated like a CONSTRUCT result (Turtle by default), with the ontology's prefixes.
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response

from ses_graph import terms
from ses_graph.description import service_triples
from ses_graph.errors import NotFound
from ses_graph.ontology import prefixes

from .dependencies import get_settings, get_store
from .negotiation import GRAPH_OFFERS, choose

router = APIRouter(tags=["description"])


def _graph_response(request: Request, triples: list[ox.Triple]) -> Response:
    offer = choose(request.headers.get("accept"), GRAPH_OFFERS)
    assert not isinstance(offer.format, ox.QueryResultsFormat)  # GRAPH_OFFERS are graph formats
    body = ox.serialize(triples, format=offer.format, prefixes=prefixes())
    return Response(body, headers={"Vary": "Accept", "Content-Type": offer.content_type})


@router.get("/.well-known/void", summary="VoID and DCAT description of the dataset", responses={
    200: {"description": "the description: titles (FR/EN), licence, publisher, sources, counts, dumps, endpoint, "
                         "named queries", "content": {o.media_type: {} for o in GRAPH_OFFERS}},
    404: {"description": "the store was built without a description (build it again)"},
    406: {"description": "none of the accepted media types fits"},
})
async def void(request: Request) -> Response:
    store = await get_store(request)
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, terms.DESCRIPTION_GRAPH)]
    if not triples:
        raise NotFound("this store holds no description of the dataset: build it again with ses-graph build")
    return _graph_response(request, triples)


async def service_description(request: Request) -> Response:
    """The Service Description of this endpoint (its URL as the client called it)."""
    endpoint = str(request.url.replace(query="", fragment=""))
    return _graph_response(request, service_triples((await get_store(request)), endpoint,
                                                    writable=get_settings(request).writable))
