"""Writes over HTTP: refused without the operator's token, transactional and durable with it, seen by the next query."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest
from live_server import TOKEN, LiveServer, empty_store, writable_copy

from ses_graph import store as stores
from ses_graph.api.settings import Settings

GRAPH = "http://example.org/test-writes"
INSERT = f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://example.org/a> <http://example.org/p> \"written\" }} }}"
ASK = f"ASK {{ GRAPH <{GRAPH}> {{ <http://example.org/a> <http://example.org/p> \"written\" }} }}"
UPDATE = {"Content-Type": "application/sparql-update"}
TURTLE = {"Content-Type": "text/turtle"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def written(live: LiveServer) -> bool:
    return httpx.get(live.sparql, params={"query": ASK}).json()["boolean"]


def test_an_update_without_a_token_is_401(writer):
    response = httpx.post(writer.sparql, content=INSERT, headers=UPDATE)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    basic = httpx.post(writer.sparql, content=INSERT, headers={**UPDATE, "Authorization": "Basic dXNlcjpwYXNz"})
    assert basic.status_code == 401
    assert not written(writer)


def test_an_update_with_a_wrong_token_is_403(writer):
    response = httpx.post(writer.sparql, content=INSERT, headers={**UPDATE, **bearer("not-the-token")})
    assert response.status_code == 403
    assert not written(writer)


def test_a_read_only_server_refuses_every_update_with_403(server):
    for headers in ({}, bearer(TOKEN)):
        assert httpx.post(server.sparql, data={"update": INSERT}, headers=headers).status_code == 403


def test_an_update_with_the_token_is_applied(writer):
    for body, headers in (
        (INSERT, UPDATE),
        (f"update=CLEAR+GRAPH+<{GRAPH}>", {"Content-Type": "application/x-www-form-urlencoded"}),
    ):
        response = httpx.post(writer.sparql, content=body, headers={**headers, **bearer(TOKEN)})
        assert response.status_code == 204, response.text
    assert not written(writer)
    httpx.post(writer.sparql, content=INSERT, headers={**UPDATE, **bearer(TOKEN)})
    assert written(writer)


def test_a_malformed_update_is_400_with_its_position(writer):
    response = httpx.post(writer.sparql, content="CLEAR XYZ", headers={**UPDATE, **bearer(TOKEN)})
    assert response.status_code == 400
    assert response.json()["line"] == 1 and "error at 1:" in response.json()["detail"]


def test_an_update_that_fails_half_way_changes_nothing(writer):
    before = written(writer)
    other = f"ASK {{ GRAPH <{GRAPH}> {{ <http://example.org/b> ?p ?o }} }}"
    failing = (
        f"DROP SILENT GRAPH <{GRAPH}> ;"
        f" INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://example.org/b> <http://example.org/p> 1 }} }} ;"
        " DROP GRAPH <http://example.org/no-such-graph>"
    )
    response = httpx.post(writer.sparql, content=failing, headers={**UPDATE, **bearer(TOKEN)})
    assert response.status_code == 400
    assert "does not exist" in response.json()["detail"]
    assert written(writer) == before
    assert httpx.get(writer.sparql, params={"query": other}).json()["boolean"] is False


def test_service_and_load_in_an_update_are_refused(writer):
    for update in (
        "LOAD <http://example.org/data.ttl>",
        f"INSERT {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <http://example.org/sparql> {{ ?s ?p ?o }} }}",
    ):
        response = httpx.post(writer.sparql, content=update, headers={**UPDATE, **bearer(TOKEN)})
        assert response.status_code == 403, update


def test_a_query_right_after_a_write_sees_it(writer):
    """Read-your-writes: each write is in the snapshot of the query workers before it is answered."""
    ryw = "http://example.org/read-your-writes"
    workers = writer.settings.query_workers  # ask as many times: each worker opens the new snapshot
    with httpx.Client(timeout=60, headers=bearer(TOKEN)) as client:
        def ask(where: str) -> list[bool]:
            return [
                client.get(writer.sparql, params={"query": f"ASK {{ {where} }}"}).json()["boolean"]
                for _ in range(workers)
            ]

        for n in range(5):
            triple = f"<{ryw}> <http://example.org/n> {n}"
            assert client.post(writer.sparql, content=f"INSERT DATA {{ {triple} }}", headers=UPDATE).status_code == 204
            assert ask(triple) == [True] * workers
            assert client.post(writer.sparql, content=f"DELETE DATA {{ {triple} }}", headers=UPDATE).status_code == 204
            assert ask(triple) == [False] * workers
        store, graph = f"{writer.url}/store", {"graph": ryw}
        for n in range(5):
            assert (
                client.put(
                    store, params=graph, content=f"<{ryw}> <http://example.org/n> {n} .", headers=TURTLE
                ).status_code
                == 201
            )
            assert ask(f"GRAPH <{ryw}> {{ <{ryw}> <http://example.org/n> {n} }}") == [True] * workers
            assert (
                client.post(
                    store, params=graph, content=f"<{ryw}> <http://example.org/m> {n} .", headers=TURTLE
                ).status_code
                == 204
            )
            assert ask(f"GRAPH <{ryw}> {{ <{ryw}> <http://example.org/m> {n} }}") == [True] * workers
            assert client.delete(store, params=graph).status_code == 204
            assert ask(f"GRAPH <{ryw}> {{ ?s ?p ?o }}") == [False] * workers


def test_writes_survive_a_restart(tmp_path):
    settings = Settings(store=empty_store(tmp_path / "store"), token=TOKEN)
    with LiveServer(settings) as first:
        assert httpx.post(first.sparql, content=INSERT, headers={**UPDATE, **bearer(TOKEN)}).status_code == 204
        put = httpx.put(
            f"{first.url}/store?graph={GRAPH}-put",
            content="<http://example.org/a> <http://example.org/p> 1 .",
            headers={**TURTLE, **bearer(TOKEN)},
        )
        assert put.status_code == 201
    with LiveServer(settings) as second:
        assert written(second)
        ask = f"ASK {{ GRAPH <{GRAPH}-put> {{ <http://example.org/a> <http://example.org/p> 1 }} }}"
        assert httpx.get(second.sparql, params={"query": ask}).json()["boolean"] is True


def _snapshots(store_path) -> list:
    return sorted(store_path.glob(".snapshots-*/*"))


def test_snapshots_do_not_pile_up_and_go_with_the_server(tmp_path):
    path = empty_store(tmp_path / "store")
    settings = Settings(store=path, token=TOKEN, query_workers=2)
    with LiveServer(settings) as live, httpx.Client(timeout=60) as client:
        for n in range(30):
            update = f"INSERT DATA {{ <http://example.org/s> <http://example.org/n> {n} }}"
            assert client.post(live.sparql, content=update, headers={**UPDATE, **bearer(TOKEN)}).status_code == 204
            count = "SELECT (COUNT(*) AS ?n) { <http://example.org/s> ?p ?o }"
            assert client.get(live.sparql, params={"query": count}).json()["results"]["bindings"][0]["n"][
                "value"
            ] == str(n + 1)
            assert len(_snapshots(path)) <= 2 * settings.query_workers + 1
    assert _snapshots(path) == []
    assert sorted(p.name for p in path.iterdir()) == ["current", "gen-1", "journal.jsonl"]


def test_a_writable_server_removes_the_snapshots_of_a_killed_one(tmp_path):
    path = empty_store(tmp_path / "store")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a process id that no longer runs (reused only after the system wraps around)
    orphan, alive, unnamed = (
        path / f".snapshots-{dead.pid}-x1",
        path / f".snapshots-{os.getpid()}-x2",
        path / ".snapshots-x3",
    )
    for folder in (orphan, alive, unnamed):
        (folder / "1").mkdir(parents=True)
    with LiveServer(Settings(store=path, token=TOKEN)) as live:
        assert httpx.post(live.sparql, content=INSERT, headers={**UPDATE, **bearer(TOKEN)}).status_code == 204
        assert not orphan.exists() and alive.exists() and unnamed.exists()
        assert len(list(path.glob(f".snapshots-{os.getpid()}-*"))) == 2  # this test's server runs in this process
    assert sorted(p.name for p in path.iterdir()) == sorted(
        ["current", "gen-1", "journal.jsonl", alive.name, unnamed.name]
    )


def test_a_build_beside_a_writable_server_leaves_its_snapshots_alone(tmp_path):
    path = empty_store(tmp_path / "store")
    with LiveServer(Settings(store=path, token=TOKEN)) as live:
        assert httpx.post(live.sparql, content=INSERT, headers={**UPDATE, **bearer(TOKEN)}).status_code == 204
        assert stores.publish(path, stores.new_generation(path)).name == "gen-2"
        assert _snapshots(path) != []
        assert written(live)


@pytest.mark.parametrize("token", ["", None])
def test_no_token_means_read_only(token):
    assert not Settings(store="unused", token=token).writable


def test_a_written_label_is_found_by_any_spelling(api_store_path, tmp_path):
    """The search keys follow the writes: a new name is found at once, and a removed one is gone."""
    entity = "<https://w3id.org/ses-graph/id/test-reseau-zebre>"
    facts = (
        f"{entity} a <https://w3id.org/ses-graph/ontology#Network> ; "
        '<http://www.w3.org/2000/01/rdf-schema#label> "Réseau Zèbre" ; '
        "<http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/ses-graph/id/source-003> ."
    )
    with writable_copy(api_store_path, tmp_path, token=TOKEN) as live:
        search = f"{live.url}/queries/entity-search"

        def found() -> list[str]:
            rows = httpx.get(
                search, params={"q": "RESEAU-zebre"}, headers={"Accept": "application/sparql-results+json"}
            )
            return [row["entity"]["value"] for row in rows.json()["results"]["bindings"]]

        with httpx.Client(timeout=60, headers=bearer(TOKEN)) as client:
            assert client.post(live.sparql, content=f"INSERT DATA {{ {facts} }}", headers=UPDATE).status_code == 204
            assert found() == [entity.strip("<>")]
            assert client.post(live.sparql, content=f"DELETE DATA {{ {facts} }}", headers=UPDATE).status_code == 204
            assert found() == []
