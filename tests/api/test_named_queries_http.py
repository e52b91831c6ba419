"""``/queries`` on a live server: the list, runs with parameters, negotiation and errors."""

from __future__ import annotations

import httpx
import pytest

from ses_graph import queries


def test_the_list_gives_name_titles_and_parameters_of_every_query(server):
    response = httpx.get(f"{server.url}/queries")
    assert response.status_code == 200
    listed = {q["name"]: q for q in response.json()}
    assert set(listed) == set(queries.catalogue())
    members = listed["network-members"]
    assert set(members["title"]) == {"fr", "en"}
    assert members["parameters"][0]["name"] == "network" and members["parameters"][0]["required"] is True


def test_a_named_query_runs_with_a_label_in_any_spelling(server):
    exact = httpx.get(f"{server.url}/queries/network-members", params={"network": "RIPESS Europe"})
    assert exact.status_code == 200, exact.text
    assert exact.headers["content-type"] == "application/sparql-results+json"
    rows = exact.json()["results"]["bindings"]
    assert rows and {"member", "memberName", "source"} <= set(exact.json()["head"]["vars"])
    variant = httpx.get(f"{server.url}/queries/network-members", params={"network": "ripess-europe"})
    assert variant.json() == exact.json()


@pytest.mark.parametrize("accept, expected", [
    ("text/csv", "text/csv; charset=utf-8"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
])
def test_a_named_query_is_negotiated_like_sparql(server, accept, expected):
    response = httpx.get(
        f"{server.url}/queries/workshop-participants", params={"axis": "4"}, headers={"Accept": accept}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == expected


def test_a_named_query_refuses_what_it_cannot_answer_in_with_406(server):
    response = httpx.get(
        f"{server.url}/queries/workshop-participants", params={"axis": "4"}, headers={"Accept": "text/turtle"}
    )
    assert response.status_code == 406


def test_an_unknown_named_query_is_404(server):
    response = httpx.get(f"{server.url}/queries/no-such-query")
    assert response.status_code == 404
    assert "network-members" in response.json()["detail"]


@pytest.mark.parametrize("name, params, words", [
    ("network-members", {}, "needs the parameter 'network'"),
    ("network-members", {"network": "no organisation has this name"}, "no entity is named"),
    ("network-members", {"network": "RIPESS Europe", "colour": "blue"}, "no parameter colour"),
    ("workshop-participants", {"axis": "four"}, "must be an integer"),
    ("workshop-participants", {"axis": "9"}, "must be between"),
])
def test_a_missing_unknown_or_bad_parameter_is_400(server, name, params, words):
    response = httpx.get(f"{server.url}/queries/{name}", params=params)
    assert response.status_code == 400
    assert words in response.json()["detail"]


def test_a_repeated_parameter_is_400(server):
    response = httpx.get(f"{server.url}/queries/workshop-participants", params=[("axis", "1"), ("axis", "2")])
    assert response.status_code == 400


def test_http_resolves_a_typo_and_answers_400_with_candidates(server):
    found = httpx.get(f"{server.url}/queries/network-members", params={"network": "RIPES Europe"})
    assert found.status_code == 200 and found.json()["results"]["bindings"], found.text
    ambiguous = httpx.get(f"{server.url}/queries/instance-seats", params={"instance": "cress"})
    assert ambiguous.status_code == 400 and "CRESS Occitanie" in ambiguous.json()["detail"]
    unknown = httpx.get(f"{server.url}/queries/netwrk-members")
    assert unknown.status_code == 404 and "did you mean network-members" in unknown.json()["detail"]


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_a_browser_gets_a_named_query_as_a_table_with_labels_linked(server):
    response = httpx.get(f"{server.url}/queries/network-members", params={"network": "RIPESS Europe", "lang": "en"},
                         headers={"Accept": BROWSER})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<h1>Members of a network</h1>" in page and '<table class="results">' in page
    assert '<a href="/id/apes" title="https://w3id.org/ses-graph/id/apes">APES</a>' in page, "an entity under its label"
    assert 'href="/queries/network-members?network=RIPESS+Europe&amp;format=csv"' in page
    assert "PREFIX ses:" in page, "the query is shown"
    csv = httpx.get(f"{server.url}/queries/network-members", params={"network": "RIPESS Europe", "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv") and "APES" in csv.text


def test_a_browser_gets_a_bad_parameter_as_a_page_with_its_status(server):
    response = httpx.get(
        f"{server.url}/queries/instance-seats", params={"instance": "cress"}, headers={"Accept": BROWSER}
    )
    assert response.status_code == 400 and response.headers["content-type"].startswith("text/html")
    assert "CRESS Occitanie" in response.text


def test_a_browser_gets_the_list_of_queries_as_a_page(server):
    page = httpx.get(f"{server.url}/queries", headers={"Accept": BROWSER}).text
    assert '<ul id="queries">' in page and 'href="/queries/network-members?network=RIPESS+Europe"' in page
    assert httpx.get(f"{server.url}/queries").headers["content-type"] == "application/json"


@pytest.mark.parametrize("typed, says", [
    ("!!! ...", "nothing to search for"), ("x" * 300, "at most 200 characters"), ("", "needs the parameter 'q'"),
])
def test_entity_search_refuses_a_text_with_nothing_to_search_or_too_long(server, typed, says):
    response = httpx.get(f"{server.url}/queries/entity-search", params={"q": typed},
                         headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 400, response.text
    assert says in response.json()["detail"]


def test_entity_search_finds_a_name_typed_with_a_typo_over_http(server):
    response = httpx.get(f"{server.url}/queries/entity-search", params={"q": "Josete Combes"},
                         headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    first = response.json()["results"]["bindings"][0]
    assert first["entity"]["value"].endswith("/josette-combes") and first["match"]["value"] == "21"
