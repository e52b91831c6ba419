"""The remote kind of store: a SPARQL 1.1 server reached over HTTP (Oxigraph server, Virtuoso...).

:class:`RemoteStore` answers the part of ``pyoxigraph.Store``'s interface that the reading
commands and the server use (``query``, ``update``, ``len``, ``dump``, ``contains_named_graph``),
through the SPARQL 1.1 Protocol: queries are POSTed to the query endpoint, updates to the update
endpoint, and results are parsed by pyoxigraph, so a caller gets the same objects as from the
embedded store. Credentials (``SES_GRAPH_ENDPOINT_USER`` / ``SES_GRAPH_ENDPOINT_PASSWORD``) are
sent by HTTP Basic or Digest authentication, as the server asks.

Layout on the server: not every engine has a default graph of its own (Virtuoso's is the union of
all graphs, and it refuses to insert into it), so the curated graph (the embedded store's default
graph) lives in the named graph ``terms.DATA_GRAPH``, beside the computed graphs (search keys,
mediators, shapes), and every query that names no dataset of its own is sent with the protocol's
``default-graph-uri`` (the data graph) and ``named-graph-uri`` (the computed graphs): the same
dataset, hence the same answers, as on the embedded store, on any SPARQL 1.1 server. To query the
server directly, name the graph: ``FROM <https://w3id.org/ses-graph/graph/data>``.

:meth:`RemoteStore.replace_dataset` is how ``ses-graph build --endpoint`` publishes: the new
content goes into staging graphs that no reader's dataset includes, then one update request moves
them onto the project's graphs, so readers see the previous graphs until that request is applied.
"""

from __future__ import annotations

import os
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from itertools import groupby, islice
from typing import Any, BinaryIO, TypeVar, cast
from urllib.parse import urlencode

import orjson
import pyoxigraph as ox

from . import terms
from .errors import QueryError, RemoteError
from .remote_limits import (
    MAX_ROWS_HEADER,
    cut_graph,
    cut_triples,
    engine_log_limit,
    engine_timeout,
    our_timeout,
    row_cap,
    unpaged,
)
from .sparql_tokens import query_form, query_limit, select_pages

#: The environment variables of :meth:`Endpoint.from_env`, by field.
ENVIRONMENT = {
    "query": "SES_GRAPH_ENDPOINT",
    "update": "SES_GRAPH_UPDATE_ENDPOINT",
    "store": "SES_GRAPH_STORE_ENDPOINT",
    "user": "SES_GRAPH_ENDPOINT_USER",
    "password": "SES_GRAPH_ENDPOINT_PASSWORD",
}
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, text/plain;q=0.1"
#: What the pages of a result are asked for (:meth:`RemoteStore.query`): one JSON document is made of them.
PAGE_ACCEPT = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"
#: What a CONSTRUCT or DESCRIBE asks for: Virtuoso answers the first type of the Accept header whatever the query's
#: form (a CONSTRUCT as a table of ?s ?p ?o in SPARQL results JSON, a SELECT as N-Triples of its result-set vocabulary).
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.8, text/plain;q=0.1"
#: The query's form, after its Prologue (SPARQL 1.1 Query, 19.8, rules [4] to [6]: BASE and PREFIX declarations,
#: white space and comments between them).
RDF_TYPES = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
             "text/turtle": ox.RdfFormat.TURTLE}
RESULT_TYPES = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
                "application/json": ox.QueryResultsFormat.JSON,
                "application/sparql-results+xml": ox.QueryResultsFormat.XML}
#: Every quad of the project's dataset, as a group graph pattern (:meth:`RemoteStore.count`).
EVERY_QUAD = "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }"
#: The graphs of a remote store: the curated graph (the embedded store's default graph) and the named ones.
GRAPHS = (terms.DATA_GRAPH, *terms.NAMED_GRAPHS)
#: Quads per INSERT DATA request of a load.
CHUNK = 1000
T = TypeVar("T")
ASK_VARIABLE = "__ASK_RETVAL"  # Virtuoso answers an ASK in JSON as a one-row SELECT of this variable


@dataclass(frozen=True)
class Endpoint:
    """Where a remote SPARQL 1.1 server answers: its query, update and Graph Store endpoints, and credentials."""

    query: str
    update: str | None = None
    store: str | None = None
    user: str | None = None
    password: str | None = None
    timeout: float | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None,
                 **overrides: str | float | None) -> Endpoint | None:
        """The endpoint of ``SES_GRAPH_ENDPOINT`` etc., ``overrides`` (command-line options) winning; None when no
        query URL."""
        env = os.environ if environ is None else environ
        fields: dict[str, Any] = {name: env.get(variable) or None for name, variable in ENVIRONMENT.items()}
        fields.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**fields) if fields.get("query") else None

    def with_timeout(self, seconds: float | None) -> Endpoint:
        return replace(self, timeout=seconds)


class Triples:
    """The triples of a remote CONSTRUCT or DESCRIBE, iterable and serializable as ``QueryTriples`` are."""

    def __init__(self, triples: list[ox.Triple]):
        self._triples = triples

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def serialize(self, output: BinaryIO | None = None,
                  format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> bytes | None:
        return ox.serialize(self._triples, output, format=format)


class RemoteStore:
    """A SPARQL 1.1 server used as the store (see the module's description)."""

    def __init__(self, endpoint: Endpoint):
        self.endpoint = endpoint
        handlers = []
        if endpoint.user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (endpoint.query, endpoint.update, endpoint.store):
                if url:
                    passwords.add_password(None, url, endpoint.user, endpoint.password or "")
            handlers = [urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords)]
        self._opener = urllib.request.build_opener(*handlers)
        #: The engine's cap on rows, once an answer said it (:data:`MAX_ROWS_HEADER`), and the most rows an answer had
        #: without reaching it: what a CONSTRUCT's triples are held against (:meth:`_whole_graph`).
        self._cap: int | None = None
        self._below_cap = 0

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint.query!r})"

    def _send(self, url: str, body: bytes, content_type: str, accept: str = ACCEPT) -> tuple[str, bytes, str | None]:
        """POST ``body`` to ``url``: the answer's media type, body and :data:`MAX_ROWS_HEADER` (None: absent)."""
        headers = {"Content-Type": content_type, "Accept": accept}
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with self._opener.open(request, timeout=self.endpoint.timeout) as response:
                return response.headers.get_content_type(), response.read(), response.headers.get(MAX_ROWS_HEADER)
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace").strip()[:2000]
            if error.code == 400:
                raise QueryError(f"{url} refused the request: {detail}") from None
            raise engine_timeout(url, error.code, detail) or engine_log_limit(url, error.code, detail) or \
                RemoteError(f"{url} answered {error.code} {error.reason}: {detail}") from None
        except TimeoutError:
            raise our_timeout(url, self.endpoint.timeout) from None
        except (urllib.error.URLError, OSError) as error:
            raise RemoteError(f"{url} cannot be reached: {getattr(error, 'reason', error)}") from None

    def _post_query(self, text: str, dataset: list[tuple[str, str]], accept: str) -> tuple[str, bytes, str | None]:
        """POST the query ``text`` with the protocol's ``dataset`` parameters to the query endpoint (:meth:`_send`)."""
        return self._send(self.endpoint.query, urlencode([("query", text), *dataset]).encode(), FORM, accept)

    def query(self, query: str, *, base_iri: str | None = None,
              default_graph: Iterable[ox.NamedNode] | None = None, named_graphs: Iterable[ox.NamedNode] | None = None,
              prefixes: Mapping[str, str] | None = None, counted: bool = False,
              **_ignored: object) -> ox.QuerySolutions | ox.QueryBoolean | Triples:
        """Run a SPARQL query on the server, on the project's dataset unless one is given; the result as
        pyoxigraph parses it. ``custom_functions`` are ignored: a remote server has only its own functions.

        A ``SELECT`` whose rows reached the engine's cap (:func:`ses_graph.remote_limits.row_cap`) is read again in
        pages of the cap (:meth:`_pages`), and a ``CONSTRUCT`` that may have been cut at it is refused
        (:meth:`_whole_graph`; ``counted``: the caller checks its triples against the server's count instead);
        RemoteError when it cannot be: never a result cut short."""
        if prefixes:  # the project's predeclared prefixes (queries.options): a query's own PREFIX lines follow, and win
            query = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items()) + query
        if base_iri is not None:
            query = f"BASE <{base_iri}>\n{query}"
        if default_graph is None and named_graphs is None:
            default_graph, named_graphs = [terms.DATA_GRAPH], GRAPHS[1:]
        dataset = [("default-graph-uri", g.value) for g in default_graph or []]
        dataset += [("named-graph-uri", g.value) for g in named_graphs or []]
        form = query_form(query)
        graph = form in ("CONSTRUCT", "DESCRIBE")
        content_type, body, max_rows = self._post_query(query, dataset, GRAPH_ACCEPT if graph else ACCEPT)
        if max_rows is not None:  # the rows reached the engine's cap: did the query itself ask for no more?
            self._cap = row_cap(self.endpoint.query, max_rows, None)
            cap = row_cap(self.endpoint.query, max_rows, query_limit(query))
            if cap is not None:
                content_type, body = PAGE_ACCEPT, self._pages(query, dataset, cap, content_type, body)
        if content_type in RDF_TYPES:
            triples = Triples([q.triple for q in ox.parse(body, format=RDF_TYPES[content_type])])
            if not counted and form == "CONSTRUCT":
                self._whole_graph(len(triples))
            return triples
        if content_type not in RESULT_TYPES:
            raise RemoteError(f"{self.endpoint.query} answered with an unexpected media type {content_type!r}")
        try:
            result = ox.parse_query_results(body, format=RESULT_TYPES[content_type])
        except SyntaxError as error:
            raise RemoteError(f"{self.endpoint.query} answered results that do not parse: {error}") from None
        if isinstance(result, ox.QuerySolutions) and [v.value for v in result.variables] == [ASK_VARIABLE]:
            answer = next((row[ASK_VARIABLE] for row in result), None)  # a false ASK may come as no row
            truth = "true" if answer is not None and answer.value in ("1", "true") else "false"
            return ox.parse_query_results(
                f'{{"head":{{}},"boolean":{truth}}}'.encode(), format=ox.QueryResultsFormat.JSON
            )
        return result

    def _pages(self, query: str, dataset: list[tuple[str, str]], cap: int, content_type: str, first: bytes) -> bytes:
        """The whole result of the ``SELECT`` ``query``, whose first answer (``first``, of ``content_type``) reached the
        engine's ``cap`` on rows: read again in pages of ``cap`` rows, in one order
        (:meth:`ses_graph.sparql_tokens.Pages.page`), until a page comes with fewer; one SPARQL results JSON document.

        The pages are separate queries, not one snapshot: a write on the server between them may show in the result.
        Refused (:func:`ses_graph.remote_limits.unpaged`) when the rows hold blank nodes (their names hold within one
        answer only, so a node on two pages would be two), when the cap goes down between pages, and past our time
        limit (the whole reading, not each page)."""
        url = self.endpoint.query
        pages = select_pages(query)
        if pages is None or RESULT_TYPES.get(content_type) != ox.QueryResultsFormat.JSON:
            raise unpaged(url, cap, f"its answer is not a SELECT in SPARQL results JSON ({content_type})",
                          f"sa réponse n'est pas un SELECT en SPARQL results JSON ({content_type})")
        variables = _json(url, first)["head"]["vars"]
        keys = [f"?{name}" for name in variables]
        started = time.monotonic()
        rows: list[dict] = []
        while True:
            text = pages.page(keys, len(rows), cap)
            _, body, header = self._post_query(text, dataset, PAGE_ACCEPT)
            if header is not None and row_cap(url, header, cap) is not None:
                raise unpaged(url, cap, f"its cap went down to {header} between two pages",
                              f"son plafond est descendu à {header} entre deux pages")
            page = _json(url, body)["results"]["bindings"]
            rows += page
            if len(page) < cap:
                break
            if self.endpoint.timeout is not None and time.monotonic() - started > self.endpoint.timeout:
                raise our_timeout(url, self.endpoint.timeout)
        if len(rows) > cap and any(value.get("type") == "bnode" for row in rows for value in row.values()):
            raise unpaged(url, cap, "its rows hold blank nodes, whose names hold within one answer only",
                          "ses lignes ont des nœuds anonymes, dont les noms ne valent que dans une réponse")
        return orjson.dumps({"head": {"vars": variables}, "results": {"bindings": rows}})

    def _whole_graph(self, came: int) -> None:
        """Raise RemoteError when a CONSTRUCT that gave ``came`` triples may have been cut at the engine's cap on rows
        (Virtuoso gives the cap plus one, and says nothing: openlink/virtuoso-opensource#939). The cap is read from
        the engine's own header: the one an answer gave before, or that of a ``SELECT`` of as many rows as came, made
        of ``VALUES`` (no data read). Fewer triples than the cap are whole; as many or more may be cut
        (:func:`ses_graph.remote_limits.cut_triples`). A ``DESCRIBE`` is not held to it: Virtuoso does not cap it."""
        if came <= self._below_cap or (self._cap is not None and came < self._cap):
            return
        if self._cap is None:
            digits = len(str(came))
            blocks = " ".join(f"VALUES ?d{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(digits))
            _, _, header = self._post_query(f"SELECT * WHERE {{ {blocks} }} LIMIT {came}", [], PAGE_ACCEPT)
            if header is None:  # as many rows as came, and the cap not reached
                self._below_cap = max(self._below_cap, came)
                return
            self._cap = row_cap(self.endpoint.query, header, None)
        if self._cap is not None and came >= self._cap:
            raise cut_triples(self.endpoint.query, self._cap, came)

    def quads_for_pattern(self, subject: ox.NamedNode | ox.BlankNode | None = None,
                          predicate: ox.NamedNode | None = None,
                          object: ox.NamedNode | ox.BlankNode | ox.Literal | None = None,
                          graph_name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None) -> list[ox.Quad]:
        """The quads matching a pattern (None: any), as ``Store.quads_for_pattern``; ``DefaultGraph()`` is the data
        graph. A whole graph (or every graph: no subject, predicate or object) comes in the embedded store's order
        (:func:`in_store_order`), so that what is written from it is the same bytes on every kind of store."""
        quads = self._quads(subject, predicate, object, graph_name)
        if subject is None and predicate is None and object is None:
            return in_store_order(quads, lambda copy: list(copy.quads_for_pattern(None, None, None, graph_name)))
        return quads

    def _quads(self, subject: ox.NamedNode | ox.BlankNode | None, predicate: ox.NamedNode | None,
               object: ox.NamedNode | ox.BlankNode | ox.Literal | None,
               graph_name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None) -> list[ox.Quad]:
        """The quads matching a pattern, in the server's order: a CONSTRUCT per graph (a graph comes back as
        N-Triples, whose blank nodes pyoxigraph reads from any engine, where Virtuoso's SPARQL results JSON names them
        ``nodeID://b10006``, which it refuses), checked against the server's count of them (:meth:`_triples`)."""
        names = [term if term is not None else ox.Variable(name) for term, name in
                 ((subject, "s"), (predicate, "p"), (object, "o"))]
        if any(isinstance(term, ox.BlankNode) for term in names):
            raise ValueError("a blank node cannot be looked up on a remote server")
        pattern = " ".join(str(term) for term in names)
        free = [str(term) for term in names if isinstance(term, ox.Variable)]
        quads = []
        graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = \
            [graph_name] if graph_name is not None else [ox.DefaultGraph(), *GRAPHS[1:]]
        for graph in graphs:
            where = pattern if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{ {pattern} }}"
            name = str(terms.DATA_GRAPH if isinstance(graph, ox.DefaultGraph) else graph)
            found = self._triples(pattern, free, where, name)
            quads += [ox.Quad(t.subject, t.predicate, t.object, graph) for t in found]
        return quads

    def _triples(self, pattern: str, free: list[str], where: str, graph: str) -> list[ox.Triple]:
        """The triples of ``pattern`` (its variables: ``free``) matched by the group ``where`` in ``graph``, all of
        them: an engine may cut a CONSTRUCT without saying so (Virtuoso, at its cap on rows plus one), so what came is
        checked against the server's count, and a graph that came cut is read again in pages of fewer triples than
        came, in one order (as :meth:`_pages`), each checked to come whole. The triples with a blank node come in one
        answer, as their names hold within one answer only: when those alone pass the cap, the graph is refused
        (:func:`ses_graph.remote_limits.cut_graph`)."""
        url = self.endpoint.query
        found = list(cast(Triples, self.query(f"CONSTRUCT {{ {pattern} }} WHERE {{ {where} }}", counted=True)))
        if not found:  # none: nothing to cut
            return found
        counted = self.count(where)
        if len(found) >= counted:
            return found
        blank_test = " || ".join(f"isBlank({v})" for v in free if v in ("?s", "?o"))
        blank: list[ox.Triple] = []
        if blank_test:
            with_blank = f"{where} FILTER({blank_test})"
            blank = list(cast(Triples, self.query(f"CONSTRUCT {{ {pattern} }} WHERE {{ {with_blank} }}", counted=True)))
            if blank and (cut := cut_graph(url, graph, self.count(with_blank), len(blank))) is not None:
                raise cut
            where = f"{where} FILTER(!({blank_test}))"
        size, keys = max(1, len(found) - 1), " ".join(free)
        plain: list[ox.Triple] = []
        del found
        while len(plain) + len(blank) < counted:
            page = list(cast(Triples, self.query(
                f"CONSTRUCT {{ {pattern} }} WHERE {{ {{ SELECT {keys} WHERE {{ {where} }} ORDER BY {keys} }} }} "
                f"OFFSET {len(plain)} LIMIT {size}", counted=True)))
            if len(page) < min(size, counted - len(plain) - len(blank)):
                raise cut_graph(url, graph, counted, len(blank) + len(plain) + len(page)) or RemoteError(url)
            plain += page
        return blank + plain

    def update(self, update: str, *, prefixes: Mapping[str, str] | None = None, **_ignored: object) -> None:
        """Run a SPARQL update on the update endpoint (one request: one transaction on the server)."""
        if prefixes:
            update = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items()) + update
        if not self.endpoint.update:
            raise RemoteError("no update endpoint given (--update-endpoint or SES_GRAPH_UPDATE_ENDPOINT)")
        self._send(self.endpoint.update, urlencode([("update", update)]).encode("utf-8"),
                   FORM, accept="*/*")

    def count(self, where: str) -> int:
        """How many solutions the server counts for the group graph pattern ``where``, on the project's dataset. The
        result is read here and freed on return: a pyoxigraph result belongs to the thread that made it, and one kept
        alive by an error could be collected on another thread (a server's), where it cannot be freed."""
        counted = cast(ox.QuerySolutions, self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"))
        return int(cast(ox.Literal, next(iter(counted))["n"]).value)

    def __len__(self) -> int:
        """The number of quads, every graph included (as ``len`` of the embedded store)."""
        return self.count(EVERY_QUAD)

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}", default_graph=[], named_graphs=[graph]))

    def dump(self, output: BinaryIO, format: ox.RdfFormat, *,
             from_graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None,
             prefixes: Mapping[str, str] | None = None, **_ignored: object) -> None:
        """Write the server's graphs as ``Store.dump`` does: every graph in a dataset format when ``from_graph`` is
        None, else that one graph (``DefaultGraph()``: the data graph); in the embedded store's order
        (:func:`in_store_order`)."""
        in_store_order(self._quads(None, None, None, from_graph), lambda copy: copy.dump(
            output, format, from_graph=from_graph, prefixes=dict(prefixes) if prefixes else None))

    def replace_dataset(self, quads: Iterable[ox.Quad]) -> int:
        """Replace the project's graphs (``GRAPHS``) with ``quads`` (their default graph goes into the data
        graph) without showing readers a half-loaded graph; return the number of update requests sent.

        The quads go first into staging graphs (``<graph>/staging``), which no reader's dataset
        includes, ``CHUNK`` at a time (Virtuoso's parser refuses larger ``INSERT DATA`` blocks), those
        with blank nodes together in one ``INSERT {...} WHERE {}`` (one request mints each blank node
        once; Virtuoso refuses blank nodes in ``INSERT DATA``); then
        one last request moves every staging graph onto its graph (``CLEAR`` and ``MOVE``), which a
        SPARQL 1.1 server applies as one operation: readers see the previous graphs until it is done.
        """
        staging = {g: ox.NamedNode(g.value + "/staging") for g in GRAPHS}
        drop = " ;\n".join(f"DROP SILENT GRAPH {s}" for s in staging.values())
        self.update(drop)
        staged = [ox.Quad(q.subject, q.predicate, q.object,
                          staging[terms.DATA_GRAPH if isinstance(q.graph_name, ox.DefaultGraph)
                                  else cast(ox.NamedNode, q.graph_name)])  # one of GRAPHS, named
                  for q in quads]
        blank = [q for q in staged if _blank(q)]
        plain = iter([q for q in staged if not _blank(q)])
        requests = 2
        while chunk := list(islice(plain, CHUNK)):
            self.update("INSERT DATA {\n" + "".join(insert_data(chunk)) + "}")
            requests += 1
        if blank:  # Virtuoso refuses blank nodes in INSERT DATA; a template keeps them, in one request
            self.update("INSERT {\n" + "".join(insert_data(blank)) + "} WHERE {}")
            requests += 1
        switch = " ;\n".join(f"CLEAR SILENT GRAPH {g} ;\nMOVE SILENT GRAPH {s} TO {g}" for g, s in staging.items())
        try:
            self.update(switch)
        except RemoteError:  # refused as a whole (Virtuoso: remote_limits.engine_log_limit): the graphs are as before
            with suppress(RemoteError):
                self.update(drop)  # the staging graphs hold the whole load: not left on the server
            raise
        return requests


def in_store_order(quads: Iterable[ox.Quad], read: Callable[[ox.Store], T]) -> T:
    """What ``read`` gives of ``quads`` held in a temporary on-disk pyoxigraph store (removed afterwards).

    A server gives quads in its own order; an on-disk store keeps them sorted by their encoded terms, whatever
    the order they came in (an in-memory store keeps the order of insertion), so the copy gives them in the
    order of the embedded store holding the same quads. Blank nodes keep the labels the server gave them:
    results carry labels scoped to one answer (SPARQL 1.1 Query Results JSON Format, 3.2.2), not the store's.
    """
    with tempfile.TemporaryDirectory(prefix="ses-graph-copy-") as folder:
        copy = ox.Store(folder)
        copy.extend(quads)
        found = read(copy)
        del copy  # closed before its folder goes
    return found


def _json(url: str, body: bytes) -> dict:
    """A SPARQL results JSON document of ``url``'s, read."""
    try:
        found = orjson.loads(body)
        found["head"]["vars"], found["results"]["bindings"]  # noqa: B018 (the two parts every page is read from)
    except (orjson.JSONDecodeError, KeyError, TypeError):
        raise RemoteError(f"{url} answered results that do not parse as SPARQL results JSON") from None
    return cast(dict, found)


def _blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def insert_data(quads: Iterable[ox.Quad]) -> Iterator[str]:
    """The body of an ``INSERT DATA`` block: one ``GRAPH <g> { ... }`` group per named graph, terms in N-Triples."""
    # the quads of staging graphs: each in a named graph
    in_named = sorted(quads, key=lambda q: cast(ox.NamedNode, q.graph_name).value)
    for graph, group in groupby(in_named, key=lambda q: q.graph_name):
        yield f"GRAPH {graph} {{\n"
        for q in group:
            yield f"{q.subject} {q.predicate} {q.object} .\n"
        yield "}\n"


def publish(source: ox.Store, target: RemoteStore) -> tuple[int, int]:
    """Load every quad of the built store ``source`` into ``target`` (:meth:`RemoteStore.replace_dataset`):
    the number of quads and of update requests."""
    quads = list(source.quads_for_pattern(None, None, None, None))
    if any(not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name not in GRAPHS for q in quads):
        raise RemoteError("the store holds graphs other than the project's: they have no place on the remote server")
    return len(quads), target.replace_dataset(quads)
