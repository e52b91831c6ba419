"""``/sparql`` on a live read-only server over the curated graph: operations, formats, status codes."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ElementTree
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
import pytest

from ses_graph.errors import syntax_message

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LABELS = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
          "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label LIMIT 5")
GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 20"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0].strip()


def count(response: httpx.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_direct_give_the_same_answer(server):
    expected = count(httpx.get(server.sparql, params={"query": COUNT}))
    assert expected > 100
    assert count(httpx.post(server.sparql, data={"query": COUNT})) == expected
    assert (
        count(httpx.post(server.sparql, content=COUNT, headers={"Content-Type": "application/sparql-query"}))
        == expected
    )


def test_default_format_is_sparql_json_for_select_and_ask(server):
    select = httpx.get(server.sparql, params={"query": LABELS})
    assert media_type(select) == "application/sparql-results+json"
    assert [b["label"]["type"] for b in select.json()["results"]["bindings"]] == ["literal"] * 5
    ask = httpx.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"})
    assert ask.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize("accept, expected", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/json"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("text/*;q=0.3, application/sparql-results+json;q=0.2", "text/csv"),
    ("text/html;q=0.1, application/xml", "application/xml"),
])
def test_select_formats_follow_accept_and_its_q_values(server, accept, expected):
    response = httpx.get(server.sparql, params={"query": LABELS}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert media_type(response) == expected
    assert response.headers["vary"] == "Accept"


def test_select_formats_carry_the_same_rows(server):
    def fetch(accept):
        return httpx.get(server.sparql, params={"query": LABELS}, headers={"Accept": accept}).content

    rows = [
        (b["s"]["value"], b["label"]["value"])
        for b in json.loads(fetch("application/sparql-results+json"))["results"]["bindings"]
    ]
    assert len(rows) == 5
    assert [tuple(r) for r in csv.reader(io.StringIO(fetch("text/csv").decode()))][1:] == rows
    tsv = fetch("text/tab-separated-values").decode().splitlines()
    assert tsv[0] == "?s\t?label" and len(tsv) == 6
    root = ElementTree.fromstring(fetch("application/sparql-results+xml"))
    assert len(root.findall(f"{RESULTS_NS}results/{RESULTS_NS}result")) == 5


@pytest.mark.parametrize("accept, expected, fmt", [
    (None, "text/turtle", ox.RdfFormat.TURTLE),
    ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("application/rdf+xml;q=0.4, application/n-triples;q=0.8", "application/n-triples", ox.RdfFormat.N_TRIPLES),
])
def test_construct_formats_follow_accept_and_parse_back(server, accept, expected, fmt):
    headers = {"Accept": accept} if accept else {}
    response = httpx.post(server.sparql, data={"query": GRAPH}, headers=headers)
    assert response.status_code == 200, response.text
    assert media_type(response) == expected
    assert len(list(ox.parse(response.content, format=fmt))) == 20


def test_describe_is_rdf(server):
    first = httpx.get(server.sparql, params={"query": "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 1"}).json()
    iri = first["results"]["bindings"][0]["s"]["value"]
    response = httpx.get(
        server.sparql, params={"query": f"DESCRIBE <{iri}>"}, headers={"Accept": "application/n-triples"}
    )
    assert response.status_code == 200
    triples = list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
    assert triples and all(t.subject == ox.NamedNode(iri) for t in triples)


def test_a_large_result_is_complete_before_it_is_sent_then_streams_in_chunks(server):
    query = "SELECT ?a ?b WHERE { ?a ?p ?o . ?b ?q ?o } LIMIT 20000"
    with httpx.stream(
        "GET", server.sparql, params={"query": query}, headers={"Accept": "text/tab-separated-values"}
    ) as response:
        assert response.status_code == 200
        chunks = list(response.iter_raw())
    assert len(chunks) > 1
    body = b"".join(chunks)
    assert int(response.headers["content-length"]) == len(body)  # the whole result was known before the status
    assert body.count(b"\n") == 20001


def test_a_malformed_query_is_400_with_the_parsers_message_and_position(server):
    query = "SELECT * WHERE {\n  ?s ?p \n}"
    with pytest.raises(SyntaxError) as parser:
        ox.Store().query(query)
    response = httpx.get(server.sparql, params={"query": query})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == syntax_message(parser.value, query), "the parser's message, in one line"
    assert body["detail"].startswith("error at 3:")
    assert body["line"] == 3 and body["column"] >= 1


def test_nothing_acceptable_is_406(server):
    select = httpx.get(server.sparql, params={"query": LABELS}, headers={"Accept": "text/turtle"})
    assert select.status_code == 406
    assert "application/sparql-results+json" in select.json()["detail"]
    graph = httpx.get(server.sparql, params={"query": GRAPH}, headers={"Accept": "text/csv"})
    assert graph.status_code == 406
    refused = httpx.get(
        server.sparql, params={"query": LABELS}, headers={"Accept": "application/sparql-results+json;q=0"}
    )
    assert refused.status_code == 406


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/json", "application/sparql-query; charset=UTF-16"]
)
def test_a_post_body_of_another_media_type_is_415(server, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = httpx.post(server.sparql, content=b"ASK {}", headers=headers)
    assert response.status_code == 415, response.text


def test_an_oversized_body_is_413(server):
    query = "ASK {}" + " " * (server.settings.max_request_bytes + 1)
    announced = httpx.post(server.sparql, content=query, headers={"Content-Type": "application/sparql-query"})
    assert announced.status_code == 413

    def chunks():
        for _ in range(server.settings.max_request_bytes // 65536 + 2):
            yield b" " * 65536

    streamed = httpx.post(server.sparql, content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert streamed.status_code == 413


@pytest.mark.parametrize("params", [
    {},
    {"query": ["ASK {}", "ASK {}"]},
    {"query": "ASK {}", "update": "CLEAR ALL"},
    {"query": "ASK {}", "default-graph-uri": "not an iri"},
    {"query": "ASK {}", "using-graph-uri": "http://example.org/g"},
])
def test_protocol_mistakes_are_400(server, params):
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert httpx.post(server.sparql, content=urlencode(params, doseq=True), headers=form).status_code == 400


def test_an_update_by_get_is_400(server):
    assert httpx.get(server.sparql, params={"update": "CLEAR ALL"}).status_code == 400


def test_other_methods_are_405(server):
    refused = httpx.put(server.sparql, params={"query": "ASK {}"})
    assert refused.status_code == 405
    assert sorted(refused.headers["allow"].split(", ")) == ["GET", "HEAD", "POST"]


def test_head_answers_like_get_without_a_body(server):
    head = httpx.head(server.sparql, params={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == "text/csv; charset=utf-8"
    assert httpx.head(server.sparql, params={"query": "ASK {"}).status_code == 400


def test_protocol_dataset_replaces_the_querys_own(server):
    query = "ASK { ?s ?p ?o }"
    empty = "http://example.org/no-such-graph"
    assert httpx.get(server.sparql, params={"query": query}).json()["boolean"] is True
    assert httpx.get(server.sparql, params={"query": query, "default-graph-uri": empty}).json()["boolean"] is False
    named_only = httpx.get(server.sparql, params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": empty})
    assert named_only.json()["boolean"] is False


def test_relative_iris_resolve_against_the_endpoint(server):
    response = httpx.get(server.sparql, params={"query": "SELECT (<x> AS ?iri) {}"})
    assert response.json()["results"]["bindings"][0]["iri"]["value"] == f"{server.url}/x"


def test_service_calls_are_refused_unless_the_host_is_allowed(server):
    for query in ("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                  "PREFIX ex: <http://example.org/> SELECT * { SERVICE SILENT ex:sparql { ?s ?p ?o } }",
                  "SELECT * { SERVICE ?endpoint { ?s ?p ?o } }"):
        response = httpx.get(server.sparql, params={"query": query})
        assert response.status_code == 403, query
        assert "SERVICE" in response.json()["detail"]
    harmless = 'SELECT ("SERVICE <http://example.org/>" AS ?text) {} # SERVICE <http://example.org/>'
    assert httpx.get(server.sparql, params={"query": harmless}).status_code == 200


def test_the_projects_prefixes_are_predeclared_and_a_querys_own_prefix_wins(server):
    undeclared = httpx.get(
        f"{server.url}/sparql", params={"query": "ASK { id:apes a ses:MemberOrganisation ; rdfs:label ?n }"}
    )
    assert undeclared.status_code == 200, undeclared.text
    assert undeclared.json()["boolean"] is True
    own = "PREFIX ses: <http://example.org/other#> ASK { id:apes a ses:MemberOrganisation }"
    assert httpx.get(f"{server.url}/sparql", params={"query": own}).json()["boolean"] is False
    levels = httpx.post(
        f"{server.url}/sparql", data={"query": "SELECT ?l WHERE { ?s ses:level level:regional ; a ?l }"}
    )
    assert levels.status_code == 200 and levels.json()["results"]["bindings"]


def test_an_unknown_prefix_is_named_in_one_line(server):
    response = httpx.get(f"{server.url}/sparql", params={"query": "SELECT * WHERE {\n  ?s a zzz:Organisation\n}"})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "error at 2:8: unknown prefix 'zzz'"
    assert (body["line"], body["column"]) == (2, 8)


def test_a_parse_error_is_one_line_without_character_classes(server):
    response = httpx.get(f"{server.url}/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    detail = response.json()["detail"]
    assert response.status_code == 400 and "\n" not in detail and "..=" not in detail
    assert detail.startswith("error at 1:")


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_a_browser_gets_a_table_with_links_downloads_and_the_query(server):
    query = "SELECT ?org ?name WHERE { ?org a ses:MemberOrganisation ; rdfs:label ?name } ORDER BY ?name"
    response = httpx.get(server.sparql, params={"query": query}, headers={"Accept": BROWSER})
    assert response.status_code == 200 and media_type(response) == "text/html"
    page = response.text
    assert '<table class="results">' in page and '<a href="/id/apes"' in page
    assert html.escape(query) in page, "the query is shown"
    for name in ("csv", "json"):
        link = html.unescape(re.search(rf'data-format="{name}" href="([^"]+)"', page).group(1))
        download = httpx.get(server.url + link)
        assert download.status_code == 200 and name in download.headers["content-type"], link


def test_format_stands_for_accept_in_a_link(server):
    for name, expected in (("csv", "text/csv"), ("xml", "application/sparql-results+xml"), ("html", "text/html")):
        response = httpx.get(server.sparql, params={"query": LABELS, "format": name})
        assert media_type(response) == expected
    graph = httpx.get(server.sparql, params={"query": GRAPH, "format": "xml"})
    assert media_type(graph) == "application/rdf+xml"
    assert httpx.get(server.sparql, params={"query": LABELS, "format": "docx"}).status_code == 400


def test_a_browser_gets_a_bad_query_as_a_page_with_its_status(server):
    response = httpx.get(server.sparql, params={"query": "ASK { ?s a zzz:X }"}, headers={"Accept": BROWSER})
    assert response.status_code == 400 and media_type(response) == "text/html"
    assert "unknown prefix &#39;zzz&#39;" in response.text
