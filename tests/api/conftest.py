"""Live servers for the HTTP tests: a read-only one on the curated graph, a writable one on an empty store."""

from __future__ import annotations

import pytest
from live_server import TOKEN, LiveServer, build_curated, empty_store

from api.settings import Settings


@pytest.fixture(scope="session")
def api_store_path(tmp_path_factory):
    return build_curated(tmp_path_factory.mktemp("api-curated") / "store")


@pytest.fixture(scope="session")
def server(api_store_path):
    """Read-only server (no token) on the curated graph."""
    with LiveServer(Settings(store=api_store_path)) as live:
        yield live


@pytest.fixture(scope="session")
def writer(tmp_path_factory):
    """Writable server (token ``TOKEN``) on a store of its own, empty at the start."""
    path = empty_store(tmp_path_factory.mktemp("api-writable") / "store")
    with LiveServer(Settings(store=path, token=TOKEN)) as live:
        yield live
