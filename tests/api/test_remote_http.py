"""The HTTP application in front of a remote SPARQL server: the same answers as on the embedded store in front of
``oxigraph serve`` and of Virtuoso; limits and statuses (``oxigraph serve``)."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest
from engines import oxigraph_server, virtuoso_server
from live_server import LiveServer

from ses_graph import store as stores
from ses_graph.api.settings import Settings
from ses_graph.remote import RemoteStore, publish

JSON = {"Accept": "application/sparql-results+json"}
ENGINES = {"oxigraph": oxigraph_server, "virtuoso": virtuoso_server}
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


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine_servers(request, tmp_path_factory, curated_store_path):
    """Our server in front of each engine (``oxigraph serve``, Virtuoso) loaded with the curated graph, and our server
    on the embedded store."""
    folder = tmp_path_factory.mktemp(request.param)
    with ENGINES[request.param](folder / "server") as endpoint:
        publish(stores.open_store(curated_store_path), RemoteStore(endpoint))
        settings = Settings(store=folder / "unused", endpoint=endpoint, query_workers=2)
        with LiveServer(settings) as remote, LiveServer(Settings(store=curated_store_path, query_workers=2)) as local:
            yield remote.url, local.url


ORDERED = "SELECT ?s ?label WHERE { ?s a ses:Network ; rdfs:label ?label } ORDER BY ?s ?label"
#: Routes whose answers are the same bytes in front of every engine as on the embedded store, with the Accept header.
ALIKE = [
    ("/sparql?query=" + quote(ORDERED), "application/sparql-results+json"),
    ("/queries/instance-seats?instance=ESS%20France", "application/sparql-results+json"),
    ("/queries/network-members?network=" + quote("https://w3id.org/ses-graph/id/apes"), "text/csv"),
    ("/mediators?top=5", "application/json"),
    ("/mediators?kind=person&lang=fr", "application/json"),
    ("/map?lang=en", "text/html"),
    ("/id/apes", "text/html"),
    ("/id/apes", "text/turtle"),
    ("/export/graphml", "*/*"),
    ("/export/csv", "*/*"),
]


@pytest.mark.parametrize(("path", "accept"), ALIKE)
def test_answers_as_the_embedded_server(engine_servers, path, accept):
    remote, local = engine_servers
    there = httpx.get(remote + path, headers={"Accept": accept}, timeout=120)
    here = httpx.get(local + path, headers={"Accept": accept}, timeout=120)
    assert there.status_code == here.status_code == 200, there.text
    assert there.headers["content-type"] == here.headers["content-type"]
    assert there.content == here.content


def test_rows_as_the_embedded_server(engine_servers):
    """A named query whose ORDER BY leaves ties: the same rows."""
    remote, local = engine_servers
    there, here = (httpx.get(url + "/queries/timeline", headers=JSON, timeout=120) for url in (remote, local))
    assert there.status_code == here.status_code == 200, there.text
    assert sorted(map(str, there.json()["results"]["bindings"])) == sorted(map(str, here.json()["results"]["bindings"]))


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
