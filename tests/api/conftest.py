"""Live servers for the HTTP tests: a read-only one on the curated graph, a writable one on an empty store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from live_server import TOKEN, LiveServer, build_curated, empty_store

from ses_graph.api.settings import Settings


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


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium, one per test module: Playwright's sync API runs one at a time, and the map's tests start
    their own. Skipped when /usr/bin/chromium or playwright is missing, unless SES_GRAPH_REQUIRE_BROWSER=1."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("SES_GRAPH_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        yield browser
        browser.close()
