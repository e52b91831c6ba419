"""Proposals and review: a contributor's write waits, out of the published graph, until a curator accepts or rejects
it."""

from __future__ import annotations

import json

import httpx
import pyoxigraph as ox
import pytest
from live_server import LiveServer, copy_store

from api.settings import Settings
from ses_graph import build, journal, proposals
from ses_graph import store as stores

PREFIXES = ("PREFIX id: <https://w3id.org/ses-graph/id/> PREFIX ses: <https://w3id.org/ses-graph/ontology#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX prov: <http://www.w3.org/ns/prov#> "
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ")
CURATOR, CONTRIBUTOR = "curator-token-5d6e", "contributor-token-7a8b"
OTHER = "contributor-token-3c4d"


def person(name: str) -> str:
    return f'INSERT DATA {{ id:{name} a ses:Person ; rdfs:label "{name}" ; prov:wasDerivedFrom id:source-003 . }}'


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def update(live: LiveServer, token: str, text: str) -> httpx.Response:
    return httpx.post(live.sparql, content=PREFIXES + text, headers={"Content-Type": "application/sparql-update",
                                                                   **auth(token)})


def propose(live: LiveServer, text: str, token: str = CONTRIBUTOR) -> str:
    response = update(live, token, text)
    assert response.status_code == 202, response.text
    proposal = response.json()
    assert response.headers["location"] == f"/proposals/{proposal['id']}" and proposal["status"] == "pending"
    return proposal["id"]


def published(live: LiveServer, name: str) -> bool:
    ask = PREFIXES + f"ASK {{ id:{name} ?p ?o }}"
    return httpx.get(live.sparql, params={"query": ask}).json()["boolean"]


def listed(live: LiveServer, token: str = CURATOR, **params: str) -> list[dict]:
    response = httpx.get(f"{live.url}/proposals", params=params, headers={"Accept": "application/json", **auth(token)})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture()
def live(api_store_path, tmp_path):
    tokens = tmp_path / "tokens.json"
    tokens.write_text(json.dumps({CURATOR: {"holder": "Claire Revue", "role": "curator"},
                                  CONTRIBUTOR: {"holder": "Paul Contribue", "role": "contributor"},
                                  OTHER: {"holder": "Zoé Autre", "role": "contributor"}}), encoding="utf-8")
    settings = Settings(store=copy_store(api_store_path, tmp_path / "store"), tokens_file=tokens)
    with LiveServer(settings) as server:
        yield server


def test_an_accepted_proposal_becomes_a_write_naming_both_agents_and_survives_a_rebuild(live):
    proposal = propose(live, person("test-proposed-accepted"))
    assert not published(live, "test-proposed-accepted")
    assert journal.entries(live.settings.store) == []  # proposals are not in the journal the build replays
    pending = listed(live, status="pending")
    assert [(p["id"], p["holder"], p["role"], p["status"]) for p in pending] == [
        (proposal, "Paul Contribue", "contributor", "pending")]
    assert ('<https://w3id.org/ses-graph/id/test-proposed-accepted> <http://www.w3.org/2000/01/rdf-schema#label> '
            '"test-proposed-accepted" .') in pending[0]["added"]
    accepted = httpx.post(f"{live.url}/proposals/{proposal}/accept", headers=auth(CURATOR))
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["status"], accepted.json()["decided_by"]) == ("accepted", "Claire Revue")
    assert published(live, "test-proposed-accepted")
    change = httpx.get(f"{live.url}/changes").json()[0]
    assert (change["holder"], change["role"], change["proposer"], change["proposal"]) == (
        "Claire Revue", "curator", "Paul Contribue", proposal)
    assert change["change"].endswith(accepted.json()["change"])
    assert httpx.post(f"{live.url}/proposals/{proposal}/accept", headers=auth(CURATOR)).status_code == 409
    assert listed(live, status="pending") == [] and [p["id"] for p in listed(live, status="accepted")] == [proposal]
    [entry] = journal.entries(live.settings.store)
    assert (entry.agent.holder, entry.proposer.holder, entry.proposal) == ("Claire Revue", "Paul Contribue", proposal)
    build.build(live.settings.store)  # the rebuild replays the accepted write, with both agents
    rebuilt = stores.open_generation(stores.current_generation(live.settings.store))
    ask = PREFIXES + ("ASK { GRAPH <https://w3id.org/ses-graph/graph/changes> { id:test-proposed-accepted "
                      "prov:wasGeneratedBy ?a . ?a prov:wasAssociatedWith/rdfs:label 'Claire Revue' ; "
                      "ses:proposer/rdfs:label 'Paul Contribue' } }")
    assert rebuilt.query(ask)
    written = ox.NamedNode("https://w3id.org/ses-graph/id/test-proposed-accepted")
    assert len(list(rebuilt.quads_for_pattern(written, None, None, ox.DefaultGraph()))) == 3


def test_a_rejected_proposal_is_kept_with_its_reason_and_never_published(live):
    proposal = propose(live, person("test-proposed-rejected"))
    response = httpx.post(f"{live.url}/proposals/{proposal}/reject", json={"reason": "source introuvable"},
                          headers=auth(CURATOR))
    assert response.status_code == 200, response.text
    [found] = listed(live)
    assert (found["status"], found["decided_by"], found["reason"]) == ("rejected", "Claire Revue", "source introuvable")
    assert httpx.post(f"{live.url}/proposals/{proposal}/accept", headers=auth(CURATOR)).status_code == 409
    assert httpx.post(f"{live.url}/proposals/{proposal}/reject", data={"reason": "encore"},
                      headers=auth(CURATOR)).status_code == 409
    assert not published(live, "test-proposed-rejected")
    assert [p.status for p in proposals.proposals(live.settings.store)] == ["rejected"]  # durable, in the store folder


def test_a_proposal_that_no_longer_validates_is_refused_at_accept_time_and_stays_pending(live):
    assert update(live, CURATOR, person("test-proposed-base")).status_code == 204
    proposal = propose(live, 'INSERT DATA { id:test-proposed-base skos:altLabel "Base bis" . }')
    deleted = update(live, CURATOR, person("test-proposed-base").replace("INSERT DATA", "DELETE DATA"))
    assert deleted.status_code == 204, deleted.text
    refused = httpx.post(f"{live.url}/proposals/{proposal}/accept",
                         headers={"Accept": "application/json", **auth(CURATOR)})
    assert refused.status_code == 422, refused.text
    assert any(v["focus"].endswith("test-proposed-base") for v in refused.json()["violations"])
    assert "stays pending" in refused.json()["detail"]
    assert [p["id"] for p in listed(live, status="pending")] == [proposal]
    assert not published(live, "test-proposed-base")


def test_graph_store_writes_of_a_contributor_are_proposals_too(live):
    body = ('@prefix id: <https://w3id.org/ses-graph/id/> . @prefix ses: <https://w3id.org/ses-graph/ontology#> . '
            '@prefix prov: <http://www.w3.org/ns/prov#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . '
            'id:test-proposed-gsp a ses:Person ; rdfs:label "GSP" ; prov:wasDerivedFrom id:source-003 .')
    response = httpx.post(f"{live.url}/store", params={"default": ""}, content=body,
                          headers={"Content-Type": "text/turtle", **auth(CONTRIBUTOR)})
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/proposals/{response.json()['id']}"
    assert not published(live, "test-proposed-gsp")


def test_who_sees_and_who_decides(live):
    mine, theirs = propose(live, person("test-proposed-mine")), propose(live, person("test-proposed-theirs"), OTHER)
    assert [p["id"] for p in listed(live)] == [theirs, mine]  # a curator: every one, most recent first
    assert [p["id"] for p in listed(live, CONTRIBUTOR)] == [mine]  # a contributor: their own
    assert httpx.get(f"{live.url}/proposals/{theirs}", headers=auth(CONTRIBUTOR)).status_code == 404
    assert httpx.get(f"{live.url}/proposals/{mine}", headers=auth(CONTRIBUTOR)).json()["id"] == mine
    assert httpx.get(f"{live.url}/proposals", headers={"Accept": "application/json"}).status_code == 401
    assert httpx.get(f"{live.url}/proposals", params={"status": "lost"}, headers=auth(CURATOR)).status_code == 400
    assert httpx.post(f"{live.url}/proposals/{mine}/accept", headers=auth(CONTRIBUTOR)).status_code == 403
    assert httpx.post(f"{live.url}/proposals/nope/accept", headers=auth(CURATOR)).status_code == 404
    assert (
        httpx.post(f"{live.url}/proposals/{mine}/reject", json={"reason": " "}, headers=auth(CURATOR)).status_code
        == 400
    )
    assert httpx.post(f"{live.url}/proposals/{mine}/reject", content="x", headers=auth(CURATOR)).status_code == 415
    unsourced = update(live, CONTRIBUTOR, 'INSERT DATA { id:test-proposed-bad a ses:Person ; rdfs:label "X" . }')
    assert unsourced.status_code == 422  # validated like any write, and not kept
    assert len(listed(live)) == 2


@pytest.mark.parametrize("lang, title", [("fr", "Propositions à relire"), ("en", "Proposals for review")])
def test_the_review_page_speaks_both_languages_and_loads_nothing_from_elsewhere(live, lang, title):
    page = httpx.get(f"{live.url}/proposals", params={"lang": lang}, headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-language"] == lang
    assert title in page.text and 'id="token"' in page.text and "http://" not in page.text.replace(live.url, "")
    assert "https://" not in page.text
