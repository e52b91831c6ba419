"""Replay the W3C SPARQL 1.1 Protocol test suite against a live endpoint.

The suite's manifest (``tests/w3c/sparql11-protocol/manifest.ttl``, vendored with its W3C licence)
lists, for each test, the graphs it needs (``ut:graphData``: an N-Triples file and the graph IRI to load it under) and
the
HTTP requests to send in order (method, path under ``/sparql/``, headers, body and its character
encoding), each with the expected response: status class, result format ("boolean", "tabular",
"RDF") and, for ASK, the expected boolean.

Before a test, its graphs are loaded with a SPARQL update (so the runner needs the endpoint's
write token); every request also carries the token, as the update tests need it.

    python tests/api/w3c_protocol.py http://127.0.0.1:8000/sparql --token TOKEN
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

MANIFEST = Path(__file__).resolve().parents[1] / "w3c" / "sparql11-protocol" / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
PATH_PREFIX = "/sparql/"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
FORMATS = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"},
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples", "text/html", "application/xhtml+xml"},
}
TIMEOUT = 60


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    statuses: frozenset[str]
    format: str | None
    boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    id: str
    name: str
    graph_data: tuple[tuple[str, Path], ...]
    requests: tuple[Request, ...]


@dataclass
class Outcome:
    test: ProtocolTest
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def _local(term) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _request(graph: Graph, node) -> Request:
    headers = []
    header_list = graph.value(node, HT.headers)
    if header_list is not None:
        for header in Collection(graph, header_list):
            headers.append((str(graph.value(header, HT.fieldName)), str(graph.value(header, HT.fieldValue))))
    body = None
    body_node = graph.value(node, HT.body)
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding.lower())
    response = graph.value(node, HT.resp)
    statuses = frozenset(_local(s).removeprefix("StatusCode") for s in graph.objects(response, MF.expectedStatus))
    expected_format = graph.value(response, MF.expectedFormat)
    expected_boolean = graph.value(response, MF.expectedBoolean)
    return Request(
        method=str(graph.value(node, HT.methodName)), path=str(graph.value(node, HT.absolutePath)),
        headers=tuple(headers), body=body, statuses=statuses,
        format=str(expected_format) if expected_format is not None else None,
        boolean=expected_boolean.toPython() if expected_boolean is not None else None,
    )


def load_tests(manifest: Path = MANIFEST) -> list[ProtocolTest]:
    """The manifest's tests, in the order of its ``mf:entries``."""
    graph = Graph().parse(manifest, format="turtle", publicID=manifest.resolve().as_uri())
    root = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for test in Collection(graph, graph.value(root, MF.entries)):
        data = []
        for item in graph.objects(test, UT.graphData):
            file = graph.value(item, UT.graph)
            data.append((str(graph.value(item, RDFS.label)), Path(URIRef(file).removeprefix("file://"))))
        action = graph.value(test, MF.action)
        requests = tuple(_request(graph, r) for r in Collection(graph, graph.value(action, HT.requests)))
        tests.append(ProtocolTest(_local(test), str(graph.value(test, MF.name)), tuple(sorted(data)), requests))
    return tests


def _auth(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def load_graph_data(client: httpx.Client, endpoint: str, test: ProtocolTest, token: str | None) -> list[str]:
    """Load each of the test's N-Triples files into the named graph its manifest gives; return what failed."""
    problems = []
    for iri, path in test.graph_data:
        update = (
            f"DROP SILENT GRAPH <{iri}> ;\nINSERT DATA {{ GRAPH <{iri}> {{\n{path.read_text(encoding='utf-8')}\n}} }}"
        )
        answer = client.post(endpoint, content=update.encode("utf-8"),
                             headers={"Content-Type": "application/sparql-update", **_auth(token)})
        if answer.status_code // 100 != 2:
            problems.append(f"loading {path.name} into <{iri}> failed: {answer.status_code} {answer.text}")
    return problems


def _boolean(media_type: str, body: bytes) -> bool | None:
    if media_type.endswith("json"):
        value = json.loads(body).get("boolean")
    else:
        element = ElementTree.fromstring(body).find(f"{RESULTS_NS}boolean")
        value = None if element is None else element.text.strip() == "true"
    return value if isinstance(value, bool) else None


def check(request: Request, response: httpx.Response) -> list[str]:
    """What differs between ``response`` and what the manifest expects."""
    problems = []
    status = f"{response.status_code // 100}xx"
    if status not in request.statuses:
        problems.append(
            f"status {response.status_code}, expected {'/'.join(sorted(request.statuses))}: {response.text[:300]}"
        )
        return problems
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.format is not None and media_type not in FORMATS[request.format]:
        problems.append(f"content type {media_type!r} is not a {request.format} format")
    elif request.boolean is not None:
        answer = _boolean(media_type, response.content)
        if answer is not request.boolean:
            problems.append(f"boolean {answer}, expected {request.boolean}")
    return problems


def run_test(client: httpx.Client, endpoint: str, test: ProtocolTest, token: str | None = None) -> Outcome:
    """Load the test's graphs, send its requests in order, and compare each response with the manifest."""
    outcome = Outcome(test, load_graph_data(client, endpoint, test, token))
    if outcome.problems:
        return outcome
    for number, request in enumerate(test.requests, 1):
        if not request.path.startswith(PATH_PREFIX):
            outcome.problems.append(f"request {number}: path {request.path!r} is not under {PATH_PREFIX}")
            continue
        url = endpoint.rstrip("/") + request.path[len(PATH_PREFIX):]
        answer = client.request(request.method, url, headers=[*request.headers, *_auth(token).items()],
                                content=request.body)
        outcome.problems.extend(f"request {number}: {problem}" for problem in check(request, answer))
    return outcome


def run_suite(endpoint: str, token: str | None = None, manifest: Path = MANIFEST) -> list[Outcome]:
    with httpx.Client(timeout=TIMEOUT, follow_redirects=False) as client:
        return [run_test(client, endpoint, test, token) for test in load_tests(manifest)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Replay the W3C SPARQL 1.1 Protocol tests against an endpoint.")
    parser.add_argument("endpoint", help="the endpoint URL, e.g. http://127.0.0.1:8000/sparql")
    parser.add_argument("--token", default=None, help="bearer token that allows updates")
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    args = parser.parse_args(argv)
    outcomes = run_suite(args.endpoint, args.token, args.manifest)
    for outcome in outcomes:
        print(
            f"{'PASS' if outcome.passed else 'FAIL'} {outcome.test.id}"
            + "".join(f"\n     {p}" for p in outcome.problems)
        )
    passed = sum(o.passed for o in outcomes)
    print(f"{passed}/{len(outcomes)} passed")
    return 0 if passed == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
