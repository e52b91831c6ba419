"""A real uvicorn server on 127.0.0.1, on a free port, running in a background thread."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import uvicorn

from ses_graph import build
from ses_graph import store as stores
from ses_graph.api.app import create_app
from ses_graph.api.limits import http_protocol
from ses_graph.api.settings import Settings
from ses_graph.errors import DataError
from ses_graph.resources import project_dir

STARTUP_SECONDS = 30
TOKEN = "test-token-5f1c"


class LiveServer:
    """``with LiveServer(settings) as server:`` serves ``create_app(settings)`` at ``server.url``."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.app = create_app(settings)
        config = uvicorn.Config(
            self.app, log_level="warning", lifespan="on", http=http_protocol(settings.max_url_bytes)
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server at {self.url} did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=STARTUP_SECONDS)
        self.socket.close()


def build_curated(path: Path) -> Path:
    """A store of the real curated data; if the data does not build yet, the ontology and the source records only."""
    try:
        build.build(path)
    except DataError:
        shutil.rmtree(path, ignore_errors=True)
        sources = path.parent / "sources-only"
        sources.mkdir(exist_ok=True)
        shutil.copy(project_dir("data") / "sources.ttl", sources / "sources.ttl")
        build.build(path, data_dir=sources)
    return path


def copy_store(source: Path, path: Path) -> Path:
    """A published store holding a copy of the current generation of ``source`` (a writable server must have its
    own)."""
    generation = stores.new_generation(path)
    shutil.copytree(stores.current_generation(source), generation, dirs_exist_ok=True)
    stores.publish(path, generation)
    return path


def empty_store(path: Path) -> Path:
    """A published store with nothing in it."""
    generation = stores.new_generation(path)
    store = ox.Store(str(generation))
    store.flush()
    del store
    stores.publish(path, generation)
    return path


def writable_copy(source: Path, folder: Path, **settings) -> LiveServer:
    """A server on a copy of the store ``source`` made in ``folder / "store"`` (a server that writes, or a test that
    rebuilds its store, must never touch the store the read-only servers share); ``settings``: the other settings
    (``token=`` for SES_GRAPH_TOKEN, ``query_workers=``...). The copy is ``server.settings.store``."""
    return LiveServer(Settings(store=copy_store(source, folder / "store"), **settings))


def with_tokens(source: Path, folder: Path, holders: dict[str, tuple[str, str]], **settings) -> LiveServer:
    """:func:`writable_copy` whose tokens file (``folder / "tokens.json"``) names ``holders`` (token: (holder,
    role))."""
    tokens = folder / "tokens.json"
    named = {token: {"holder": holder, "role": role} for token, (holder, role) in holders.items()}
    tokens.write_text(json.dumps(named), encoding="utf-8")
    return writable_copy(source, folder, tokens_file=tokens, **settings)
