"""``/ontology``: Turtle for RDF clients, a readable bilingual page for browsers."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
from pages_check import external_resources
from rdflib.namespace import RDFS

from ses_graph import terms

LABEL = ox.NamedNode(str(RDFS.label))


def test_rdf_clients_get_turtle_by_default(server):
    response = httpx.get(f"{server.url}/ontology")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    triples = {q.triple for q in ox.parse(response.content, format=ox.RdfFormat.TURTLE)}
    assert ox.Triple(terms.Seat, LABEL, ox.Literal("Siège", language="fr")) in triples
    assert ox.Triple(terms.Seat, LABEL, ox.Literal("Seat", language="en")) in triples


def test_n_triples_by_accept(server):
    response = httpx.get(f"{server.url}/ontology", headers={"Accept": "application/n-triples"})
    assert response.headers["content-type"] == "application/n-triples"
    assert len(list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))) > 100


def test_a_browser_gets_a_page_with_labels_and_definitions_in_both_languages(server):
    response = httpx.get(f"{server.url}/ontology", headers={"Accept": "text/html,application/xml;q=0.9,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert 'id="Seat"' in page and "Siège" in page and "Seat held in a governance" in page
    assert external_resources(page) == []
