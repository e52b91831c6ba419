"""The HTTP application in front of a remote SPARQL server (``oxigraph serve``): same answers, limits and statuses."""

from __future__ import annotations

import httpx
import pytest
from engines import oxigraph_server
from live_server import LiveServer

from ses_graph import store as stores
from ses_graph.api.settings import Settings
from ses_graph.remote import RemoteStore, publish

JSON = {"Accept": "application/sparql-results+json"}
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def remote_server(tmp_path_factory, curated_store_path):
    """Our server on ``oxigraph serve`` loaded with the curated graph, and our server on the embedded store."""
    folder = tmp_path_factory.mktemp("remote-http")
    with oxigraph_server(folder / "oxigraph") as endpoint:
        publish(stores.open_store(curated_store_path), RemoteStore(endpoint))
        settings = Settings(store=folder / "unused", endpoint=endpoint, query_timeout=1.0, query_workers=2)
        with LiveServer(settings) as remote, LiveServer(Settings(store=curated_store_path, query_workers=2)) as local:
            yield remote.url, local.url


@pytest.mark.parametrize(
    "path",
    [
        "/queries/instance-seats?instance=ESS%20France",
        "/queries/network-members?network=apes",
        "/mediators?top=3",
        "/queries/timeline",
    ],
)
def test_answers_as_the_embedded_server(remote_server, path):
    remote, local = remote_server
    there, here = httpx.get(remote + path, headers=JSON, timeout=60), httpx.get(local + path, headers=JSON, timeout=60)
    assert there.status_code == here.status_code == 200, there.text
    if path.startswith("/mediators"):
        assert there.json() == here.json()
    else:
        assert sorted(map(str, there.json()["results"]["bindings"])) == sorted(
            map(str, here.json()["results"]["bindings"])
        )


def test_entity_page_and_protocol_statuses(remote_server):
    remote, _ = remote_server
    page = httpx.get(remote + "/id/apes", headers={"Accept": "text/turtle"}, timeout=60)
    assert page.status_code == 200 and "APES" in page.text
    assert httpx.get(remote + "/id/no-such-thing", timeout=60).status_code == 404
    bad = httpx.post(remote + "/sparql", data={"query": "SELECT * WHERE { ?s ?p }"}, timeout=60)
    assert bad.status_code == 400
    ask = httpx.post(
        remote + "/sparql", data={"query": "ASK { id:apes a ses:MemberOrganisation }"}, headers=JSON, timeout=60
    )
    assert ask.status_code == 200 and ask.json()["boolean"] is True
    write = httpx.post(
        remote + "/sparql", data={"update": "CLEAR ALL"}, headers={"Authorization": "Bearer x"}, timeout=60
    )
    assert write.status_code == 403


def test_a_query_past_the_time_limit_is_503(remote_server):
    remote, _ = remote_server
    slow = httpx.post(remote + "/sparql", data={"query": CROSS}, headers=JSON, timeout=120)
    assert slow.status_code == 503 and "did not answer within 1 s" in slow.json()["detail"]


def test_service_to_a_host_not_allowed_is_refused_before_it_leaves(remote_server):
    remote, _ = remote_server
    text = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    assert httpx.post(remote + "/sparql", data={"query": text}, timeout=60).status_code == 403
