"""An engine that caps the rows of a result (Virtuoso's ``ResultSetMaxRows``) never gives a result cut short.

Virtuoso answers 200 with the first rows only: a ``SELECT`` with its ``X-SPARQL-MaxRows`` header, a ``CONSTRUCT``
with one triple more than the cap and no sign at all (openlink/virtuoso-opensource#939). Here Virtuoso runs with a
cap of :data:`CAP` rows on the curated graph; the command line and the server in front of it refuse what may be
cut, and answer what the query's own ``LIMIT`` keeps within the cap (:mod:`ses_graph.remote_limits`).
"""

from __future__ import annotations

import traceback
from functools import partial
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from engines import virtuoso_server
from live_server import LiveServer
from support import cli

from ses_graph import queries
from ses_graph import store as stores
from ses_graph.api.settings import Settings
from ses_graph.errors import RemoteError, exit_code
from ses_graph.remote import RemoteStore, publish

#: Virtuoso's ResultSetMaxRows here.
CAP = 40
ROWS = "SELECT ?s ?class WHERE {{ ?s a ?class }} ORDER BY ?s ?class{limit}"  # IRIs only: one order on every engine
CUT = "gave the first 40 rows only, its own cap (X-SPARQL-MaxRows: 40)"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def capped(tmp_path_factory, curated_store_path):
    """Virtuoso capped at :data:`CAP` rows, loaded with the curated graph: a RemoteStore on it, and the URL of our
    server in front of it."""
    folder = tmp_path_factory.mktemp("capped")
    with partial(virtuoso_server, limit=30, max_rows=CAP)(folder / "server") as endpoint:
        remote = RemoteStore(endpoint)
        publish(stores.open_store(curated_store_path), remote)
        with LiveServer(Settings(store=folder / "unused", endpoint=endpoint, query_workers=2)) as server:
            yield remote, server.url


def test_a_select_past_the_cap_is_refused_and_one_within_it_answered(capped, curated):
    remote, _ = capped
    url = remote.endpoint.query
    for limit in ("", f" LIMIT {CAP + 1}", f" OFFSET 10 LIMIT {CAP * 10}"):
        with pytest.raises(RemoteError) as refused:
            remote.query(ROWS.format(limit=limit))
        assert str(refused.value).startswith(f"{url} {CUT}; the others are lost")
        assert "ResultSetMaxRows, [SPARQL] section of virtuoso.ini" in str(refused.value)
    for limit in (f" LIMIT {CAP}", " LIMIT 7", f" OFFSET 100 LIMIT {CAP}"):  # the cap reached, or not: all there
        text = ROWS.format(limit=limit)
        found = [tuple(map(str, row)) for row in remote.query(text)]
        assert found == [tuple(map(str, row)) for row in curated.query(text)]
        assert len(found) == (7 if "7" in limit else CAP)
    # a sub-query's LIMIT is not the query's own: the outer rows reach the cap
    with pytest.raises(RemoteError, match="X-SPARQL-MaxRows"):
        remote.query("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 100 } }")
    assert len(list(remote.query("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 3 } }"))) == 3


def test_a_named_query_past_the_cap_exits_1_and_one_within_it_prints_its_rows(capped, curated, curated_store_path):
    remote, _ = capped
    counts = {name: len(list(queries.run(curated, query, {k: str(v) for k, v in query.example.items()})))
              for name, query in sorted(queries.catalogue().items()) if not query.parameters}
    many = next(name for name, n in counts.items() if n > CAP)
    few = next(name for name, n in counts.items() if 0 < n < CAP)
    where = ["--endpoint", remote.endpoint.query]
    done = cli("query", many, "--format", "csv", *where)
    assert done.returncode == exit_code(RemoteError("")) == 1
    assert done.stderr.startswith(f"ses-graph query: {remote.endpoint.query} {CUT}")
    assert done.stdout == ""
    there = cli("query", few, "--format", "csv", *where)
    here = cli("query", few, "--format", "csv", "--store", str(curated_store_path))
    assert there.returncode == 0, there.stderr
    assert sorted(there.stdout.splitlines()) == sorted(here.stdout.splitlines())  # ties of ORDER BY may differ
    assert len(there.stdout.splitlines()) == counts[few] + 1  # the header, then every row


def test_an_export_past_the_cap_writes_nothing(capped, tmp_path):
    """The whole graphs come by CONSTRUCT, which Virtuoso cuts at the cap plus one triple without saying so: the
    server's count of them tells, and the file is not written."""
    remote, _ = capped
    target = tmp_path / "dump.nq"
    done = cli("export", "--format", "nquads", "-o", str(target), "--endpoint", remote.endpoint.query)
    assert done.returncode == 1
    assert f"{remote.endpoint.query} gave {CAP + 1} of the " in done.stderr
    assert "triples of <https://w3id.org/ses-graph/graph/data>: it cut the answer" in done.stderr
    assert not target.exists() and list(tmp_path.iterdir()) == []
    with pytest.raises(RemoteError, match="it cut the answer") as refused:
        remote.quads_for_pattern(None, None, None, ox.DefaultGraph())
    # the error keeps no result of the engine alive: a pyoxigraph result belongs to the thread that made it, and one
    # collected with the error on another thread (a server's) could not be freed
    held = [value for frame, _ in traceback.walk_tb(refused.value.__traceback__) for value in frame.f_locals.values()
            if isinstance(value, ox.QuerySolutions)]
    assert held == []
    few = remote.quads_for_pattern(ox.NamedNode("https://w3id.org/ses-graph/id/apes"), None, None, ox.DefaultGraph())
    assert 0 < len(few) <= CAP


def test_the_server_in_front_answers_502_for_a_result_past_the_cap(capped):
    remote, server = capped
    refused = httpx.get(f"{server}/sparql?query={quote(ROWS.format(limit=''))}", headers=JSON, timeout=60)
    assert refused.status_code == 502
    assert CUT in refused.json()["detail"] and "relevez ce plafond" in refused.json()["detail"]
    answered = httpx.get(f"{server}/sparql?query={quote(ROWS.format(limit=' LIMIT 5'))}", headers=JSON, timeout=60)
    assert answered.status_code == 200
    assert len(answered.json()["results"]["bindings"]) == 5


def test_the_first_mediators_are_read_within_the_cap_and_the_whole_ranking_refused(capped, curated_store_path):
    """``mediators --top N`` asks for the ranks up to N only: within the cap, as on the embedded store."""
    remote, _ = capped
    where = ["--endpoint", remote.endpoint.query]
    first = cli("mediators", "--format", "json", "--top", "5", *where)
    assert first.returncode == 0, first.stderr
    assert first.stdout == cli("mediators", "--format", "json", "--top", "5", "--store", str(curated_store_path)).stdout
    whole = cli("mediators", "--format", "json", *where)
    assert whole.returncode == 1 and CUT in whole.stderr and whole.stdout == ""
