"""Writes over HTTP: refused without the operator's token, transactional and durable with it."""

from __future__ import annotations

import httpx
import pytest
from live_server import TOKEN, LiveServer, empty_store

from api.settings import Settings

GRAPH = "http://example.org/test-writes"
INSERT = f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://example.org/a> <http://example.org/p> \"written\" }} }}"
ASK = f"ASK {{ GRAPH <{GRAPH}> {{ <http://example.org/a> <http://example.org/p> \"written\" }} }}"
UPDATE = {"Content-Type": "application/sparql-update"}


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
    for body, headers in ((INSERT, UPDATE), (f"update=CLEAR+GRAPH+<{GRAPH}>", {"Content-Type": "application/x-www-form-urlencoded"})):
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
    failing = (f"DROP SILENT GRAPH <{GRAPH}> ; INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://example.org/b> <http://example.org/p> 1 }} }} ;"
               " DROP GRAPH <http://example.org/no-such-graph>")
    response = httpx.post(writer.sparql, content=failing, headers={**UPDATE, **bearer(TOKEN)})
    assert response.status_code == 400
    assert "does not exist" in response.json()["detail"]
    assert written(writer) == before
    assert httpx.get(writer.sparql, params={"query": other}).json()["boolean"] is False


def test_service_and_load_in_an_update_are_refused(writer):
    for update in ("LOAD <http://example.org/data.ttl>",
                   f"INSERT {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <http://example.org/sparql> {{ ?s ?p ?o }} }}"):
        response = httpx.post(writer.sparql, content=update, headers={**UPDATE, **bearer(TOKEN)})
        assert response.status_code == 403, update


def test_writes_survive_a_restart(tmp_path):
    settings = Settings(store=empty_store(tmp_path / "store"), token=TOKEN)
    with LiveServer(settings) as first:
        assert httpx.post(first.sparql, content=INSERT, headers={**UPDATE, **bearer(TOKEN)}).status_code == 204
    with LiveServer(settings) as second:
        assert written(second)


@pytest.mark.parametrize("token", ["", None])
def test_no_token_means_read_only(token):
    assert not Settings(store="unused", token=token).writable
