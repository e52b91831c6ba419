"""The time limit of queries, on a live server whose limit is very short."""

from __future__ import annotations

import httpx
import pytest
from live_server import LiveServer

from api.settings import Settings

SLOW_AGGREGATE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a ?f }"
LONG_STREAM = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"


@pytest.fixture(scope="module")
def hasty(api_store_path):
    with LiveServer(Settings(store=api_store_path, query_timeout=0.2)) as live:
        yield live


def test_a_query_without_an_answer_within_the_limit_is_503(hasty):
    response = httpx.get(hasty.sparql, params={"query": SLOW_AGGREGATE}, timeout=60)
    assert response.status_code == 503
    assert "time limit of 0.2 s" in response.json()["detail"]


def test_a_stream_that_passes_the_limit_is_cut_short(hasty):
    with pytest.raises(httpx.RemoteProtocolError):
        with httpx.stream("GET", hasty.sparql, params={"query": LONG_STREAM}, timeout=60,
                          headers={"Accept": "text/tab-separated-values"}) as response:
            assert response.status_code == 200
            for _ in response.iter_raw():
                pass


def test_quick_queries_still_answer(hasty):
    assert httpx.get(hasty.sparql, params={"query": "ASK {}"}).json()["boolean"] is True
