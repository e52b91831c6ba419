"""Content negotiation and the USING clauses written into updates, on hand-written inputs."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ses_graph.api.negotiation import GRAPH_OFFERS, RESULT_OFFERS, NotAcceptable, choose
from ses_graph.api.sparql_text import with_using
from ses_graph.errors import BadRequest


@pytest.mark.parametrize("accept, expected", [
    (None, "application/sparql-results+json"),
    ("", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("text/*", "text/csv"),
    ("text/tab-separated-values, text/csv;q=0.9", "text/tab-separated-values"),
    ("application/sparql-results+xml;q=0.1, */*;q=0.5", "application/sparql-results+json"),
    ("application/*;q=0.2, text/csv;q=0.1", "application/sparql-results+json"),
    ("*/*;q=0.9, application/sparql-results+json;q=0", "application/sparql-results+xml"),
    ("TEXT/CSV", "text/csv"),
    ("text/csv;q=abc, application/json", "application/json"),
])
def test_choose_results(accept, expected):
    assert choose(accept, RESULT_OFFERS).media_type == expected


@pytest.mark.parametrize("accept, expected", [
    (None, ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml, text/turtle;q=0.5", ox.RdfFormat.RDF_XML),
])
def test_choose_graphs(accept, expected):
    assert choose(accept, GRAPH_OFFERS).format == expected


@pytest.mark.parametrize("accept", ["text/html", "image/png, text/turtle;q=0", "*/*;q=0"])
def test_nothing_acceptable(accept):
    with pytest.raises(NotAcceptable):
        choose(accept, RESULT_OFFERS)


def test_with_using_adds_the_clauses_before_each_where():
    update = """PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CLEAR ALL ;
INSERT DATA { GRAPH <http://g/1> { <http://s> a foaf:Document } } ;
INSERT { GRAPH <http://g/out> { ?s a ?t } } WHERE { ?s a ?t } ;
DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { { ?s ?p ?o } UNION { SELECT * WHERE { ?s ?p ?o } } } ;
DELETE WHERE { ?s ?p ?o }"""
    rewritten = with_using(update, ["http://g/1"], ["http://g/2"])
    assert rewritten.count("USING <http://g/1> USING NAMED <http://g/2> WHERE") == 2
    assert "DELETE WHERE { ?s ?p ?o }" in rewritten and "INSERT DATA {" in rewritten
    ox.Store().update(rewritten)


@pytest.mark.parametrize("update", [
    "WITH <http://g/1> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } USING <http://g/1> WHERE { ?s ?p ?o }",
])
def test_with_using_refuses_a_dataset_given_twice(update):
    assert with_using(update, [], []) == update
    with pytest.raises(BadRequest):
        with_using(update, ["http://g/2"], [])
