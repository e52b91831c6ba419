"""``GET /.well-known/void`` (VoID + DCAT) and the Service Description of ``GET /sparql`` without a query."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
from live_server import TOKEN

from ses_graph import terms


def _graph(response: httpx.Response, fmt=ox.RdfFormat.TURTLE) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(response.content, format=fmt)}


def test_well_known_void_describes_the_dataset(server):
    response = httpx.get(f"{server.url}/.well-known/void")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    triples = _graph(response)
    endpoints = {t.object for t in triples if t.predicate == terms.void_sparqlEndpoint}
    assert endpoints == {ox.NamedNode("https://w3id.org/ses-graph/sparql")}
    as_json = httpx.get(f"{server.url}/.well-known/void", headers={"Accept": "application/ld+json"})
    assert _graph(as_json, ox.RdfFormat.JSON_LD) == triples


def test_get_sparql_without_a_query_is_the_service_description(server):
    response = httpx.get(server.sparql)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    triples = _graph(response)
    assert {t.object for t in triples if t.predicate == terms.sd_endpoint} == {ox.NamedNode(server.sparql)}
    languages = {t.object.value for t in triples if t.predicate == terms.sd_supportedLanguage}
    assert languages == {terms.sd_SPARQL11Query.value}  # a read-only server takes no update
    formats = {t.object.value.rsplit("/", 1)[-1] for t in triples if t.predicate == terms.sd_resultFormat}
    assert {"SPARQL_Results_JSON", "N-Quads", "TriG", "Turtle"} <= formats
    names = {t.object.value for t in triples if t.predicate == terms.sd_name}
    assert "https://w3id.org/ses-graph/graph/description" in names


def test_a_writable_server_also_offers_update(writer):
    triples = _graph(httpx.get(writer.sparql, headers={"Authorization": f"Bearer {TOKEN}"}))
    languages = {t.object.value for t in triples if t.predicate == terms.sd_supportedLanguage}
    assert terms.sd_SPARQL11Update.value in languages


def test_other_protocol_mistakes_stay_400(server):
    assert httpx.get(server.sparql, params={"default-graph-uri": "http://example.org/g"}).status_code == 400
