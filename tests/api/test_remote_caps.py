"""An engine that caps the rows of a result (Virtuoso's ``ResultSetMaxRows``) never gives a result cut short.

Virtuoso answers 200 with the first rows only: a ``SELECT`` with its ``X-SPARQL-MaxRows`` header, a ``CONSTRUCT``
with one triple more than the cap and no sign at all (openlink/virtuoso-opensource#939). Here Virtuoso runs with a
cap of :data:`CAP` rows on the curated graph (whose network, search graph and mediators pass it): what passes the cap
is read again in pages, in one order, and the command line and the server in front answer what the embedded store
answers; what cannot be read in pages (rows with blank nodes over several pages, a graph whose blank nodes alone pass
the cap: :data:`SMALL_CAP`) is refused (:mod:`ses_graph.remote_limits`).
"""

from __future__ import annotations

import traceback
from contextlib import contextmanager
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from engines import virtuoso_server
from live_server import LiveServer
from support import READING, cli, concatenated, dump_alike, output, solution_rows

from ses_graph import queries, terms
from ses_graph import store as stores
from ses_graph.api.settings import Settings
from ses_graph.errors import RemoteError, exit_code
from ses_graph.export import DUMPS
from ses_graph.remote import RemoteStore, publish

#: Virtuoso's ResultSetMaxRows here: above the 271 triples of the shapes graph that hold blank nodes, below the network.
CAP = 300
#: The cap of a second Virtuoso, below those 271 triples.
SMALL_CAP = 40
ROWS = "SELECT ?s ?class WHERE {{ ?s a ?class }} ORDER BY ?s ?class{limit}"  # IRIs only: one order on every engine
JSON = {"Accept": "application/sparql-results+json"}


@contextmanager
def loaded(folder, curated_store_path, cap: int):
    """Virtuoso capped at ``cap`` rows, loaded with the curated graph: its Endpoint."""
    with virtuoso_server(folder, limit=60, max_rows=cap) as endpoint:
        publish(stores.open_store(curated_store_path), RemoteStore(endpoint))
        yield endpoint


@pytest.fixture(scope="module")
def capped(tmp_path_factory, curated_store_path):
    """Virtuoso capped at :data:`CAP` rows, loaded with the curated graph: a RemoteStore on it, and the URL of our
    server in front of it."""
    folder = tmp_path_factory.mktemp("capped")
    with loaded(folder / "server", curated_store_path, CAP) as endpoint, \
            LiveServer(Settings(store=folder / "unused", endpoint=endpoint, query_workers=2)) as live:
        yield RemoteStore(endpoint), live.url


def rows(result) -> list[tuple[str, ...]]:
    return [tuple(map(str, row)) for row in result]


def test_a_select_past_the_cap_is_read_in_pages_in_its_own_order(capped, curated):
    remote, _ = capped
    whole = rows(curated.query(ROWS.format(limit="")))
    assert len(whole) > 2 * CAP  # three pages at least
    for limit in ("", f" LIMIT {CAP + 1}", f" OFFSET 10 LIMIT {CAP * 2}", f" LIMIT {CAP}", " LIMIT 7",
                  f" OFFSET 100 LIMIT {CAP}"):
        text = ROWS.format(limit=limit)
        assert rows(remote.query(text)) == rows(curated.query(text)), limit
    # no ORDER BY of its own: every row, once; a sub-query's LIMIT is not the query's own, and exactly the cap
    for text in ("SELECT ?s ?class WHERE { ?s a ?class }", "SELECT DISTINCT ?class WHERE { ?s a ?class }",
                 f"SELECT ?s WHERE {{ {{ SELECT ?s WHERE {{ ?s a ?c }} ORDER BY ?s ?c LIMIT {CAP} }} }}",
                 f"SELECT ?s WHERE {{ {{ SELECT ?s WHERE {{ ?s a ?c }} ORDER BY ?s ?c LIMIT {CAP + 50} }} }}"):
        there, here = rows(remote.query(text)), rows(curated.query(text))
        assert sorted(there) == sorted(here), text
    # the dataset clauses of the query itself stay on the pages' query, outside the sub-query
    rank = "SELECT ?s ?p ?o {from}WHERE {{ ?s ?p ?o }}"
    named = rank.format(**{"from": f"FROM <{terms.MEDIATORS_GRAPH.value}> "})
    there = rows(remote.query(named, default_graph=[], named_graphs=[]))  # no dataset of the protocol: the query's
    assert len(there) > CAP
    here = rows(curated.query(rank.format(**{"from": ""}), default_graph=terms.MEDIATORS_GRAPH))
    assert sorted(there) == sorted(here)


def test_rows_with_blank_nodes_over_several_pages_are_refused(capped):
    """A blank node's name holds within one answer only: the same node on two pages could not be told."""
    remote, _ = capped
    shapes = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{terms.SHAPES_GRAPH.value}> {{ ?s ?p ?o }} }}"
    with pytest.raises(RemoteError) as refused:
        remote.query(shapes)
    said = str(refused.value)
    assert f"gave the first {CAP} rows only, its own cap (X-SPARQL-MaxRows: {CAP}), and the others cannot be read in " \
           "pages: its rows hold blank nodes" in said
    assert "ResultSetMaxRows, [SPARQL] section of virtuoso.ini" in said and "nœuds anonymes" in said
    plain = shapes.replace("} }", "} FILTER(!isBlank(?s) && !isBlank(?o)) }")
    assert 0 < len(rows(remote.query(plain))) < CAP  # within the cap, its IRIs and literals come as they are


#: The reading commands compared here: the network's (map, exports), the rankings, and one dump of every graph (the
#: other dumps read the same quads: ``tests/test_remote.py``).
CAPPED_READING = {**{name: READING[name] for name in ("map", "mediators people csv", "export graphml", "export csv",
                                                      "export nquads")},
                  "mediators, every record": ["mediators", "--format", "json"]}


@pytest.mark.parametrize("name", CAPPED_READING)
def test_the_reading_commands_print_the_embedded_output(capped, curated_store_path, tmp_path, name):
    """``map`` (its network passes the cap), the whole ranking, the exports of every graph: as on the embedded store."""
    remote, _ = capped
    (tmp_path / "there").mkdir()
    (tmp_path / "here").mkdir()
    there = output(CAPPED_READING[name], ["--endpoint", remote.endpoint.query], tmp_path / "there")
    here = output(CAPPED_READING[name], ["--store", str(curated_store_path)], tmp_path / "here")
    dumped = DUMPS.get(name.removeprefix("export "))
    if dumped is None:
        assert there == here
    else:
        dump_alike(there["stdout"], here["stdout"], dumped.format)


def test_a_named_query_past_the_cap_gives_every_row(capped, curated):
    remote, _ = capped
    catalogue = queries.catalogue()
    counts = {name: len(list(queries.run(curated, query, {k: str(v) for k, v in query.example.items()})))
              for name, query in sorted(catalogue.items())}
    many = [name for name, n in counts.items() if n > CAP]
    assert {"network-edges", "network-nodes", "network-groups", "map-details"} <= set(many)
    for name in many:
        query, values = catalogue[name], {k: str(v) for k, v in catalogue[name].example.items()}
        strings = concatenated(query)
        there = solution_rows(queries.run(remote, query, values), strings)
        assert there == solution_rows(queries.run(curated, query, values), strings), name
        assert len(there) == counts[name]


def test_a_named_query_past_the_cap_prints_its_rows(capped, curated_store_path):
    remote, _ = capped
    there = cli("query", "network-edges", "--format", "csv", "--endpoint", remote.endpoint.query)
    here = cli("query", "network-edges", "--format", "csv", "--store", str(curated_store_path))
    assert there.returncode == 0, there.stderr
    assert sorted(there.stdout.splitlines()) == sorted(here.stdout.splitlines())  # it has no ORDER BY
    assert len(there.stdout.splitlines()) > CAP


def test_the_server_in_front_answers_a_result_past_the_cap_whole(capped, curated):
    remote, server = capped
    text = ROWS.format(limit="")
    answered = httpx.get(f"{server}/sparql?query={quote(text)}", headers=JSON, timeout=60)
    assert answered.status_code == 200
    found = [(b["s"]["value"], b["class"]["value"]) for b in answered.json()["results"]["bindings"]]
    assert found == [(row["s"].value, row["class"].value) for row in curated.query(text)]
    ranking = httpx.get(f"{server}/mediators", headers={"Accept": "application/json"}, timeout=60)
    assert ranking.status_code == 200, ranking.text
    shapes = f"SELECT * WHERE {{ GRAPH <{terms.SHAPES_GRAPH.value}> {{ ?s ?p ?o }} }}"
    refused = httpx.get(f"{server}/sparql?query={quote(shapes)}", headers=JSON, timeout=60)
    assert refused.status_code == 502
    assert "its rows hold blank nodes" in refused.json()["detail"]


def test_a_graph_whose_blank_nodes_pass_the_cap_is_refused_and_nothing_written(tmp_path, curated_store_path):
    """The shapes graph's 271 triples with blank nodes come in one answer, which a cap of :data:`SMALL_CAP` cuts: the
    export writes nothing. Its other triples, and the other graphs, come in pages."""
    with loaded(tmp_path / "server", curated_store_path, SMALL_CAP) as endpoint:
        remote = RemoteStore(endpoint)
        target = tmp_path / "dump.nq"
        done = cli("export", "--format", "nquads", "-o", str(target), "--endpoint", endpoint.query)
        assert done.returncode == exit_code(RemoteError("")) == 1
        assert f"{endpoint.query} gave {SMALL_CAP + 1} of the 271 triples of <{terms.SHAPES_GRAPH.value}>: it cut " \
               "the answer" in done.stderr
        assert not target.exists()
        with pytest.raises(RemoteError, match="it cut the answer") as refused:
            remote.quads_for_pattern(None, None, None, terms.SHAPES_GRAPH)
        # the error keeps no result of the engine alive: a pyoxigraph result belongs to the thread that made it, and
        # one collected with the error on another thread (a server's) could not be freed
        held = [value for frame, _ in traceback.walk_tb(refused.value.__traceback__)
                for value in frame.f_locals.values() if isinstance(value, ox.QuerySolutions)]
        assert held == []
        mediators = remote.quads_for_pattern(None, None, None, terms.MEDIATORS_GRAPH)
        here = stores.open_store(curated_store_path)
        assert len(mediators) > 10 * SMALL_CAP
        assert sorted(map(str, mediators)) == sorted(map(str, here.quads_for_pattern(None, None, None,
                                                                                        terms.MEDIATORS_GRAPH)))


def test_a_construct_that_may_be_cut_is_refused_and_one_within_the_cap_answered(capped, curated):
    """Virtuoso cuts a CONSTRUCT at the cap plus one triple, saying nothing: the engine's cap, read from its own header,
    tells which answers may be cut."""
    remote, server = capped
    typed = "CONSTRUCT {{ ?s a ?class }} WHERE {{ ?s a ?class }}{limit}"
    fresh = RemoteStore(remote.endpoint)  # knows nothing of the cap yet
    with pytest.raises(RemoteError) as refused:
        fresh.query(typed.format(limit=""))
    assert f"gave {CAP + 1} triples, past its own cap of {CAP} rows (X-SPARQL-MaxRows)" in str(refused.value)
    assert "au-delà de son propre plafond" in str(refused.value)
    for store in (fresh, RemoteStore(remote.endpoint)):  # the cap known, or read anew
        within = typed.format(limit=f" LIMIT {CAP - 1}")
        assert len(store.query(within)) == CAP - 1
    answered = httpx.get(f"{server}/sparql?query={quote(typed.format(limit=' LIMIT 5'))}",
                         headers={"Accept": "application/n-triples"}, timeout=60)
    assert answered.status_code == 200 and len(answered.text.splitlines()) == 5
    cut = httpx.get(f"{server}/sparql?query={quote(typed.format(limit=''))}", headers={"Accept": "text/turtle"},
                    timeout=60)
    assert cut.status_code == 502 and "may have cut the graph" in cut.json()["detail"]


#: Virtuoso's TransactionAfterImageLimit for the test below, in bytes: above a request of CHUNK triples, below the
#: switch of the curated graph's 37,670 quads (which 3,000,000 lets through).
LOG_LIMIT = 1_000_000


def test_a_load_past_the_engines_log_limit_is_refused_and_the_graphs_left_as_they_were(tmp_path, curated_store_path):
    """Virtuoso aborts a transaction whose log passes its TransactionAfterImageLimit (50 MB by default: the switch of
    the 10k ecosystem with its mediators passes it). The build's last request, the switch, is refused as a whole:
    readers keep the graphs as they were, and the staging graphs are not left on the server."""
    with virtuoso_server(tmp_path / "server", limit=60, after_image=LOG_LIMIT) as endpoint:
        remote = RemoteStore(endpoint)
        before = [ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), terms.rdfs_label, ox.Literal(f"before {i}"))
                  for i in range(5)]
        remote.replace_dataset(before)
        with pytest.raises(RemoteError) as refused:
            publish(stores.open_store(curated_store_path), remote)
        said = str(refused.value)
        assert "aborted the update: its transaction log passed the engine's own limit (40005 SR325" in said
        assert "TransactionAfterImageLimit, [Parameters] section of virtuoso.ini" in said and "rien n'en a été" in said
        assert exit_code(refused.value) == 1
        every = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://w3id.org/')) }"
        found = {tuple(map(str, row)) for row in remote.query(every, default_graph=[], named_graphs=[])}
        assert found == {(str(terms.DATA_GRAPH), str(q.subject), str(q.predicate), str(q.object)) for q in before}
