"""The HTTP application in front of a remote SPARQL server: the same answers as on the embedded store, the same
limits and statuses, in front of ``oxigraph serve`` and of Virtuoso (each started once for the module)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from urllib.parse import quote

import httpx
import pytest
from engines import oxigraph_server, virtuoso_server
from live_server import LiveServer
from support import cli

from ses_graph import store as stores
from ses_graph.api.settings import Settings
from ses_graph.errors import RemoteTimeout, exit_code
from ses_graph.remote import RemoteStore, publish

JSON = {"Accept": "application/sparql-results+json"}
#: Virtuoso's own time limit here (its MaxQueryExecutionTime, 120 s by default in engines.py), so that a query past it
#: keeps a core busy 5 s, not 120: every query of this module takes less (the slowest, the map's and the mediators',
#: under 1 s on the curated graph).
ENGINE_LIMIT = 5
ENGINES = {"oxigraph": oxigraph_server, "virtuoso": partial(virtuoso_server, limit=ENGINE_LIMIT)}
#: A query that no engine answers within a second, nor Virtuoso within its limit: 6,008 triples cubed.
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
OUR_LIMIT = ("the query did not answer within the time limit of 1 s: {url} was left without an answer / la requête "
             "n'a pas répondu dans le temps limite de 1 s : {url} n'a pas répondu")
ENGINE_STOPPED = ("the query did not answer within the time limit: {url} stopped it at its own limit (S1T00 SR171: "
                  "Transaction timed out) / la requête n'a pas répondu dans le temps limite : {url} l'a arrêtée à sa "
                  "propre limite")


@dataclass(frozen=True)
class Servers:
    """Our servers for one engine: ``remote`` in front of it (the default time limit, 30 s), ``limited`` in front of
    it with a time limit of 1 s, ``local`` on the embedded store; ``query_url``: the engine's query endpoint."""

    engine: str
    query_url: str
    remote: str
    limited: str
    local: str


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine_servers(request, tmp_path_factory, curated_store_path):
    """Our servers (:class:`Servers`) in front of each engine (``oxigraph serve``, Virtuoso) loaded with the curated
    graph."""
    folder = tmp_path_factory.mktemp(request.param)
    with ENGINES[request.param](folder / "server") as endpoint:
        publish(stores.open_store(curated_store_path), RemoteStore(endpoint))
        settings = Settings(store=folder / "unused", endpoint=endpoint, query_workers=2)
        limited = Settings(store=folder / "unused", endpoint=endpoint, query_timeout=1.0, query_workers=2)
        with LiveServer(settings) as remote, LiveServer(limited) as short, \
                LiveServer(Settings(store=curated_store_path, query_workers=2)) as local:
            yield Servers(request.param, endpoint.query, remote.url, short.url, local.url)


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
    remote, local = engine_servers.remote, engine_servers.local
    there = httpx.get(remote + path, headers={"Accept": accept}, timeout=120)
    here = httpx.get(local + path, headers={"Accept": accept}, timeout=120)
    assert there.status_code == here.status_code == 200, there.text
    assert there.headers["content-type"] == here.headers["content-type"]
    assert there.content == here.content


def test_rows_as_the_embedded_server(engine_servers):
    """A named query whose ORDER BY leaves ties: the same rows."""
    remote, local = engine_servers.remote, engine_servers.local
    there, here = (httpx.get(url + "/queries/timeline", headers=JSON, timeout=120) for url in (remote, local))
    assert there.status_code == here.status_code == 200, there.text
    assert sorted(map(str, there.json()["results"]["bindings"])) == sorted(map(str, here.json()["results"]["bindings"]))


def test_entity_page_and_protocol_statuses(engine_servers):
    remote = engine_servers.remote
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


def test_service_to_a_host_not_allowed_is_refused_before_it_leaves(engine_servers):
    text = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    assert httpx.post(engine_servers.remote + "/sparql", data={"query": text}, timeout=60).status_code == 403


@pytest.mark.parametrize("engine_servers", ["virtuoso"], indirect=True)
def test_the_engines_own_time_limit_is_our_503(engine_servers, tmp_path):
    """Virtuoso's limit passes before ours (30 s): it answers 500 ``SR171: Transaction timed out``, which is our 503
    of a query past the time limit, not a 502 of a failed server; and the command line's exit code of a timeout."""
    slow = httpx.post(engine_servers.remote + "/sparql", data={"query": CROSS}, headers=JSON, timeout=120)
    assert slow.status_code == 503, slow.text
    assert slow.json() == {"detail": ENGINE_STOPPED.format(url=engine_servers.query_url)}
    (tmp_path / "cross.rq").write_text(CROSS)
    done = cli("query", str(tmp_path / "cross.rq"), "--endpoint", engine_servers.query_url)
    assert done.returncode == exit_code(RemoteTimeout("")) == 1
    assert done.stderr == f"ses-graph query: {ENGINE_STOPPED.format(url=engine_servers.query_url)}\n"


def test_a_query_past_the_time_limit_is_503(engine_servers):
    """Our limit (1 s) passes before the engine's (Virtuoso: 5 s; ``oxigraph serve``: none): 503, the same detail in
    front of every engine. (Last of the module: the engine may keep computing the query it was left with.)"""
    slow = httpx.post(engine_servers.limited + "/sparql", data={"query": CROSS}, headers=JSON, timeout=120)
    assert slow.status_code == 503, slow.text
    assert slow.json() == {"detail": OUR_LIMIT.format(url=engine_servers.query_url)}
