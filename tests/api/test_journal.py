"""One source of truth: every acknowledged write is journaled in the store folder, survives kill -9, restarts and
rebuilds, and a journal entry that no longer validates fails the build cleanly."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from live_server import TOKEN, LiveServer
from support import ROOT, cli
from test_serve_cli import free_port, wait_until_serving

from ses_graph import build, journal
from ses_graph.api.settings import Settings
from ses_graph.resources import project_dir

UPDATE = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
PREFIXES = ("PREFIX id: <https://w3id.org/ses-graph/id/> PREFIX ses: <https://w3id.org/ses-graph/ontology#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX prov: <http://www.w3.org/ns/prov#> "
            "PREFIX org: <http://www.w3.org/ns/org#> ")
STARTUP_SECONDS = 120


def person(name: str) -> str:
    """A valid write: a person with a label and the source that mentions them (three triples)."""
    return f'INSERT DATA {{ id:{name} a ses:Person ; rdfs:label "{name}" ; prov:wasDerivedFrom id:source-003 . }}'


def triples_of(base: str, prefix: str) -> dict[str, int]:
    """How many triples each entity whose IRI starts with ``id:PREFIX`` has."""
    query = ("SELECT ?e (COUNT(*) AS ?n) WHERE { ?e ?p ?o "
             f'FILTER(STRSTARTS(STR(?e), "https://w3id.org/ses-graph/id/{prefix}")) }} GROUP BY ?e')
    rows = httpx.get(f"{base}/sparql", params={"query": query}, timeout=60).json()["results"]["bindings"]
    return {row["e"]["value"].rsplit("/", 1)[1]: int(row["n"]["value"]) for row in rows}


@contextmanager
def serve(store: Path):
    """A writable ``ses-graph serve`` process on ``store``; yields (base URL, process)."""
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("SES_GRAPH_")}, "SES_GRAPH_TOKEN": TOKEN}
    process = subprocess.Popen(
        [sys.executable, "-m", "ses_graph.cli", "serve", "--port", str(port), "--store", str(store)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(process, base, STARTUP_SECONDS)
        yield base, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


def _write_until_stopped(base: str, prefix: str, acknowledged: list[str], stop: threading.Event) -> None:
    with httpx.Client(timeout=30) as client:
        n = 0
        while not stop.is_set():
            name = f"{prefix}{n}"
            try:
                response = client.post(f"{base}/sparql", content=PREFIXES + person(name), headers=UPDATE)
            except httpx.TransportError:  # the server was killed
                return
            if response.status_code == 204:
                acknowledged.append(name)
            n += 1


@pytest.fixture()
def curated_copy(tmp_path) -> Path:
    path = tmp_path / "store"
    build.build(path)
    return path


def test_kill_9_restarts_and_rebuilds_lose_no_acknowledged_write(curated_copy):
    acknowledged: list[str] = []
    for round_ in range(2):
        with serve(curated_copy) as (base, process):
            stop = threading.Event()
            writers = [
                threading.Thread(
                    target=_write_until_stopped, args=(base, f"test-kill-{round_}-{w}-", acknowledged, stop)
                )
                for w in range(3)
            ]
            for writer in writers:
                writer.start()
            deadline = time.monotonic() + 120
            while len(acknowledged) < 8 * (round_ + 1) and time.monotonic() < deadline:
                time.sleep(0.05)
            process.send_signal(signal.SIGKILL)  # in the middle of the writes
            process.wait()
            stop.set()
            for writer in writers:
                writer.join()
        with serve(curated_copy) as (base, _):
            found = triples_of(base, "test-kill-")
            assert set(acknowledged) <= set(found), sorted(set(acknowledged) - set(found))
            assert set(found.values()) == {3}  # each write whole or absent, never half made
    assert len(acknowledged) >= 16
    result = cli("build", "--store", str(curated_copy), "--no-mediators")
    assert result.returncode == 0, result.stderr
    assert "journal entries" in result.stderr
    with serve(curated_copy) as (base, _):
        found = triples_of(base, "test-kill-")
        assert set(acknowledged) <= set(found) and set(found.values()) == {3}
    assert len(journal.entries(curated_copy)) == len(found)


def test_a_rebuild_keeps_the_writes_and_their_provenance(curated_copy):
    settings = Settings(store=curated_copy, token=TOKEN)
    with LiveServer(settings) as live:
        assert httpx.post(live.sparql, content=PREFIXES + person("test-rebuilt"), headers=UPDATE).status_code == 204
    build.build(curated_copy)
    with LiveServer(settings) as live:
        assert triples_of(live.url, "test-rebuilt") == {"test-rebuilt": 3}
        ask = (
            "ASK { GRAPH <https://w3id.org/ses-graph/graph/changes> { <https://w3id.org/ses-graph/id/test-rebuilt> "
            "<http://www.w3.org/ns/prov#wasGeneratedBy> ?a . ?a <http://www.w3.org/ns/prov#wasAssociatedWith> ?who } }"
        )
        assert httpx.get(live.sparql, params={"query": ask}).json()["boolean"] is True


def test_a_journal_entry_that_no_longer_validates_fails_the_build_by_name(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(project_dir("data"), data)
    (data / "test-instance.ttl").write_text(
        "@prefix id: <https://w3id.org/ses-graph/id/> .\n@prefix ses: <https://w3id.org/ses-graph/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        'id:test-instance a ses:Instance ; rdfs:label "Instance de test" ; prov:wasDerivedFrom id:source-003 .\n',
        encoding="utf-8")
    store = tmp_path / "store"
    build.build(store, data_dir=data)
    seat = ('INSERT DATA { id:test-seat a ses:Seat ; org:member id:mes-france ; org:organization id:test-instance ; '
            'org:role <https://w3id.org/ses-graph/id/role/representative> ; prov:wasDerivedFrom id:source-003 ; '
            'ses:quote "une citation"@fr . }')
    with LiveServer(Settings(store=store, token=TOKEN)) as live:
        assert httpx.post(live.sparql, content=PREFIXES + seat, headers=UPDATE).status_code == 204
    [entry] = journal.entries(store)
    (data / "test-instance.ttl").unlink()  # the curated data changed: the seat's instance is gone
    # without the mediators, then with them (whose copy in memory replays the journal first)
    for flag in ("--no-mediators", "--no-public"):
        result = cli("build", "--store", str(store), "--data", str(data), flag)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        for fragment in (f"journal entry {entry.id}", "by curator (curator)", f"on {entry.time}", "journal.jsonl:1:1",
                         "id:test-instance", "defined nowhere"):
            assert fragment in result.stderr, (fragment, result.stderr)
    assert [p.name for p in store.glob("gen-*")] == ["gen-1"]  # the last good store keeps answering


def test_a_half_written_last_line_is_no_entry_and_is_cut_off(curated_copy):
    with LiveServer(Settings(store=curated_copy, token=TOKEN)) as live:
        assert httpx.post(live.sparql, content=PREFIXES + person("test-torn-1"), headers=UPDATE).status_code == 204
    path = journal.path_of(curated_copy)
    with path.open("ab") as f:
        f.write(b'{"added": "<https://w3id.org/ses-graph/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "')
    assert [e.changes.added[0].subject.value.rsplit("/", 1)[1] for e in journal.entries(curated_copy)] == [
        "test-torn-1"
    ]
    with LiveServer(Settings(store=curated_copy, token=TOKEN)) as live:
        assert httpx.post(live.sparql, content=PREFIXES + person("test-torn-2"), headers=UPDATE).status_code == 204
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all(json.loads(line)["holder"] == "curator" for line in lines)
