"""The snapshots of a writable server's store: a read after a write waits at most for the rest of the snapshot
that holds it, never for one begun after it came that it did not need, and always reads that write."""

from __future__ import annotations

import os
import signal
import threading
import time

import httpx
from live_server import TOKEN, LiveServer, empty_store

from ses_graph.api.settings import Settings

UPDATE = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
SETTLE_SECONDS = 60


def _insert(n: int) -> str:
    return f"INSERT DATA {{ <http://example.org/s> <http://example.org/n> {n} }}"


def _seen(client: httpx.Client, live: LiveServer, n: int) -> bool:
    ask = f"ASK {{ <http://example.org/s> <http://example.org/n> {n} }}"
    return client.get(live.sparql, params={"query": ask}).json()["boolean"]


def _settled(snapshots) -> None:
    """Until the snapshot begun by the last write is taken (a bound, not a figure: the test does not time it)."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while snapshots.behind:
        assert time.monotonic() < deadline, "the snapshot begun after the last write was never taken"
        time.sleep(0.01)


def test_a_read_after_a_write_never_waits_for_a_snapshot_it_did_not_need(tmp_path):
    settings = Settings(store=empty_store(tmp_path / "store"), token=TOKEN, query_workers=2)
    with LiveServer(settings) as live, httpx.Client(timeout=60) as client:
        snapshots = live.app.state.pool.snapshots
        waits = snapshots.waits
        for n in range(10):  # the next read right after each write: at most the rest of the snapshot under way
            assert client.post(live.sparql, content=_insert(n), headers=UPDATE).status_code == 204
            assert _seen(client, live, n)
        assert waits.whole == 0  # the snapshot that holds a write is begun before the write is answered
        assert 1 <= waits.taken <= 10
        for n in range(10, 15):  # a read once that snapshot is taken: no wait at all
            assert client.post(live.sparql, content=_insert(n), headers=UPDATE).status_code == 204
            _settled(snapshots)
            waited, reads = waits.waited, waits.reads
            assert _seen(client, live, n)
            assert (waits.waited, waits.reads) == (waited, reads + 1)


def test_beside_other_readers_a_client_reads_each_of_its_writes(tmp_path):
    """Reads under way on older snapshots, and snapshots begun before a write, never answer that write's client."""
    settings = Settings(store=empty_store(tmp_path / "store"), token=TOKEN, query_workers=2)
    stop = threading.Event()

    def read(url: str) -> None:
        with httpx.Client(timeout=60) as other:
            while not stop.is_set():
                assert other.get(url, params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}).status_code == 200

    with LiveServer(settings) as live, httpx.Client(timeout=60) as client:
        readers = [threading.Thread(target=read, args=(live.sparql,)) for _ in range(2)]
        for reader in readers:
            reader.start()
        try:
            for n in range(20):
                assert client.post(live.sparql, content=_insert(n), headers=UPDATE).status_code == 204
                assert _seen(client, live, n)
        finally:
            stop.set()
            for reader in readers:
                reader.join()
        waits = live.app.state.pool.snapshots.waits
        assert waits.taken <= 20 and waits.reads > 20


def test_a_writer_killed_beside_a_snapshot_is_replaced_and_the_write_read(tmp_path):
    """The writer process killed from outside right after a write, while the snapshot that holds it may be under way
    on its second socket: the snapshot is taken by the next writer, and the write is read (never a hang, never a
    503)."""
    settings = Settings(store=empty_store(tmp_path / "store"), token=TOKEN, query_workers=2)
    with LiveServer(settings) as live, httpx.Client(timeout=60) as client:
        writer = live.app.state.writer
        for n in range(3):
            pid = writer.pid
            assert client.post(live.sparql, content=_insert(n), headers=UPDATE).status_code == 204
            os.kill(pid, signal.SIGKILL)
            assert _seen(client, live, n)
        assert all(_seen(client, live, n) for n in range(3))
        assert client.post(live.sparql, content=_insert(3), headers=UPDATE).status_code == 204  # on a new writer
        assert writer.pid != pid and _seen(client, live, 3)
