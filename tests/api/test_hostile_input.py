"""Hostile texts never crash a worker or the server, and never answer 5xx: 400 with what is wrong and where.

Deep nesting, thousands of UNIONs, escapes that name no character, and chains that the pre-check
lets through but that overflow the engine's parser: queries (GET and POST) and updates alike. The
server and the other clients stay unaffected; updates run in the writer process, which a crash
replaces.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest
from live_server import TOKEN, LiveServer

from ses_graph.api.settings import Settings
from ses_graph.api.workers import SPOOL_PREFIX

UPDATE = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
WHERE = "INSERT { <http://example.org/a> <http://example.org/p> 1 } WHERE "

#: (name, query text, a word the message must hold): refused before the engine sees them.
REFUSED = [
    ("3,000 nested groups", "SELECT * WHERE " + "{" * 3000 + "}" * 3000, "deeper than 64"),
    (
        "50,000 nested parentheses",
        "SELECT * WHERE { FILTER(" + "(" * 50000 + "1" + ")" * 50000 + ") }",
        "deeper than 64",
    ),
    ("10,000 UNIONs", "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10000) + " }", "UNIONs"),
    ("10,000 negations", "SELECT * WHERE {\n FILTER(" + "!" * 10000 + "true) }", "in a row"),
    ("U+110000 in a string", "SELECT ('\\U00110000' AS ?x) {}", "\\U00110000"),
    ("UFFFFFFFF in an IRI", "SELECT * { <http://example.org/\\UFFFFFFFF> ?p ?o }", "\\UFFFFFFFF"),
    ("a surrogate", "SELECT ('\\uD800' AS ?x) {}", "\\uD800"),
]
#: A chain the pre-check does not bound, but that overflows pyoxigraph's parser (20,000 '||').
CRASHING = "SELECT * WHERE { FILTER(" + " || ".join(["true"] * 20000) + ") }"


def as_update(text: str) -> str:
    return text.replace("SELECT * WHERE ", WHERE).replace("SELECT * ", WHERE).replace(
        "SELECT ('", "INSERT DATA { <http://example.org/a> <http://example.org/p> '").replace("' AS ?x) {}", "' }")


@pytest.mark.parametrize("name, text, word", REFUSED, ids=[name for name, _, _ in REFUSED])
def test_a_hostile_query_is_400_with_what_and_where(server, name, text, word):
    workers = server.app.state.pool.pids()
    for response in (httpx.post(server.sparql, data={"query": text}, timeout=60),
                     httpx.post(server.sparql, content=text.encode(), timeout=60,
                                headers={"Content-Type": "application/sparql-query"})):
        assert response.status_code == 400, (name, response.status_code, response.text[:300])
        body = response.json()
        assert word in body["detail"], body
        assert body["line"] >= 1 and body["column"] >= 1
    assert server.app.state.pool.pids() == workers  # no worker died
    assert httpx.get(server.sparql, params={"query": "ASK {}"}).json()["boolean"] is True


def test_a_short_hostile_query_by_get_too(server):
    response = httpx.get(server.sparql, params={"query": "SELECT * WHERE " + "{" * 100 + "}" * 100})
    assert response.status_code == 400
    assert (response.json()["line"], response.json()["column"]) == (1, 80)  # the 65th brace


@pytest.mark.parametrize("name, text, word", REFUSED, ids=[name for name, _, _ in REFUSED])
def test_a_hostile_update_is_400_and_the_writer_survives(writer, name, text, word):
    pid = writer.app.state.writer.pid
    response = httpx.post(writer.sparql, content=as_update(text).encode(), headers=UPDATE, timeout=60)
    assert response.status_code == 400, (name, response.status_code, response.text[:300])
    assert word in response.json()["detail"]
    assert writer.app.state.writer.pid == pid
    assert httpx.get(writer.sparql, params={"query": "ASK {}"}).status_code == 200


def test_a_query_that_crashes_the_parser_is_400_and_its_worker_is_replaced(server):
    response = httpx.post(server.sparql, data={"query": CRASHING}, timeout=60)
    assert response.status_code == 400, response.text[:300]
    assert "nested or chained too deeply" in response.json()["detail"]
    assert httpx.get(server.sparql, params={"query": "ASK {}"}).json()["boolean"] is True


def test_an_update_that_crashes_the_parser_is_400_and_the_server_keeps_writing(writer):
    pid = writer.app.state.writer.pid
    response = httpx.post(writer.sparql, content=as_update(CRASHING).encode(), headers=UPDATE, timeout=60)
    assert response.status_code == 400, response.text[:300]
    assert "nothing was applied" in response.json()["detail"]
    assert writer.app.state.writer.pid != pid  # a new writer process
    insert = "INSERT DATA { <http://example.org/after-crash> <http://example.org/p> 1 }"
    assert httpx.post(writer.sparql, content=insert, headers=UPDATE).status_code == 204
    ask = "ASK { <http://example.org/after-crash> ?p ?o }"
    assert httpx.get(writer.sparql, params={"query": ask}).json()["boolean"] is True
    delete = "DELETE DATA { <http://example.org/after-crash> <http://example.org/p> 1 }"
    assert httpx.post(writer.sparql, content=delete, headers=UPDATE).status_code == 204


def test_a_writer_killed_from_outside_is_replaced(writer):
    os.kill(writer.app.state.writer.pid, signal.SIGKILL)
    insert = "INSERT DATA { <http://example.org/after-kill> <http://example.org/p> 1 }"
    writer.app.state.writer._child.process.wait(timeout=10)
    assert httpx.post(writer.sparql, content=insert, headers=UPDATE).status_code == 204  # a new writer took it
    delete = "DELETE DATA { <http://example.org/after-kill> <http://example.org/p> 1 }"
    assert httpx.post(writer.sparql, content=delete, headers=UPDATE).status_code == 204


@pytest.mark.parametrize("top", ["9" * 5000, "٣", "1_0", "-1", "0", " "])
def test_mediators_top_that_is_not_a_small_whole_number_is_400(server, top):
    response = httpx.get(f"{server.url}/mediators", params={"top": top})
    assert response.status_code == 400
    assert "top must be a whole number" in response.json()["detail"]
    assert len(response.text) < 400  # the value is not echoed whole


def _raw(server, head: bytes, filler: int) -> bytes:
    """Send a request head followed by ``filler`` bytes of one header's value, then read the answer."""
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head)
        try:
            for _ in range(filler // 65536):
                connection.sendall(b"a" * 65536)
        except OSError:  # the server closed the connection: it stopped reading
            pass
        return connection.recv(1000)


def test_headers_past_64_kib_are_431_as_soon_as_they_arrive(server):
    started = time.monotonic()
    answer = _raw(server, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Big: ", 64 << 20)
    assert answer.startswith(b"HTTP/1.1 431 ")
    assert b"larger than 65536 bytes" in answer
    assert time.monotonic() - started < 5  # not the 64 MB
    ok = httpx.get(server.sparql, params={"query": "ASK {}"}, headers={"X-Fine": "a" * 60000})
    assert ok.status_code == 200


def test_a_url_past_the_limit_is_414_before_it_is_read_whole(server):
    answer = _raw(server, b"GET /sparql?query=" + b"a" * 65536, 16 << 20)
    assert answer.startswith(b"HTTP/1.1 414 ")


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://example.org/">
  <rdf:Description rdf:about="http://example.org/bomb"><e:p>&c;&c;&c;&c;</e:p></rdf:Description>
</rdf:RDF>"""


def test_an_rdf_xml_body_with_entities_is_400_and_stores_nothing(writer):
    response = httpx.put(f"{writer.url}/store?graph=http://example.org/bomb", content=BOMB,
                         headers={"Content-Type": "application/rdf+xml", "Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 400
    assert "DTD" in response.json()["detail"]
    ask = "ASK { GRAPH ?g { <http://example.org/bomb> ?p ?o } }"
    assert httpx.get(writer.sparql, params={"query": ask}).json()["boolean"] is False


def test_a_json_ld_body_is_stored(writer):
    body = b'{"@id": "http://example.org/jsonld", "http://example.org/p": "written"}'
    graph = "http://example.org/jsonld-graph"
    response = httpx.put(f"{writer.url}/store", params={"graph": graph}, content=body,
                         headers={"Content-Type": "application/ld+json", "Authorization": f"Bearer {TOKEN}"})
    assert response.status_code in (201, 204), response.text
    ask = f"ASK {{ GRAPH <{graph}> {{ <http://example.org/jsonld> ?p 'written' }} }}"
    assert httpx.get(writer.sparql, params={"query": ask}).json()["boolean"] is True
    assert httpx.delete(f"{writer.url}/store", params={"graph": graph},
                        headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 204


def test_options_of_the_graph_store_lists_every_method(server):
    for url in (f"{server.url}/store", f"{server.url}/store/people/1.ttl"):
        response = httpx.options(url)
        assert response.status_code == 204
        assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"}


def test_a_body_that_is_not_utf_8_is_415(server):
    response = httpx.post(server.sparql, content="ASK { FILTER('é') }".encode("latin-1"),
                          headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 415
    assert "UTF-8" in response.json()["detail"]


def test_the_spool_folders_of_killed_servers_are_removed(api_store_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    orphan = Path(tempfile.gettempdir()) / f"{SPOOL_PREFIX}{dead.pid}-left"
    orphan.mkdir()
    (orphan / "1-1").write_bytes(b"a result")
    with LiveServer(Settings(store=api_store_path)) as live:
        assert httpx.get(live.sparql, params={"query": "ASK {}"}).status_code == 200
        assert live.app.state.pool.spool.name.startswith(f"{SPOOL_PREFIX}{os.getpid()}-")
    assert not orphan.exists()
