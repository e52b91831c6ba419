"""The time limit of queries: a query past it is stopped (its worker process killed) and answered 503.

Read-only and writable servers alike: the workers of a writable server run on snapshots of its store.
"""

from __future__ import annotations

import threading
import time

import httpx
import psutil
import pytest
from live_server import TOKEN, LiveServer, writable_copy

from ses_graph.api.settings import Settings

SLOW_AGGREGATE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a ?f }"
LONG_RESULT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
BUSY_PERCENT = 20


@pytest.fixture(scope="module")
def hasty(api_store_path):
    with LiveServer(Settings(store=api_store_path, query_timeout=0.2)) as live:
        yield live


@pytest.fixture(scope="module")
def one_second(api_store_path):
    with LiveServer(Settings(store=api_store_path, query_timeout=1)) as live:
        yield live


@pytest.fixture(scope="module")
def writable_one_second(api_store_path, tmp_path_factory):
    """A writable server on a copy of the curated graph (never on the store the read-only servers share)."""
    with writable_copy(api_store_path, tmp_path_factory.mktemp("writable-limits"), token=TOKEN,
                       query_timeout=1) as live:
        yield live


def test_a_query_without_an_answer_within_the_limit_is_503(hasty):
    response = httpx.get(hasty.sparql, params={"query": SLOW_AGGREGATE}, timeout=60)
    assert response.status_code == 503
    assert "time limit of 0.2 s" in response.json()["detail"]


def test_a_long_result_past_the_limit_is_503_never_a_cut_200(hasty):
    response = httpx.get(hasty.sparql, params={"query": LONG_RESULT}, timeout=60,
                         headers={"Accept": "text/tab-separated-values"})
    assert response.status_code == 503


def test_quick_queries_still_answer(hasty):
    assert httpx.get(hasty.sparql, params={"query": "ASK {}"}).json()["boolean"] is True


def _busy_processes(server: LiveServer) -> list[int]:
    """The worker processes of ``server`` that use CPU (sampled for half a second)."""
    workers = [psutil.Process(pid) for pid in server.app.state.pool.pids()]
    for worker in workers:
        worker.cpu_percent(None)
    time.sleep(0.5)
    return [w.pid for w in workers if w.is_running() and w.cpu_percent(None) > BUSY_PERCENT]


@pytest.mark.parametrize("kind", ["one_second", "writable_one_second"])
def test_an_explosive_query_is_stopped_and_others_still_answer(kind, request):
    live = request.getfixturevalue(kind)
    first = httpx.get(live.sparql, params={"query": "SELECT * { ?s ?p ?o } LIMIT 2000"})
    assert first.status_code == 200, (first.status_code, first.text[:500])
    assert (
        len(first.json()["results"]["bindings"]) == 2000
    )  # a store with thousands of triples: the cross product explodes
    before = set(live.app.state.pool.pids())
    answer = {}

    def explode() -> None:
        start = time.monotonic()
        answer["response"] = httpx.get(live.sparql, params={"query": EXPLOSIVE}, timeout=60)
        answer["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=explode)
    thread.start()
    time.sleep(0.3)
    quick = httpx.get(live.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
    assert quick.status_code == 200 and quick.json()["boolean"] is True
    assert thread.is_alive(), "the quick query answered while the explosive one was still running"
    thread.join()
    assert answer["response"].status_code == 503
    assert "time limit of 1 s" in answer["response"].json()["detail"]
    assert answer["seconds"] < 30, "stopped at its limit, not left to run (it would take hours)"
    killed = before - set(live.app.state.pool.pids())
    assert len(killed) == 1
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE for pid in killed)
    pool = live.app.state.pool
    deadline = time.monotonic() + 30  # the replacement worker comes up in the background
    while pool.idle() < live.settings.query_workers:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert _busy_processes(live) == []  # nothing keeps computing the abandoned query
    assert httpx.get(live.sparql, params={"query": "ASK {}"}).json()["boolean"] is True


def test_a_writable_server_answers_503_past_the_limit_too(writable_one_second):
    response = httpx.get(writable_one_second.sparql, params={"query": LONG_RESULT}, timeout=60,
                         headers={"Accept": "text/tab-separated-values"})
    assert response.status_code == 503


def test_a_writable_server_still_takes_writes_after_stopping_a_query(writable_one_second):
    live = writable_one_second
    assert httpx.get(live.sparql, params={"query": EXPLOSIVE}, timeout=60).status_code == 503
    insert = ('INSERT DATA { <https://w3id.org/ses-graph/id/mes-france> '
              '<http://www.w3.org/2004/02/skos/core#altLabel> "after a timeout" }')  # a write the curated rules allow
    response = httpx.post(live.sparql, content=insert, timeout=60,
                          headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 204
    ask = 'ASK { ?s <http://www.w3.org/2004/02/skos/core#altLabel> "after a timeout" }'
    assert httpx.get(live.sparql, params={"query": ask}, timeout=60).json()["boolean"] is True
