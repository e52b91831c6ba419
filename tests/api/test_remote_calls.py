"""SERVICE and LOAD never reach a host the operator did not allow: a corpus of hostile texts, a real listener.

Each layer is tested alone (the decision on rdflib's parse, with no sandbox; the sandbox, with a
parser that reads nothing), then both together through live servers, by GET, URL-encoded POST and
direct POST, queries and updates. A connection to the listener fails the test.
"""

from __future__ import annotations

import threading
import time

import httpx
import pyoxigraph as ox
import pytest
from live_server import TOKEN, LiveServer
from remote_corpus import QUERIES, UPDATES, Listener

from ses_graph.api import remote_calls, sandbox
from ses_graph.api.settings import Settings
from ses_graph.errors import Forbidden

#: Texts that call nobody (pyoxigraph does not fetch FROM graphs): they may answer 200.
HARMLESS = {"FROM an outside graph", "FROM NAMED an outside graph"}
#: SILENT calls that the sandbox alone stops: the engine then ignores the failure, as SILENT asks (200).
SILENT = {name for name, text in QUERIES + UPDATES if "SILENT" in text.upper()}
#: Calls inside an expression (EXISTS), or never evaluated (MINUS of nothing): the engine then raises nothing.
UNEVALUATED = {name for name, text in QUERIES + UPDATES if "EXISTS" in text} | {"minus"}
SETTLE_SECONDS = 0.02  # the listener's thread records a connection a moment after it is made


@pytest.fixture(scope="module")
def listener():
    live = Listener()
    yield live
    live.close()


def assert_untouched(listener: Listener, name: str) -> None:
    time.sleep(SETTLE_SECONDS)
    assert listener.connections == [], f"{name}: the engine connected to the listener"


@pytest.fixture(scope="module")
def allowing(api_store_path):
    """A read-only server that lets SERVICE call localhost (and no other host)."""
    with LiveServer(Settings(store=api_store_path, service_hosts=frozenset({"localhost"}))) as live:
        yield live


def send(live: LiveServer, way: str, kind: str, text: str, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if way == "get":
        return httpx.get(live.sparql, params={kind: text}, headers=headers, timeout=30)
    if way == "form":
        return httpx.post(live.sparql, data={kind: text}, headers=headers, timeout=30)
    return httpx.post(live.sparql, content=text.encode("utf-8"), timeout=30,
                      headers={**headers, "Content-Type": f"application/sparql-{kind}"})


def evaluate(store: ox.Store, kind: str, text: str):
    return lambda: store.update(text) if kind == "update" else list(store.query(text))


@pytest.mark.parametrize("name, template", QUERIES + UPDATES, ids=[name for name, _ in QUERIES + UPDATES])
def test_the_parsed_form_alone_refuses_every_call(listener, monkeypatch, name, template):
    monkeypatch.setattr(sandbox, "deny_network", lambda all_threads: False)
    guard = remote_calls.Guard(frozenset({"allowed.example"}))
    assert not guard.sandboxed
    kind = "update" if (name, template) in UPDATES else "query"
    text = listener.text(template)
    try:
        guard.run(kind, text, "http://endpoint.example/sparql", evaluate(ox.Store(), kind, text))
    except (Forbidden, SyntaxError):
        pass
    else:
        assert name in HARMLESS, f"{name}: ran without network checks"
    assert_untouched(listener, name)


@pytest.mark.parametrize("name, template", QUERIES + UPDATES, ids=[name for name, _ in QUERIES + UPDATES])
def test_the_sandbox_alone_stops_every_call(listener, monkeypatch, name, template):
    monkeypatch.setattr(remote_calls, "endpoints", lambda kind, text, base: None)  # as if nothing could be parsed
    kind = "update" if (name, template) in UPDATES else "query"
    text = listener.text(template)
    outcome = {}

    def in_a_fresh_thread() -> None:  # the filter stays on the thread that installs it
        guard = remote_calls.Guard(frozenset(), whole_process=False)
        outcome["sandboxed"] = guard.sandboxed
        try:
            guard.run(kind, text, None, evaluate(ox.Store(), kind, text))
        except (Forbidden, SyntaxError, RuntimeError) as error:  # RuntimeError: the engine refuses the query
            outcome["error"] = error

    thread = threading.Thread(target=in_a_fresh_thread)
    thread.start()
    thread.join()
    assert outcome["sandboxed"], "no seccomp filter could be installed (libseccomp missing?)"
    assert "error" in outcome or name in HARMLESS | SILENT | UNEVALUATED, name
    assert_untouched(listener, name)


def test_the_thread_that_tests_run_in_keeps_its_network(listener):
    with httpx.Client() as client:
        with pytest.raises(httpx.TransportError):
            client.get(f"http://127.0.0.1:{listener.port}/")
    time.sleep(SETTLE_SECONDS)
    assert len(listener.connections) == 1  # the listener does see connections
    listener.connections.clear()


@pytest.mark.parametrize("name, template", QUERIES, ids=[name for name, _ in QUERIES])
def test_no_query_reaches_an_outside_host(server, listener, name, template):
    text = listener.text(template)
    for way in ("get", "form", "direct"):
        response = send(server, way, "query", text)
        assert response.status_code < 500, (name, way, response.text)
        if name not in HARMLESS:
            assert response.status_code in (400, 403), (name, way, response.status_code, response.text)
            assert "detail" in response.json()
    assert_untouched(listener, name)


@pytest.mark.parametrize("name, template", [(n, t) for n, t in QUERIES if "localhost" not in n],
                         ids=[name for name, _ in QUERIES if "localhost" not in name])
def test_a_server_that_allows_a_host_calls_no_other(allowing, listener, name, template):
    response = send(allowing, "get", "query", listener.text(template))
    assert response.status_code < 500, (name, response.text)
    if name not in HARMLESS:
        assert response.status_code in (400, 403), (name, response.status_code, response.text)
    assert_untouched(listener, name)


@pytest.mark.parametrize("name, template", UPDATES, ids=[name for name, _ in UPDATES])
def test_no_update_reaches_an_outside_host(writer, listener, name, template):
    text = listener.text(template)
    for way in ("form", "direct"):
        response = send(writer, way, "update", text, token=TOKEN)
        assert response.status_code in (400, 403), (name, way, response.status_code, response.text)
    assert_untouched(listener, name)


def test_service_to_an_allowed_host_answers(allowing, server):
    port = server.url.rsplit(":", 1)[1]
    query = (f"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?label "
             f"{{ SERVICE <http://localhost:{port}/sparql> {{ ?s rdfs:label ?label }} }} LIMIT 1")
    response = httpx.get(allowing.sparql, params={"query": query}, timeout=30)
    assert response.status_code == 200, response.text
    assert len(response.json()["results"]["bindings"]) == 1
    refused = httpx.get(server.sparql, params={"query": query}, timeout=30)  # the same text, where no host is allowed
    assert refused.status_code == 403
    assert "localhost" in refused.json()["detail"]
