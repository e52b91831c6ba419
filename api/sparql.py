"""``/sparql``: the SPARQL 1.1 Protocol (query and update operations).

Queries come by GET (``?query=``), by URL-encoded POST (``query=`` in the body) or by POST of
``application/sparql-query``; ``default-graph-uri`` and ``named-graph-uri`` give the dataset and,
when present, replace the query's own ``FROM`` / ``FROM NAMED``. Updates come only by POST
(``update=`` in a URL-encoded body, or ``application/sparql-update``), with the operator's bearer
token; ``using-graph-uri`` and ``using-named-graph-uri`` give their dataset. Relative IRIs are
resolved against the endpoint's own URL.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import Request, Response
from starlette.datastructures import URL
from starlette.routing import Route

from ses_graph.errors import BadRequest, UnsupportedMediaType

from . import execution, html, jobs, results_page, writer
from .dependencies import check_write_access, write
from .description import service_description
from .docs import IRI, SPARQL_QUERY, SPARQL_UPDATE, exploded
from .proposals import proposed
from .sparql_text import with_using

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
DATASET_PARAMETERS = {"query": ("default-graph-uri", "named-graph-uri"),
                      "update": ("using-graph-uri", "using-named-graph-uri")}

RESULTS = {
    "description": "SELECT and ASK: SPARQL results (JSON by default, XML, CSV, TSV); "
                   "CONSTRUCT and DESCRIBE: RDF (Turtle by default, N-Triples, JSON-LD, RDF/XML, N-Quads, TriG), "
                   "chosen by Accept.",
    "content": {media: {} for media in (
        "application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values",
        "text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml", "application/n-quads",
        "application/trig")},
}
ERRORS = {
    "400": {
        "description": "malformed query or update (the parser's message, with line and column), or a protocol error"
    },
    "401": {"description": "an update without a bearer token"},
    "403": {
        "description": "an update with a wrong token or on a read-only server; SERVICE or LOAD to a host not allowed"
    },
    "406": {"description": "none of the accepted media types fits the result"},
    "413": {"description": "the request body is too large"},
    "415": {
        "description": "a POST body that is neither URL-encoded, application/sparql-query nor application/sparql-update"
    },
    "422": {
        "description": "an update that would break the rules of the curated data (the violations, in JSON or text)"
    },
    "503": {"description": "the query ran past the time limit (it was stopped)"},
}
#: GET: a query and its dataset; no parameter at all is the Service Description, any parameter needs the query
#: (an update is sent with POST).
PARAMETERS = [exploded("query", {
    "properties": {"query": {**SPARQL_QUERY, "description": "the SPARQL query"},
                   "default-graph-uri": {"type": "array", "items": IRI,
                                         "description": "graphs merged into the default graph"},
                   "named-graph-uri": {"type": "array", "items": IRI, "description": "graphs available to GRAPH"}},
    "anyOf": [{"maxProperties": 0}, {"required": ["query"]}],
}, "the query and its dataset; no parameter at all: the Service Description (an update is sent with POST)")]


@dataclass
class Operation:
    """One protocol operation: a query or an update, its text and its dataset (lists of IRIs)."""

    kind: str
    text: str
    graphs: list[ox.NamedNode] = field(default_factory=list)
    named_graphs: list[ox.NamedNode] = field(default_factory=list)

    @property
    def has_dataset(self) -> bool:
        return bool(self.graphs or self.named_graphs)


def _iris(values: list[str], name: str) -> list[ox.NamedNode]:
    iris = []
    for value in values:
        try:
            iris.append(ox.NamedNode(value))
        except ValueError as error:
            raise BadRequest(f"{name}: {value!r} is not an absolute IRI ({error})") from None
    return iris


def operation(params: list[tuple[str, str]], direct: tuple[str, str] | None = None) -> Operation:
    """The operation a request asks for, from its parameters and, for a direct POST, its body."""
    values: dict[str, list[str]] = {}
    for key, value in params:
        values.setdefault(key, []).append(value)
    if direct is not None:
        kind, text = direct
        if "query" in values or "update" in values:
            raise BadRequest(f"a POST of application/sparql-{kind} carries the {kind} in its body, not in a parameter")
        values[kind] = [text]
    kinds = [kind for kind in ("query", "update") if kind in values]
    if not kinds:
        raise BadRequest("give a 'query' (or, with POST, an 'update') parameter")
    if len(kinds) > 1:
        raise BadRequest("give either a query or an update, not both")
    kind = kinds[0]
    if len(values[kind]) > 1:
        raise BadRequest(f"give one '{kind}' parameter, not {len(values[kind])}")
    other = DATASET_PARAMETERS["update" if kind == "query" else "query"]
    misplaced = [name for name in other if name in values]
    if misplaced:
        raise BadRequest(f"{', '.join(misplaced)} does not apply to a {kind}")
    graphs, named = DATASET_PARAMETERS[kind]
    return Operation(kind, values[kind][0], _iris(values.get(graphs, []), graphs), _iris(values.get(named, []), named))


def _media_type(request: Request) -> tuple[str, str | None]:
    """The body's media type and charset (lowercase), or ``("", None)`` when none is given."""
    header = request.headers.get("content-type", "")
    media, *params = header.split(";")
    charset = None
    for param in params:
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


async def _post_operation(request: Request) -> Operation:
    media, charset = _media_type(request)
    if media not in (FORM, QUERY, UPDATE):
        given = f"Content-Type {media!r}" if media else "no Content-Type"
        raise UnsupportedMediaType(f"a POST to /sparql needs Content-Type {FORM}, {QUERY} or {UPDATE}, not {given}")
    if charset not in (None, "utf-8", "utf8"):
        raise UnsupportedMediaType(f"the body must be UTF-8, not {charset}")
    try:
        body = (await request.body()).decode("utf-8")
    except UnicodeDecodeError as error:  # the media type's charset is UTF-8: a body in another is not of that type
        raise UnsupportedMediaType(f"the body must be UTF-8: byte {error.start} is not ({error.reason})") from None
    params = request.query_params.multi_items()
    if media == FORM:
        return operation(params + parse_qsl(body, keep_blank_values=True))
    return operation(params, ("query" if media == QUERY else "update", body))


def _base_iri(request: Request) -> str:
    """The endpoint's own URL (``request.url`` without query or fragment), against which relative IRIs resolve."""
    scope = request.scope
    host = next((value for key, value in scope["headers"] if key == b"host"), None)
    return _endpoint_url(scope.get("scheme", "http"), host, scope.get("server"), scope["path"])


@functools.lru_cache(maxsize=64)  # clients name the server by a few host names: each URL is built once
def _endpoint_url(scheme: str, host: bytes | None, server: tuple[str, int] | None, path: str) -> str:
    headers = [] if host is None else [(b"host", host)]
    scope = {"type": "http", "scheme": scheme, "server": server, "path": path, "headers": headers}
    return str(URL(scope=scope))


async def _answer(op: Operation, request: Request) -> Response:
    base = _base_iri(request)
    if op.kind == "update":
        agent = check_write_access(request)
        text = with_using(op.text, [g.value for g in op.graphs], [g.value for g in op.named_graphs])
        return proposed(await write(request, writer.commit_update, agent, text, base)) or Response(status_code=204)
    accept = results_page.accept_of(request)
    job = jobs.Job(
        accept,
        text=op.text,
        base_iri=base,
        default_graph=tuple(g.value for g in op.graphs),
        named_graphs=tuple(g.value for g in op.named_graphs),
    )
    if results_page.wants_html(accept):
        graphs, named = DATASET_PARAMETERS["query"]
        params = [
            ("query", op.text),
            *((graphs, g.value) for g in op.graphs),
            *((named, g.value) for g in op.named_graphs),
        ]
        title = html.text(html.language(request))["results_sparql_title"]
        return await results_page.answer(request, job, title=title, query_text=op.text, params=params)
    return await execution.answer(request, job)


async def sparql(request: Request) -> Response:
    """``/sparql``: a query by GET, a query or an update by POST; a GET without parameters: the Service Description."""
    if request.method == "POST":
        return await _answer(await _post_operation(request), request)
    params = request.query_params.multi_items()
    if not params:  # as Fuseki and Virtuoso do
        return await service_description(request)
    if any(key == "update" for key, _ in params):
        raise BadRequest("an update must be sent with POST")
    return await _answer(operation(params), request)


#: A plain Starlette route, served ahead of the FastAPI routes: the endpoint takes the request as it
#: comes (no parameters to validate), and FastAPI's route handling would cost it a quarter of a
#: millisecond per request. Its OpenAPI description is :data:`OPENAPI`.
ROUTE = Route("/sparql", sparql, methods=["GET", "POST"])

OPENAPI = {"/sparql": {
    "get": {"tags": ["SPARQL"], "summary": "SPARQL query (GET)", "operationId": "sparql_get",
            "parameters": PARAMETERS, "responses": {"200": RESULTS, **ERRORS}},
    "post": {"tags": ["SPARQL"], "summary": "SPARQL query or update (POST)", "operationId": "sparql_post",
             "requestBody": {"required": True, "content": {
                 FORM: {"schema": {"type": "object", "properties": {"query": SPARQL_QUERY, "update": SPARQL_UPDATE},
                                   "oneOf": [{"required": ["query"]}, {"required": ["update"]}]}},
                 QUERY: {"schema": SPARQL_QUERY}, UPDATE: {"schema": SPARQL_UPDATE}}},
             "responses": {"200": RESULTS, "204": {"description": "update done"}, "202": {
                 "description": "a contributor's update, kept as a proposal for review (JSON, Location: "
                                "/proposals/ID)"},
                 **ERRORS}},
}}
