"""Who wrote what, when: named tokens, each write a prov:Activity, /changes and the named query recent-changes."""

from __future__ import annotations

import httpx
import pytest
from live_server import TOKEN, LiveServer, with_tokens

from ses_graph.api.app import create_app
from ses_graph.api.settings import Settings
from ses_graph.errors import UsageError

PREFIXES = ("PREFIX id: <https://w3id.org/ses-graph/id/> PREFIX ses: <https://w3id.org/ses-graph/ontology#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX prov: <http://www.w3.org/ns/prov#> ")
CURATOR, CONTRIBUTOR = "curator-token-1b2c", "contributor-token-9f8e"


def person(name: str) -> str:
    return (
        PREFIXES
        + f'INSERT DATA {{ id:{name} a ses:Person ; rdfs:label "{name}" ; prov:wasDerivedFrom id:source-003 . }}'
    )


def post(live: LiveServer, token: str, update: str) -> httpx.Response:
    return httpx.post(live.sparql, content=update,
                      headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"})


@pytest.fixture(scope="module")
def live(api_store_path, tmp_path_factory):
    holders = {CURATOR: ("Marie Essai (MES France)", "curator"), CONTRIBUTOR: ("Paul Essai", "contributor")}
    with with_tokens(api_store_path, tmp_path_factory.mktemp("provenance"), holders, token=TOKEN) as server:
        yield server


def test_each_write_names_its_agent_and_time_in_changes(live):
    assert post(live, CURATOR, person("test-prov-marie")).status_code == 204
    assert post(live, TOKEN, person("test-prov-operator")).status_code == 204  # SES_GRAPH_TOKEN: a curator
    changes = httpx.get(f"{live.url}/changes").json()
    assert [c["holder"] for c in changes[:2]] == ["curator", "Marie Essai (MES France)"]  # most recent first
    latest, earlier = changes[0], changes[1]
    assert latest["role"] == earlier["role"] == "curator" and latest["time"] >= earlier["time"]
    assert ('<https://w3id.org/ses-graph/id/test-prov-marie> <http://www.w3.org/2000/01/rdf-schema#label> '
            '"test-prov-marie" .') in earlier["added"]
    assert earlier["removed"] == []
    linked = (
        PREFIXES + "ASK { GRAPH <https://w3id.org/ses-graph/graph/changes> { id:test-prov-marie prov:wasGeneratedBy "
        f"<{earlier['change']}> . <{earlier['change']}> a prov:Activity ; prov:wasAssociatedWith ?agent }} }}"
    )
    assert httpx.get(live.sparql, params={"query": linked}).json()["boolean"] is True


def test_the_named_query_and_the_html_page_show_the_changes(live):
    assert post(live, CURATOR, person("test-prov-page")).status_code == 204
    rows = httpx.get(f"{live.url}/queries/recent-changes", headers={"Accept": "application/sparql-results+json"})
    assert rows.json()["results"]["bindings"][0]["holder"]["value"] == "Marie Essai (MES France)"
    for lang, title in (("fr", "Modifications récentes"), ("en", "Recent changes")):
        page = httpx.get(f"{live.url}/changes", params={"lang": lang}, headers={"Accept": "text/html"})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert title in page.text and "Marie Essai (MES France)" in page.text and "test-prov-page" in page.text
        assert '<nav class="site">' in page.text and page.headers["content-language"] == lang  # base.html


def test_a_contributor_token_does_not_write_directly(live):
    response = post(live, CONTRIBUTOR, person("test-prov-paul"))
    assert response.status_code == 202 and response.json()["status"] == "pending"  # a proposal (test_proposals.py)
    ask = PREFIXES + "ASK { id:test-prov-paul ?p ?o }"
    assert httpx.get(live.sparql, params={"query": ask}).json()["boolean"] is False
    assert post(live, "no-such-token", person("test-prov-nobody")).status_code == 403


@pytest.mark.parametrize(
    "content", ["not json", '{"t": {"holder": "X", "role": "boss"}}', '{"t": {"role": "curator"}}']
)
def test_a_bad_tokens_file_is_a_clear_usage_error(tmp_path, content):
    path = tmp_path / "tokens.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match="SES_GRAPH_TOKENS_FILE"):
        create_app(Settings(store=tmp_path, tokens_file=path))
