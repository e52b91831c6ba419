"""``ses-graph serve`` as a user runs it: a subprocess that builds the store when there is none, then serves."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
from support import ROOT

STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_builds_the_store_then_answers(tmp_path):
    port = free_port()
    store = tmp_path / "store"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SES_GRAPH_")}
    process = subprocess.Popen([sys.executable, "-m", "ses_graph.cli", "serve", "--port", str(port), "--store", str(store)],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert process.poll() is None, process.stdout.read().decode()
            try:
                page = httpx.get(f"{base}/")
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert page.status_code == 200 and "ses-graph" in page.text
        assert (store / "current").exists()
        assert httpx.get(f"{base}/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
        refused = httpx.post(f"{base}/sparql", content="CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
        assert refused.status_code == 403
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
