"""``/store``: the SPARQL 1.1 Graph Store HTTP Protocol, with indirect graph identification.

``/store?graph=IRI`` names a graph, ``/store?default`` the default graph. GET (and HEAD) return
the graph, negotiated like a CONSTRUCT result; PUT replaces it with the request body, POST adds
the body to it, DELETE removes it. Writes need the operator's bearer token, like SPARQL updates.
Each write is one SPARQL update, so it is applied in one transaction: a PUT never leaves the graph
half replaced.
"""

from __future__ import annotations

from functools import partial

import anyio
import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request, Response

from . import streaming
from .dependencies import check_write_access, get_settings, get_store
from .errors import BadRequest, NotFound, UnsupportedMediaType
from .negotiation import GRAPH_OFFERS, choose
from .settings import Settings

router = APIRouter(tags=["graph store"])

PARAMETERS = {"parameters": [
    {"name": "graph", "in": "query", "required": False, "schema": {"type": "string"}, "description": "the graph IRI"},
    {"name": "default", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "present (with no value) to name the default graph"},
]}
READ_ERRORS = {400: {"description": "neither or both of graph and default"}, 404: {"description": "no such graph"},
               406: {"description": "none of the accepted media types is an RDF format"}}
WRITE_ERRORS = {400: {"description": "the body does not parse"}, 401: {"description": "no bearer token"},
                403: {"description": "wrong token, or a read-only server"}, 404: {"description": "no such graph"},
                413: {"description": "the body is too large"}, 415: {"description": "the body is not an RDF graph format"}}


def target(request: Request) -> ox.NamedNode | ox.DefaultGraph:
    """The graph a request names: ``?graph=IRI`` or ``?default``, exactly one of them."""
    params = request.query_params
    graphs = params.getlist("graph")
    if ("default" in params) == bool(graphs) or len(graphs) > 1:
        raise BadRequest("name one graph: ?graph=IRI or ?default")
    if not graphs:
        return ox.DefaultGraph()
    try:
        return ox.NamedNode(graphs[0])
    except ValueError as error:
        raise BadRequest(f"graph: {graphs[0]!r} is not an absolute IRI ({error})") from None


def _exists(store: ox.Store, graph) -> bool:
    return isinstance(graph, ox.DefaultGraph) or store.contains_named_graph(graph)


def _sparql_graph(graph) -> str:
    return "DEFAULT" if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph}"


async def _triples(request: Request, graph) -> str:
    """The request body, parsed, as N-Triples text (for ``INSERT DATA``)."""
    media = request.headers.get("content-type", "")
    rdf_format = ox.RdfFormat.from_media_type(media) if media else None
    if rdf_format is None or rdf_format.supports_datasets:
        raise UnsupportedMediaType(f"the body must be an RDF graph (Turtle, N-Triples, RDF/XML, JSON-LD...), not {media or 'untyped'}")
    body = await request.body()
    base = graph.value if isinstance(graph, ox.NamedNode) else str(request.url.replace(query=""))

    def convert() -> str:
        quads = ox.parse(body, format=rdf_format, base_iri=base)
        return ox.serialize([quad.triple for quad in quads], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")

    return await anyio.to_thread.run_sync(convert)


def _insert(graph, triples: str) -> str:
    if isinstance(graph, ox.DefaultGraph):
        return f"INSERT DATA {{\n{triples}\n}}"
    return f"INSERT DATA {{ GRAPH {graph} {{\n{triples}\n}} }}"


async def _write(request: Request, settings: Settings, store: ox.Store, replace: bool) -> Response:
    check_write_access(settings, request.headers.get("authorization"))
    graph = target(request)
    triples = await _triples(request, graph)
    existed = _exists(store, graph)
    update = (f"DROP SILENT {_sparql_graph(graph)} ;\n" if replace else "") + _insert(graph, triples)
    await anyio.to_thread.run_sync(store.update, update)
    return Response(status_code=204 if existed else 201)


@router.get("/store", summary="Get a graph", openapi_extra=PARAMETERS, responses=READ_ERRORS)
async def get_graph(request: Request, settings: Settings = Depends(get_settings),
                    store: ox.Store = Depends(get_store)) -> Response:
    graph = target(request)
    offer = choose(request.headers.get("accept"), GRAPH_OFFERS)
    if not _exists(store, graph):
        raise NotFound(f"no graph {graph}")

    def work(sink) -> None:
        sink.announce(offer)
        store.dump(sink, offer.format, from_graph=graph)

    return (await streaming.start(work, settings.query_timeout)).response()


@router.head("/store", summary="Whether a graph exists", openapi_extra=PARAMETERS, responses=READ_ERRORS)
async def head_graph(request: Request, store: ox.Store = Depends(get_store)) -> Response:
    graph = target(request)
    offer = choose(request.headers.get("accept"), GRAPH_OFFERS)
    if not _exists(store, graph):
        raise NotFound(f"no graph {graph}")
    return Response(headers={"Content-Type": offer.content_type, "Vary": "Accept"})


@router.put("/store", summary="Replace a graph", openapi_extra=PARAMETERS, status_code=204, responses=WRITE_ERRORS)
async def put_graph(request: Request, settings: Settings = Depends(get_settings),
                    store: ox.Store = Depends(get_store)) -> Response:
    return await _write(request, settings, store, replace=True)


@router.post("/store", summary="Add to a graph", openapi_extra=PARAMETERS, status_code=204, responses=WRITE_ERRORS)
async def post_graph(request: Request, settings: Settings = Depends(get_settings),
                     store: ox.Store = Depends(get_store)) -> Response:
    return await _write(request, settings, store, replace=False)


@router.delete("/store", summary="Delete a graph", openapi_extra=PARAMETERS, status_code=204, responses=WRITE_ERRORS)
async def delete_graph(request: Request, settings: Settings = Depends(get_settings),
                       store: ox.Store = Depends(get_store)) -> Response:
    check_write_access(settings, request.headers.get("authorization"))
    graph = target(request)
    if not _exists(store, graph):
        raise NotFound(f"no graph {graph}")
    await anyio.to_thread.run_sync(partial(store.update, f"DROP {_sparql_graph(graph)}"))
    return Response(status_code=204)
