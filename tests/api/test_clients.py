"""Real SPARQL clients, unchanged, against the live server: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import pytest
from live_server import TOKEN
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, N3, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

LABELS = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
          "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label LIMIT 3")
GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 10"


def wrapper(server, query: str, fmt: str, method: str | None = None) -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(method)
    return client


@pytest.mark.parametrize("method", [None, POST])
def test_sparqlwrapper_select_in_json(server, method):
    rows = wrapper(server, LABELS, JSON, method).queryAndConvert()["results"]["bindings"]
    assert len(rows) == 3 and all(r["label"]["type"] == "literal" for r in rows)


def test_sparqlwrapper_select_in_xml_and_csv(server):
    xml = wrapper(server, LABELS, XML).queryAndConvert()
    assert len(xml.getElementsByTagName("result")) == 3
    csv = wrapper(server, LABELS, CSV).queryAndConvert()
    assert csv.decode().splitlines()[0] == "s,label"


def test_sparqlwrapper_ask(server):
    assert wrapper(server, "ASK { ?s ?p ?o }", JSON).queryAndConvert()["boolean"] is True


@pytest.mark.parametrize("fmt", [TURTLE, XML, N3])
def test_sparqlwrapper_construct(server, fmt):
    result = wrapper(server, GRAPH, fmt).queryAndConvert()
    graph = result if isinstance(result, Graph) else Graph().parse(data=result, format="turtle")
    assert len(graph) == 10


def test_sparqlwrapper_reports_a_malformed_query(server):
    with pytest.raises(QueryBadFormed, match="error at 1:"):
        wrapper(server, "SELECT * WHERE { ?s ?p }", JSON).queryAndConvert()


def test_rdflib_sparqlstore_reads(server):
    graph = Graph(store=SPARQLStore(server.sparql))
    rows = list(graph.query(LABELS))
    assert len(rows) == 3 and all(isinstance(row.label, Literal) for row in rows)
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    assert len(graph.query(GRAPH).graph) == 10
    subject = rows[0].s
    assert (subject, None, None) in graph
    assert len(list(graph.triples((subject, None, None)))) >= 1


def test_rdflib_sparqlupdatestore_writes_with_the_token(writer):
    store = SPARQLUpdateStore(writer.sparql, writer.sparql, auth=None,
                              headers={"Authorization": f"Bearer {TOKEN}"})
    graph = Graph(store=store, identifier=URIRef("http://example.org/test-clients"))
    triple = (URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal("via rdflib"))
    graph.add(triple)
    assert triple in graph
    graph.remove(triple)
    assert triple not in graph
