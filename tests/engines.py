"""Real SPARQL 1.1 servers for the tests: ``oxigraph serve`` and Virtuoso Open Source, on free loopback ports.

Each one runs in its own temporary folder and is stopped (its process group killed) at the end.
``./run tests`` installs Virtuoso's Debian package when it runs as root; without it the Virtuoso
tests skip, unless ``SES_GRAPH_REQUIRE_VIRTUOSO`` is set (``.ci/run`` sets it).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from ses_graph.remote import Endpoint

STARTUP_SECONDS = 120
VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {d}
TransactionAfterImageLimit = {after_image}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {limit}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at startup:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=5):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer at {url} within {STARTUP_SECONDS} s")


@contextmanager
def _running(command: list[str], cwd: Path, url: str):
    log = cwd / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait(url, process, log)
        yield
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def oxigraph_server(folder: Path):
    """``oxigraph serve`` (the PyPI ``oxigraph`` command) on an empty store in ``folder``; yields its Endpoint."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        pytest.fail("the oxigraph command is missing: pip install '.[test]' installs it")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    folder.mkdir(parents=True, exist_ok=True)
    with _running([binary, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}"], folder,
                  f"{base}/query"):
        yield Endpoint(query=f"{base}/query", update=f"{base}/update", store=f"{base}/store")


@contextmanager
def virtuoso_server(folder: Path, limit: int = 120, max_rows: int = 1_000_000, after_image: int = 50_000_000):
    """Virtuoso Open Source on a fresh database in ``folder``, stopping a query past ``limit`` seconds (its
    ``MaxQueryExecutionTime``, which answers 500 ``SR171: Transaction timed out``), giving at most ``max_rows`` rows
    of a result (its ``ResultSetMaxRows``, which drops the others: :mod:`ses_graph.remote_limits`) and aborting a
    transaction whose log passes ``after_image`` bytes (its ``TransactionAfterImageLimit``, 50,000,000 by default);
    yields its Endpoint (updates as ``dba``, Digest)."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        if os.environ.get("SES_GRAPH_REQUIRE_VIRTUOSO"):
            pytest.fail(
                "virtuoso-t is missing (Debian package virtuoso-opensource-7-bin; ./run tests installs it as root)"
            )
        pytest.skip(
            "virtuoso-t is not installed (Debian package virtuoso-opensource-7-bin; ./run tests installs it as root)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    http = free_port()
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=folder, sql=free_port(), http=http, limit=limit,
                                                             max_rows=max_rows, after_image=after_image))
    base = f"http://127.0.0.1:{http}"
    with _running([binary, "-f", "-c", str(folder / "virtuoso.ini")], folder, f"{base}/sparql"):
        yield Endpoint(query=f"{base}/sparql", update=f"{base}/sparql-auth", user="dba", password="dba")
