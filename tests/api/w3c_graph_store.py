"""Replay the W3C SPARQL 1.1 Graph Store HTTP Protocol tests against a live server's ``/store``.

The manifests (``tests/w3c/graph-store-protocol/manifest-*.ttl``, vendored with their W3C
licence) list, for each test, HTTP requests in order (method, path under ``/gsp``, headers, body) with the expected
response: one of
several status codes, and for some a Content-Type and a body (a graph, compared up to blank-node
renaming). ``$LOCATION$`` in a path is the ``Location`` header of an earlier response of the same
test. Paths ``/gsp...`` are sent to ``STORE...``: ``/gsp?graph=IRI`` (indirect graph identification)
as well as ``/gsp/person/1.ttl`` (direct: the graph whose IRI is that URL). Every request carries
the write token; the store is emptied (``DROP ALL`` through the sibling ``/sparql`` endpoint)
before each test.

    python tests/api/w3c_graph_store.py http://127.0.0.1:8000/store --token TOKEN
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

FOLDER = Path(__file__).resolve().parents[1] / "w3c" / "graph-store-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
STATUS = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404, "BadRequest": 400}
LOCATION = "$LOCATION$"


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None
    statuses: set[int]
    content_type: str | None = None
    graph: str | None = None
    keeps_location: bool = False


@dataclass
class GraphStoreTest:
    id: str
    name: str
    requests: list[Request] = field(default_factory=list)


def _headers(graph: Graph, node) -> dict[str, str]:
    headers = {}
    for header in Collection(graph, graph.value(node, HT.headers)) if graph.value(node, HT.headers) else []:
        headers[str(graph.value(header, HT.fieldName)).lower()] = str(graph.value(header, HT.fieldValue))
    return headers


def _chars(graph: Graph, node) -> str | None:
    body = graph.value(node, HT.body)
    return None if body is None else str(graph.value(body, CNT.chars))


def _request(graph: Graph, node) -> Request:
    response = graph.value(node, HT.resp)
    statuses = {STATUS[str(s).rsplit("#", 1)[-1]] for s in graph.objects(response, MF.expectedStatus)}
    return Request(method=str(graph.value(node, HT.methodName)), path=str(graph.value(node, HT.absolutePath)),
                   headers=_headers(graph, node), body=_chars(graph, node), statuses=statuses,
                   content_type=_headers(graph, response).get("content-type"), graph=_chars(graph, response),
                   keeps_location=(response, MF.expectedLocation, None) in graph)


def load_tests(folder: Path = FOLDER) -> list[GraphStoreTest]:
    tests = []
    for manifest in sorted(folder.glob("manifest-*.ttl")):
        graph = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
        for entry in Collection(graph, graph.value(next(graph.subjects(RDF.type, MF.Manifest)), MF.entries)):
            action = graph.value(entry, MF.action)
            test = GraphStoreTest(str(entry).rsplit("#", 1)[-1], str(graph.value(entry, MF.name)))
            test.requests = [_request(graph, r) for r in Collection(graph, graph.value(action, HT.requests))]
            tests.append(test)
    return tests


def _url(store: str, path: str, location: str | None) -> str:
    if LOCATION in path:
        path = path.replace(LOCATION, quote(location or "", safe=""))
    if not path.startswith("/gsp"):
        raise ValueError(f"unexpected path {path!r}")
    return store + path[len("/gsp"):]


def check(request: Request, response: httpx.Response, base: str) -> list[str]:
    problems = []
    if response.status_code not in request.statuses:
        problems.append(
            f"{request.method} {request.path}: status {response.status_code}, expected {sorted(request.statuses)}: "
            f"{response.text[:200]}"
        )
        return problems
    if request.content_type and response.headers.get("content-type", "").replace(" ", "").lower() != \
            request.content_type.replace(" ", "").lower():
        problems.append(f"{request.method} {request.path}: Content-Type {response.headers.get('content-type')!r}")
    if request.graph is not None and request.method == "GET":
        expected = Graph().parse(data=request.graph, format="turtle", publicID=base)
        got = Graph().parse(data=response.text, format="turtle", publicID=base)
        if not isomorphic(expected, got):
            problems.append(f"GET {request.path}: the graph differs ({len(got)} triples, expected {len(expected)})")
    return problems


def reset(client: httpx.Client, sparql: str, token: str | None) -> None:
    """Empty the store (each test starts from an empty store)."""
    response = client.post(
        sparql,
        content=b"DROP ALL",
        headers={
            "content-type": "application/sparql-update",
            **({"authorization": f"Bearer {token}"} if token else {}),
        },
    )
    response.raise_for_status()


def run_test(client: httpx.Client, store: str, test: GraphStoreTest, token: str | None = None) -> list[str]:
    """The problems found replaying ``test`` on an emptied store (an empty list: it passed)."""
    reset(client, store.rsplit("/", 1)[0] + "/sparql", token)
    location, problems = None, []
    for request in test.requests:
        headers = dict(request.headers)
        if token:
            headers["authorization"] = f"Bearer {token}"
        url = _url(store, request.path, location)
        response = client.request(request.method, url, headers=headers,
                                  content=request.body.encode("utf-8") if request.body is not None else None)
        if request.keeps_location:
            location = response.headers.get("location")
        problems += check(request, response, url)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", help="the Graph Store endpoint, e.g. http://127.0.0.1:8000/store")
    parser.add_argument("--token", help="the server's write token")
    args = parser.parse_args(argv)
    failed = 0
    with httpx.Client(timeout=60) as client:
        for test in load_tests():
            problems = run_test(client, args.store, test, args.token)
            failed += bool(problems)
            print(("PASS " if not problems else "FAIL ") + test.id + "".join(f"\n    {p}" for p in problems))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
