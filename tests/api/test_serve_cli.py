"""``ses-graph serve`` as a user runs it: a subprocess that builds the store when there is none, then serves."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

import httpx
from support import ROOT

STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(process: subprocess.Popen, base: str, seconds: float = STARTUP_SECONDS) -> None:
    """Wait until the server ``process`` answers at ``base``; fail if it stops or takes longer than ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, process.stdout.read().decode() if process.stdout else "the server stopped"
        try:
            httpx.get(f"{base}/openapi.json")
            return
        except httpx.TransportError:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)


@contextmanager
def serving(store, *options: str, env: dict[str, str] | None = None):
    """``ses-graph serve`` on ``store`` (with the settings ``env`` alone): yields its base URL and a function giving
    its output once it stopped."""
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("SES_GRAPH_")}, **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "ses_graph.cli", "serve", "--port", str(port), "--store", str(store), *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output: list[str] = []
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(process, base)
        yield base, output
    finally:
        process.send_signal(signal.SIGINT)
        output.append(process.communicate(timeout=30)[0].decode())


def test_serve_builds_the_store_then_answers(tmp_path):
    store = tmp_path / "store"
    with serving(store) as (base, output):
        page = httpx.get(f"{base}/")
        assert page.status_code == 200 and "ses-graph" in page.text
        assert (store / "current").exists()
        assert httpx.get(f"{base}/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
        refused = httpx.post(
            f"{base}/sparql", content="CLEAR ALL", headers={"Content-Type": "application/sparql-update"}
        )
        assert refused.status_code == 403
    assert "GET /sparql" not in output[0]  # no line per request unless asked
    with serving(store, "--access-log") as (base, output):
        assert httpx.get(f"{base}/sparql", params={"query": "ASK {}"}).status_code == 200
    assert "GET /sparql?query=ASK+%7B%7D HTTP/1.1\" 200" in output[0]
