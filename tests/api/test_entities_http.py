"""``/id/{path}``: entity pages (HTML) and descriptions (Turtle, N-Triples, JSON-LD), on the curated graph."""

from __future__ import annotations

import re
from html import escape

import httpx
import pyoxigraph as ox
import pytest
from pages_check import external_resources

from ses_graph import store as stores
from ses_graph import terms

FACT_WITH_QUOTE = """
PREFIX ses:  <https://w3id.org/ses-graph/ontology#>
PREFIX org:  <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?entity ?fact ?quote ?source WHERE {
  ?fact a ses:Seat ; org:member ?entity ; ses:quote ?quote ; prov:wasDerivedFrom ?source .
} ORDER BY ?fact LIMIT 1
"""


@pytest.fixture(scope="module")
def fact(api_store_path):
    store = stores.open_store(api_store_path)
    rows = list(store.query(FACT_WITH_QUOTE))
    if not rows:
        pytest.skip("the curated data did not build: no seat to look at")
    row = rows[0]
    return {key: row[key].value for key in ("entity", "fact", "quote", "source")}


def _url(server, iri: str) -> str:
    return f"{server.url}/id/{iri[len(terms.ID):]}"


def test_a_browser_gets_the_html_page_with_the_source_quote_of_each_fact(server, fact):
    response = httpx.get(_url(server, fact["entity"]), headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert escape(fact["quote"]) in page
    assert f'href="/id/{fact["source"][len(terms.ID):]}"' in page  # the source document, as a link
    assert "/map?focus=" in page and "/sparql?query=DESCRIBE" in page
    assert external_resources(page) == []


def test_html_is_the_default(server, fact):
    response = httpx.get(_url(server, fact["entity"]))
    assert response.headers["content-type"].startswith("text/html")


def test_the_page_is_in_english_on_request(server, fact):
    page = httpx.get(_url(server, fact["entity"]), params={"lang": "en"}).text
    assert '<html lang="en">' in page and "Sourced facts" in page


@pytest.mark.parametrize(
    "media, fmt",
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_rdf_clients_get_the_entity_and_the_facts_pointing_to_it(server, fact, media, fmt):
    response = httpx.get(_url(server, fact["entity"]), headers={"Accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    triples = {q.triple for q in ox.parse(response.content, format=fmt)}
    subjects = {t.subject.value for t in triples}
    assert fact["entity"] in subjects and fact["fact"] in subjects
    assert ox.Triple(ox.NamedNode(fact["fact"]), terms.quote, ox.Literal(fact["quote"], language="fr")) in triples


def test_an_unknown_entity_is_404(server):
    response = httpx.get(f"{server.url}/id/no-such-entity-at-all")
    assert response.status_code == 404
    assert "no-such-entity-at-all" in response.json()["detail"]


def test_an_unacceptable_media_type_is_406(server, fact):
    assert httpx.get(_url(server, fact["entity"]), headers={"Accept": "image/png"}).status_code == 406


def test_the_source_document_has_a_page_too(server, fact):
    response = httpx.get(_url(server, fact["source"]))
    assert response.status_code == 200
    assert escape(fact["quote"]) in response.text


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_the_page_groups_facts_by_kind_of_relationship_with_each_quote_once(server):
    page = httpx.get(f"{server.url}/id/apes", params={"lang": "fr"}).text
    kinds = re.findall(r'<section class="group" data-kind="https://w3id.org/ses-graph/ontology#(\w+)">', page)
    assert kinds[:3] == ["Membership", "Seat", "Action"], kinds
    # 003: one sentence supports both seats of APES on the CRESS (board and bureau): quoted once
    quote = (
        "L’APES porte son plaidoyer autour de la co-construction au sein de la CRESS Haut de France en tant que membre"
    )
    seats = page.split('data-kind="https://w3id.org/ses-graph/ontology#Seat"')[1].split("</section>")[0]
    assert seats.count(escape(quote)) == 1 and seats.count("<li id=") == 2
    assert "membre du bureau" in seats and "régional" in seats


def test_a_browser_gets_a_page_with_the_nearest_entities_for_a_mistyped_iri(server):
    response = httpx.get(f"{server.url}/id/miramp", headers={"Accept": BROWSER})
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    nearest = re.search(r'<ul id="nearest">(.*?)</ul>', response.text, re.S).group(1)
    assert nearest.index('href="/id/miramap"') == nearest.index("href=")
    assert httpx.get(f"{server.url}/id/miramp").json()["detail"], "a program still gets JSON"
