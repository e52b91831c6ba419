"""Writes are held to the rules of the curated data: a write that breaks them is refused with 422 and its
violations, and changes nothing."""

from __future__ import annotations

import httpx
import pytest
from live_server import TOKEN, LiveServer, writable_copy

from ses_graph import journal

PREFIXES = ("PREFIX id: <https://w3id.org/ses-graph/id/> PREFIX ses: <https://w3id.org/ses-graph/ontology#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX prov: <http://www.w3.org/ns/prov#> "
            "PREFIX org: <http://www.w3.org/ns/org#> ")
AUTH = {"Authorization": f"Bearer {TOKEN}"}
UPDATE = {"Content-Type": "application/sparql-update", **AUTH}
UNSOURCED = (
    "INSERT DATA { id:test-m a ses:Membership ; org:member id:mes-france ; org:organization id:ripess-europe . }"
)
UNKNOWN_CLASS = 'INSERT DATA { id:test-x a ses:Persn ; rdfs:label "X" ; prov:wasDerivedFrom id:source-003 . }'


@pytest.fixture(scope="module")
def live(api_store_path, tmp_path_factory):
    with writable_copy(api_store_path, tmp_path_factory.mktemp("validated-writes"), token=TOKEN) as server:
        yield server


def ask(live: LiveServer, pattern: str) -> bool:
    return httpx.get(live.sparql, params={"query": PREFIXES + f"ASK {{ {pattern} }}"}).json()["boolean"]


def test_an_unsourced_membership_is_refused_with_its_violations(live):
    before = len(journal.entries(live.settings.store))
    response = httpx.post(live.sparql, content=PREFIXES + UNSOURCED, headers=UPDATE)
    assert response.status_code == 422
    violations = response.json()["violations"]
    rules = {(v["focus"], v["rule"]) for v in violations}
    focus = "https://w3id.org/ses-graph/id/test-m"
    assert (focus, "ses:Fact prov:wasDerivedFrom sh:minCount 1") in rules
    assert (focus, "ses:Fact ses:quote sh:minCount 1") in rules
    assert any(v["message"] == "a fact carries a verbatim quote of its source" for v in violations)
    assert not ask(live, "id:test-m ?p ?o")
    assert len(journal.entries(live.settings.store)) == before


def test_an_undefined_class_is_refused_and_the_text_lists_it(live):
    response = httpx.post(live.sparql, content=PREFIXES + UNKNOWN_CLASS, headers={**UPDATE, "Accept": "text/plain"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/plain")
    assert "https://w3id.org/ses-graph/id/test-x [unknown-class]: ses:Persn" in response.text
    assert not ask(live, "id:test-x ?p ?o")


def test_removing_an_entity_that_facts_point_to_is_refused(live):
    response = httpx.post(live.sparql, content=PREFIXES + "DELETE WHERE { id:ripess-europe a ?type }", headers=UPDATE)
    assert response.status_code == 422
    assert {v["rule"] for v in response.json()["violations"]} >= {"dangling-reference", "untyped-entity"}
    assert ask(live, "id:ripess-europe a ?type")


def test_a_graph_store_write_is_validated_too(live):
    body = ("@prefix id: <https://w3id.org/ses-graph/id/> . @prefix ses: <https://w3id.org/ses-graph/ontology#> .\n"
            "id:test-gsp a ses:Seat .\n")
    response = httpx.post(f"{live.url}/store?default", content=body, headers={"Content-Type": "text/turtle", **AUTH})
    assert response.status_code == 422
    assert any(v["focus"].endswith("/test-gsp") for v in response.json()["violations"])
    assert not ask(live, "id:test-gsp ?p ?o")


def test_the_derived_graphs_cannot_be_written(live):
    search = "https://w3id.org/ses-graph/graph/search"
    response = httpx.put(f"{live.url}/store", params={"graph": search}, content="<http://a> <http://b> <http://c> .",
                         headers={"Content-Type": "text/turtle", **AUTH})
    assert response.status_code == 403
    assert ask(live, f"GRAPH <{search}> {{ ?s ?p ?o }}")


def test_the_ontology_cannot_be_written_nor_replaced_with_the_default_graph(live):
    """Replacing the default graph would take the ontology, and the rules with it: a write that changes the
    ontology is refused, and the curated graph stays whole."""
    before = len(journal.entries(live.settings.store))
    replaced = httpx.put(f"{live.url}/store?default", content='<http://example.org/a> <http://example.org/b> "1" .',
                         headers={"Content-Type": "application/n-triples", **AUTH})
    assert replaced.status_code == 422, replaced.text[:500]
    violations = replaced.json()["violations"]
    assert {v["rule"] for v in violations} == {"ontology"}
    assert "https://w3id.org/ses-graph/ontology#Person" in {v["focus"] for v in violations}
    removed = httpx.post(live.sparql, content=PREFIXES + "DELETE WHERE { ses:Person ?p ?o }", headers=UPDATE)
    assert removed.status_code == 422
    assert {(v["focus"], v["rule"]) for v in removed.json()["violations"]} == {
        ("https://w3id.org/ses-graph/ontology#Person", "ontology")}
    assert ask(live, "ses:Person ?p ?o") and ask(live, "id:mes-france a ?type")
    assert not ask(live, "<http://example.org/a> ?p ?o")
    assert len(journal.entries(live.settings.store)) == before


def test_a_valid_write_is_accepted_journaled_and_found_by_its_name(live):
    write = ('INSERT DATA { id:test-valid a ses:Person ; rdfs:label "Personne Valide" ; '
             "prov:wasDerivedFrom id:source-003 . }")
    assert httpx.post(live.sparql, content=PREFIXES + write, headers=UPDATE).status_code == 204
    entry = journal.entries(live.settings.store)[-1]
    assert entry.agent == journal.Agent("curator", "curator")
    assert {q.subject.value for q in entry.changes.added} == {"https://w3id.org/ses-graph/id/test-valid"}
    rows = httpx.get(f"{live.url}/queries/entity-search", params={"q": "personne-VALIDE"},
                     headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    assert [row["entity"]["value"] for row in rows] == ["https://w3id.org/ses-graph/id/test-valid"]


def test_a_claim_about_an_untyped_subject_outside_the_namespace_is_refused(live):
    """Every subject is checked, not only those under id:; a store without an ontology (the protocol tests') is not."""
    claim = "INSERT DATA { <http://example.org/claim> org:member id:josette-combes . }"
    response = httpx.post(live.sparql, content=PREFIXES + claim, headers=UPDATE)
    assert response.status_code == 422
    assert {(v["focus"], v["rule"]) for v in response.json()["violations"]} == {
        ("http://example.org/claim", "untyped-entity")}
    assert not ask(live, "<http://example.org/claim> ?p ?o")


def test_a_refused_graph_store_write_gives_each_violation_at_its_line_and_column_in_the_body(live):
    """The body's triples are found again by the parser: the undeclared class at the line and column where its triple
    ends (the space after ses:Persn), in a multipart part under its file name; the text form lists them too."""
    body = ("@prefix id: <https://w3id.org/ses-graph/id/> .\n@prefix ses: <https://w3id.org/ses-graph/ontology#> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            'id:test-y rdfs:label "Y" ;\n    a ses:Persn .\n')
    headers = {**AUTH, "Content-Type": "text/turtle"}
    response = httpx.post(f"{live.url}/store?default", content=body, headers=headers)
    assert response.status_code == 422
    found = {(v["rule"], v["document"], v["line"], v["column"]) for v in response.json()["violations"]}
    assert ("unknown-class", "body", 5, 16) in found
    part = httpx.post(f"{live.url}/store?default", files={"people": ("people.ttl", body, "text/turtle")},
                      headers=AUTH)
    assert part.status_code == 422
    assert ("unknown-class", "people.ttl", 5, 16) in {
        (v["rule"], v["document"], v["line"], v["column"]) for v in part.json()["violations"]}
    text = httpx.post(f"{live.url}/store?default", content=body, headers={**headers, "Accept": "text/plain"})
    assert "body:5:16: https://w3id.org/ses-graph/id/test-y [unknown-class]" in text.text
    assert not ask(live, "id:test-y ?p ?o")


def test_a_graph_store_body_that_does_not_parse_is_a_400_with_its_line_and_column(live):
    response = httpx.put(f"{live.url}/store?graph=http://example.org/g", content="<http://example.org/a> <b> ,, .",
                         headers={**AUTH, "Content-Type": "text/turtle"})
    assert response.status_code == 400
    assert (response.json()["line"], response.json()["column"]) == (1, 28), response.json()
