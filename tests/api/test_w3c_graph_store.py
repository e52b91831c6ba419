"""The W3C SPARQL 1.1 Graph Store HTTP Protocol tests (direct and indirect identification), replayed against a live
server."""

from __future__ import annotations

import httpx
import pytest
from live_server import TOKEN, LiveServer, empty_store
from w3c_graph_store import FOLDER, load_tests, run_test

from ses_graph.api.settings import Settings

TESTS = load_tests()


def test_the_suite_has_its_13_tests():
    assert len(TESTS) == 13, f"{FOLDER} not found or changed"


@pytest.fixture(scope="module")
def graph_store(tmp_path_factory):
    """A writable server of its own: each test empties its store."""
    path = empty_store(tmp_path_factory.mktemp("gsp") / "store")
    with LiveServer(Settings(store=path, token=TOKEN)) as live, httpx.Client(timeout=60) as client:
        yield live, client


@pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])
def test_w3c_graph_store(graph_store, test):
    live, client = graph_store
    problems = run_test(client, f"{live.url}/store", test, TOKEN)
    assert not problems, f"{test.name}: " + "; ".join(problems)
