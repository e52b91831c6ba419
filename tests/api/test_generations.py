"""Builds never pull the floor from under a server: a generation open in a process stays, a killed build is no
generation."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import httpx
from live_server import LiveServer, writable_copy
from support import ROOT

from ses_graph import build
from ses_graph import store as stores

EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(live: LiveServer) -> int:
    response = httpx.get(live.sparql, params={"query": COUNT}, timeout=60)
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _generations(path) -> list[str]:
    return sorted(p.name for p in path.glob("gen-*"))


def test_two_builds_while_a_server_answers_never_make_it_503(api_store_path, tmp_path):
    server = writable_copy(api_store_path, tmp_path, query_timeout=0.5, query_workers=2)
    path = server.settings.store
    with server as live:
        before = _count(live)
        for _ in range(2):
            build.build(path)
            assert _count(live) == before
        assert _generations(path) == ["gen-1", "gen-2", "gen-3"]  # gen-1: open in the server
        # Stopped queries make the server start replacement workers: they open the server's generation.
        for _ in range(2 * live.settings.query_workers):
            assert httpx.get(live.sparql, params={"query": EXPLOSIVE}, timeout=60).status_code == 503
        for _ in range(2 * live.settings.query_workers):
            assert _count(live) == before
    build.build(path)  # the server is gone: gen-1 is no longer open, and neither current nor the last good one
    assert _generations(path) == ["gen-3", "gen-4"]


def test_a_killed_build_is_never_taken_for_a_good_generation(tmp_path):
    path = tmp_path / "store"
    build.build(path)
    command = [sys.executable, "-m", "ses_graph.cli", "build", "--store", str(path)]
    killed = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not any(folder.iterdir() for folder in path.glob(f"{stores.BUILDING_PREFIX}*")):
        assert killed.poll() is None and time.monotonic() < deadline, "the build ended before it could be killed"
        time.sleep(0.01)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert stores.current_generation(path).name == "gen-1"
    assert _generations(path) == ["gen-1"]
    build.build(path)
    build.build(path)
    assert stores.current_generation(path).name == "gen-3"
    assert _generations(path) == ["gen-2", "gen-3"]  # the last good one is gen-2, a complete build
    assert list(path.glob(f"{stores.BUILDING_PREFIX}*")) == []  # the killed build's folder is gone


def test_a_generation_open_in_another_process_stays_until_it_ends(tmp_path):
    path = tmp_path / "store"
    build.build(path)
    reader = subprocess.Popen([sys.executable, "-c", "import sys; from ses_graph import store; "
                               f"s = store.open_store({str(path)!r}); print(len(s), flush=True); sys.stdin.read()"],
                              cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert int(reader.stdout.readline()) > 0
    build.build(path)
    build.build(path)
    assert _generations(path) == ["gen-1", "gen-2", "gen-3"]
    reader.communicate("")
    build.build(path)
    assert _generations(path) == ["gen-3", "gen-4"]
