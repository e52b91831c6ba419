"""Fixtures of the cartography tests: a small hand-made graph, a generated one, the browser."""

from __future__ import annotations

import os

import pyoxigraph as ox
import pytest
from mapgraphs import CHROMIUM, CHROMIUM_ARGS, HERE, browser_missing_reason, generated_ntriples, load

from ses_graph import essglobal, search_index


@pytest.fixture(scope="session")
def small() -> ox.Store:
    return load([HERE / "small.ttl"])


@pytest.fixture(scope="session")
def small_with_import() -> ox.Store:
    """The small graph and, beside it, the organisations of the ESSGlobal sample (tests/essglobal), tied by no fact."""
    imported = essglobal.read(HERE.parent / "essglobal" / "sample.csv", essglobal.SourceRecord("sample"))
    store = load([HERE / "small.ttl"])
    store.extend(imported.quads)
    store.extend(search_index.search_key_quads(store))
    return store


@pytest.fixture(scope="session")
def generated_1000() -> ox.Store:
    return load([], generated_ntriples(1000))


@pytest.fixture(scope="session")
def browser():
    reason = browser_missing_reason()
    if reason:
        if os.environ.get("SES_GRAPH_REQUIRE_BROWSER") == "1":
            pytest.fail(f"SES_GRAPH_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
