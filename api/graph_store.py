"""``/store``: the SPARQL 1.1 Graph Store HTTP Protocol, with indirect and direct graph identification.

``/store?graph=IRI`` names a graph, ``/store?default`` the default graph, and a URL below the store
(``/store/people/1.ttl``) names the graph whose IRI is that URL itself, as the client wrote it, so
that the IRIs a POST to ``/store`` mints can be used as they are. GET (and HEAD) return the graph,
negotiated like a CONSTRUCT result; PUT replaces it with the request body, POST adds the body to it
(one RDF document, or several as ``multipart/form-data``; a POST to ``/store`` itself makes a new
graph and answers 201 with its IRI in ``Location``), DELETE removes it. Writes need the operator's
bearer token, like SPARQL updates, and are held to the same rules: validated (422), journaled and
made by the writer process (:func:`ses_graph.api.writer.commit_graph`), so a PUT never leaves the graph half replaced;
a contributor's is kept as a proposal (202, :mod:`ses_graph.api.proposals`).
"""

from __future__ import annotations

import uuid
from typing import Any
from xml.parsers import expat

import anyio
import pyoxigraph as ox
from fastapi import APIRouter, Request, Response

from ses_graph import writes
from ses_graph.errors import BadRequest, Forbidden, NotFound, PayloadTooLarge, UnsupportedMediaType, WriteRefused
from ses_graph.validate.locate import Body, places

from . import execution, multipart, writer
from .dependencies import check_write_access, get_store, write
from .docs import IRI, RDF_FORMATS, exploded
from .negotiation import GRAPH_OFFERS, choose
from .proposals import proposed

router = APIRouter(tags=["graph store"])

MULTIPART = "multipart/form-data"
#: How much larger than its body a write's triples may be (N-Triples spell out every IRI; more means expansion).
EXPANSION = 20
DIRECT = "/store/{path:path}"
ALLOW = "GET, HEAD, PUT, POST, DELETE, OPTIONS"

TARGET = {"properties": {
    "graph": {**IRI, "description": "the graph IRI"},
    "default": {"type": "string", "description": "present (with no value) to name the default graph"}}}
#: ``?graph=IRI`` or ``?default``, exactly one (a request with neither or both is a 400).
EXACTLY_ONE = {"oneOf": [{"required": ["graph"]}, {"required": ["default"]}]}
PARAMETERS = {"parameters": [exploded("graph", {**TARGET, **EXACTLY_ONE},
                                      "the graph: ?graph=IRI or ?default, exactly one", required=True)]}
#: A POST may name neither: it then makes a new graph, whose IRI the server mints (201, Location).
POST_PARAMETERS = {"parameters": [exploded("graph", {**TARGET, "not": {"required": ["graph", "default"]}},
                                           "the graph: ?graph=IRI or ?default, or neither to make a new graph")]}
#: The body of a write: one RDF graph, or several as files of a multipart/form-data body.
BODY = {"required": True, "content": {
    **{media: {"schema": {"type": "string", "format": name}} for media, name in RDF_FORMATS.items()},
    MULTIPART: {"schema": {"type": "object", "additionalProperties": {"type": "string", "format": "binary"}}}}}
DIRECT_PARAMETERS = {"parameters": [
    {"name": "path", "in": "path", "required": True, "schema": {"type": "string"},
     "description": "the rest of the graph's own URL, whose IRI is that URL"},
]}
READ_ERRORS: dict[int | str, dict[str, Any]] = {
    200: {"description": "the graph, in the RDF format chosen by Accept (Turtle by default)",
          "content": {offer.media_type: {} for offer in GRAPH_OFFERS}},
    400: {"description": "neither or both of graph and default"},
    404: {"description": "no such graph"},
    406: {"description": "none of the accepted media types is an RDF format"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    201: {"description": "the graph did not exist and was made (a POST to /store itself: its IRI in Location)"},
    202: {"description": "a contributor's write, kept as a proposal for review (Location: /proposals/ID)"},
    400: {"description": "the body does not parse (the parser's line and column), or neither or both of graph and "
                         "default"},
    401: {"description": "no bearer token"},
    403: {"description": "wrong token, or a read-only server"},
    404: {"description": "no such graph"},
    413: {"description": "the body is too large"},
    415: {"description": "the body is not an RDF graph format"},
    422: {"description": "the write breaks the rules of the curated data: the violations, each with the document, "
                         "line and column of its triple in the body"},
}


def _direct(request: Request) -> bool:
    return "path" in request.path_params


def _own_iri(request: Request) -> ox.NamedNode:
    """The request's URL without its query, with its percent-escapes as sent (Starlette's ``url`` decodes them)."""
    url = str(request.url.replace(path=request.scope["raw_path"].decode("utf-8"), query=""))
    try:
        return ox.NamedNode(url)
    except ValueError as error:
        raise BadRequest(f"{url!r} is not an absolute IRI ({error})") from None


def target(request: Request) -> ox.NamedNode | ox.DefaultGraph:
    """The graph a request names: below ``/store``, its own URL; on ``/store``, ``?graph=IRI`` or ``?default``, exactly
    one."""
    params = request.query_params
    if _direct(request):
        if "graph" in params or "default" in params:
            raise BadRequest("a URL below /store names its graph itself: no ?graph or ?default there")
        return _own_iri(request)
    graphs = params.getlist("graph")
    if ("default" in params) == bool(graphs) or len(graphs) > 1:
        raise BadRequest("name one graph: ?graph=IRI or ?default")
    if not graphs:
        return ox.DefaultGraph()
    try:
        return ox.NamedNode(graphs[0])
    except ValueError as error:
        raise BadRequest(f"graph: {graphs[0]!r} is not an absolute IRI ({error})") from None


def _exists(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> bool:
    return isinstance(graph, ox.DefaultGraph) or store.contains_named_graph(graph)


def _refuse_dtd(body: bytes) -> None:
    """Refuse (400) an RDF/XML body that declares a DTD: its entities could expand a small body without bound.

    Decided by expat, the XML parser itself, which stops at the DOCTYPE before any entity is read.
    """
    def doctype(*_: object) -> None:
        raise BadRequest("an RDF/XML body may not declare a DTD or entities (<!DOCTYPE ...>): "
                         "they could expand without bound")

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        parser.Parse(body, True)
    except expat.ExpatError as error:
        raise BadRequest(f"the RDF/XML body is not well-formed XML: {error}") from None


def _parse(media: str, body: bytes, base: str) -> list[ox.Triple]:
    """One RDF document, parsed (each parse gives its blank nodes fresh labels)."""
    rdf_format = ox.RdfFormat.from_media_type(media) if media else None
    if rdf_format is None or (rdf_format.supports_datasets and rdf_format != ox.RdfFormat.JSON_LD):
        raise UnsupportedMediaType(f"the body must be an RDF graph (Turtle, N-Triples, RDF/XML, JSON-LD...), "
                                   f"or multipart/form-data of such files, not {media or 'untyped'}")
    if rdf_format == ox.RdfFormat.RDF_XML:
        _refuse_dtd(body)
    quads = list(ox.parse(body, format=rdf_format, base_iri=base, rename_blank_nodes=True))
    if any(not isinstance(quad.graph_name, ox.DefaultGraph) for quad in quads):
        raise BadRequest("the JSON-LD body names graphs of its own: a write to /store carries one graph")
    triples = [quad.triple for quad in quads]
    size = len(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
    if size > EXPANSION * len(body) + 1_000_000:
        raise PayloadTooLarge(f"the body expands to {size} characters of triples, more than {EXPANSION} "
                              f"times its size")
    return triples


async def _triples(request: Request,
                   graph: ox.NamedNode | ox.DefaultGraph) -> tuple[list[ox.Triple], list[tuple[Body, ox.RdfFormat]]]:
    """The request body's triples: one RDF document, or several as multipart/form-data; and each document, by which
    a violation of the curated rules is located in the body."""
    media = request.headers.get("content-type", "")
    base = graph.value if isinstance(graph, ox.NamedNode) else str(request.url.replace(query=""))
    if media.split(";")[0].strip().lower() == MULTIPART:
        documents = await multipart.files(request)
    else:
        documents = [(media, await request.body(), "body")]
    triples, sources = [], []
    for kind, body, name in documents:
        triples += await anyio.to_thread.run_sync(_parse, kind, body, base)
        rdf_format = ox.RdfFormat.from_media_type(kind)
        assert rdf_format is not None  # _parse refuses a body of no RDF format
        sources.append((Body(name, body, base), rdf_format))
    return triples, sources


def _writable(graph: ox.NamedNode | ox.DefaultGraph) -> None:
    """403 for a graph that the build or the server maintains (search keys, mediators, shapes, changes)."""
    if graph in writes.PROTECTED:
        raise Forbidden(f"the graph {graph} is maintained by the build and the server: writes may not change it")


def _require(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> None:
    """404 unless ``graph`` exists."""
    if not _exists(store, graph):
        raise NotFound(f"no graph {graph}")


async def _write(request: Request, replace: bool) -> Response:
    agent = check_write_access(request)
    store = await get_store(request)
    params = request.query_params
    minted = not replace and not _direct(request) and "graph" not in params and "default" not in params
    # A POST to the graph store itself makes a new graph, named by the server (the protocol's section 5.5).
    graph = ox.NamedNode(f"{request.url.replace(query='')}/{uuid.uuid4().hex}") if minted else target(request)
    _writable(graph)
    triples, sources = await _triples(request, graph)
    existed = _exists(store, graph)
    try:
        proposal = proposed(await write(request, writer.commit_graph, agent, graph, triples, replace))
    except WriteRefused as error:  # each violation at the line and column of its triple in the body
        error.where = await anyio.to_thread.run_sync(places, sources, [v.triple for v in error.violations])
        raise
    if proposal is not None:
        return proposal
    if minted:
        assert isinstance(graph, ox.NamedNode)  # a graph is minted only under /store
        return Response(status_code=201, headers={"Location": graph.value})
    return Response(status_code=204 if existed else 201)


@router.get("/store", summary="Get a graph", openapi_extra=PARAMETERS, responses=READ_ERRORS)
@router.get(DIRECT, summary="Get the graph named by this URL", openapi_extra=DIRECT_PARAMETERS, responses=READ_ERRORS)
async def get_graph(request: Request) -> Response:
    store, graph = (await get_store(request)), target(request)
    offer = choose(request.headers.get("accept"), GRAPH_OFFERS)
    _require(store, graph)
    return await execution.dump(store, graph, offer)


@router.head("/store", summary="Whether a graph exists", openapi_extra=PARAMETERS, responses=READ_ERRORS)
@router.head(DIRECT, summary="Whether the graph named by this URL exists", openapi_extra=DIRECT_PARAMETERS,
             responses=READ_ERRORS)
async def head_graph(request: Request) -> Response:
    store, graph = (await get_store(request)), target(request)
    offer = choose(request.headers.get("accept"), GRAPH_OFFERS)
    _require(store, graph)
    return Response(headers={"Content-Type": offer.content_type, "Vary": "Accept"})


@router.put("/store", summary="Replace a graph", openapi_extra={**PARAMETERS, "requestBody": BODY}, status_code=204,
            responses=WRITE_ERRORS)
@router.put(DIRECT, summary="Replace the graph named by this URL",
            openapi_extra={**DIRECT_PARAMETERS, "requestBody": BODY}, status_code=204, responses=WRITE_ERRORS)
async def put_graph(request: Request) -> Response:
    return await _write(request, replace=True)


@router.post("/store", summary="Add to a graph, or make a new one",
             openapi_extra={**POST_PARAMETERS, "requestBody": BODY}, status_code=204, responses=WRITE_ERRORS)
@router.post(DIRECT, summary="Add to the graph named by this URL",
             openapi_extra={**DIRECT_PARAMETERS, "requestBody": BODY}, status_code=204, responses=WRITE_ERRORS)
async def post_graph(request: Request) -> Response:
    return await _write(request, replace=False)


@router.delete("/store", summary="Delete a graph", openapi_extra=PARAMETERS, status_code=204, responses=WRITE_ERRORS)
@router.delete(DIRECT, summary="Delete the graph named by this URL", openapi_extra=DIRECT_PARAMETERS, status_code=204,
               responses=WRITE_ERRORS)
async def delete_graph(request: Request) -> Response:
    agent = check_write_access(request)
    store, graph = (await get_store(request)), target(request)
    _writable(graph)
    _require(store, graph)
    return proposed(await write(request, writer.commit_graph, agent, graph, None, False)) or Response(status_code=204)


@router.options("/store", summary="The methods of the graph store", status_code=204)
@router.options(DIRECT, summary="The methods of a graph named by its URL", openapi_extra=DIRECT_PARAMETERS,
                status_code=204, responses={404: {"description": "a path that names no graph (a control character)"}})
async def graph_store_options() -> Response:
    return Response(status_code=204, headers={"Allow": ALLOW})
