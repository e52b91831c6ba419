"""remote: the same named queries answer the same on the embedded store, on Oxigraph server and on Virtuoso.

Each engine is a real server started by the tests (:mod:`engines`); ``ses-graph build --endpoint``
loads it, as an operator would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from engines import oxigraph_server, virtuoso_server
from support import READING, cli, concatenated, dump_alike, output, solution_rows

from ses_graph import queries, stats, terms
from ses_graph.api.entities import describe
from ses_graph.errors import ParameterError, QueryError, RemoteError
from ses_graph.export import DUMPS
from ses_graph.remote import Endpoint, RemoteStore

ENGINES = {"oxigraph": oxigraph_server, "virtuoso": virtuoso_server}


def endpoint_args(endpoint: Endpoint) -> list[str]:
    args = ["--endpoint", endpoint.query]
    if endpoint.update:
        args += ["--update-endpoint", endpoint.update]
    return args


def endpoint_env(endpoint: Endpoint) -> dict:
    import os

    env = dict(os.environ)
    if endpoint.user:
        env.update(SES_GRAPH_ENDPOINT_USER=endpoint.user, SES_GRAPH_ENDPOINT_PASSWORD=endpoint.password or "")
    return env


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(request, tmp_path_factory):
    """A loaded engine: its name and a RemoteStore on it."""
    folder = tmp_path_factory.mktemp(request.param)
    with ENGINES[request.param](folder / "server") as endpoint:
        done = cli("build", "--store", str(folder / "store"), *endpoint_args(endpoint), env=endpoint_env(endpoint))
        assert done.returncode == 0, done.stderr
        assert "moved onto the project's graphs in one request" in done.stderr
        yield request.param, RemoteStore(endpoint)


def cases():
    for name, query in queries.catalogue().items():
        yield name, {k: str(v) for k, v in query.example.items()}
        if query.parameters and not any(p.required for p in query.parameters):
            yield name, {}


def known_difference(engine: str, name: str, values: dict) -> str | None:
    """What ``engine`` is known to answer differently for this query and these values (``bound:``: with a value
    only)."""
    reason = VIRTUOSO_DIFFERS.get(name) if engine == "virtuoso" else None
    return None if reason is None or (reason.startswith("bound:") and not values) else reason


#: What Virtuoso Open Source 7.2.5 (Debian bookworm) answers differently, checked by hand (bench/README.md).
VIRTUOSO_DIFFERS: dict[str, str] = {}


@pytest.mark.parametrize(("name", "values"), list(cases()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_named_query_gives_the_embedded_solution_rows(engine, curated, name, values):
    kind, remote = engine
    query = queries.get(name)
    strings = concatenated(query)
    expected = solution_rows(queries.run(curated, query, values), strings)
    known = known_difference(kind, name, values)
    try:
        found = solution_rows(queries.run(remote, query, values), strings)
    except RemoteError:
        if known:
            pytest.xfail(f"{kind}: {known}")
        raise
    if found != expected and known:
        pytest.xfail(f"{kind}: {known}")
    assert found == expected
    assert not known, f"{kind} now answers {name} alike: update VIRTUOSO_DIFFERS"  # strict: the list stays true


SPELLINGS = [row["typed"] for row in json.loads(
    (Path(__file__).parent / "search_spellings.json").read_text(encoding="utf-8"))["spellings"]]


@pytest.mark.parametrize("typed", SPELLINGS)
def test_every_test_spelling_is_ranked_as_embedded(engine, curated, typed):
    """entity-search on every spelling of the search tests, typos included: the same entities, at the same ranks (on
    Virtuoso 7.2, a probe's form bound by VALUES once ranked "Josete Combes" 53 instead of 21, or timed out)."""
    _, remote = engine
    query = queries.get("entity-search")
    there, here = (solution_rows(queries.run(store, query, {"q": typed})) for store in (remote, curated))
    assert there == here


def test_every_entity_is_described_as_embedded(engine, curated):
    """``entity.rq`` (an entity page's triples) for every entity of the curated graph: the same triples (on Virtuoso
    7.2, a class path whose two ends were given once left 260 of the 334 entities without their facts)."""
    _, remote = engine
    entities = sorted({q.subject for q in curated.quads_for_pattern(None, terms.rdfs_label, None, ox.DefaultGraph())
                       if q.subject.value.startswith(terms.ID)}, key=str)
    assert len(entities) > 300
    differ = [e.value for e in entities if set(describe(remote, e)) != set(describe(curated, e))]
    assert not differ


def test_labels_resolve_alike(engine, curated):
    kind, remote = engine
    found = queries.bound_text(remote, queries.get("network-members"), {"network": "ripess europe"})
    assert found == queries.bound_text(curated, queries.get("network-members"), {"network": "ripess europe"})
    try:
        queries.bound_text(remote, queries.get("network-members"), {"network": "ripes europa xyz"})
    except ParameterError as error:
        assert "did you mean" in str(error)
        return
    pytest.fail("a label that names nothing resolved to an entity")


def test_stats_alike(engine, curated):
    _, remote = engine
    assert stats.stats(remote) == stats.stats(curated)


@pytest.fixture(scope="module")
def embedded_output(curated_store_path, tmp_path_factory):
    """The output of each command of READING on the embedded store, run once for both engines."""
    found: dict[str, dict[str, bytes]] = {}

    def run(name: str) -> dict[str, bytes]:
        if name not in found:
            folder = tmp_path_factory.mktemp("embedded")
            found[name] = output(READING[name], ["--store", str(curated_store_path)], folder)
        return found[name]
    return run


@pytest.mark.parametrize("name", READING)
def test_reading_commands_print_the_embedded_output(engine, embedded_output, tmp_path, name):
    """Byte for byte, but for the labels of blank nodes in the whole dumps (:func:`dump_alike`)."""
    _, remote = engine
    there = output(READING[name], endpoint_args(remote.endpoint), tmp_path, endpoint_env(remote.endpoint))
    here = embedded_output(name)
    dumped = DUMPS.get(name.removeprefix("export "))
    if dumped is None:
        assert there == here
    else:
        dump_alike(there["stdout"], here["stdout"], dumped.format)


def test_ask_answers_true_and_false(engine):
    _, remote = engine
    assert bool(remote.query("ASK { ?s a <https://w3id.org/ses-graph/ontology#Person> }")) is True
    assert bool(remote.query("ASK { <urn:example:nothing> ?p ?o }")) is False  # Virtuoso: no row at all


def test_a_bad_query_is_the_servers_400_and_a_dead_server_an_error(engine):
    _, remote = engine
    with pytest.raises(QueryError):
        remote.query("SELECT * WHERE { ?s ?p }")
    with pytest.raises(RemoteError, match="cannot be reached"):
        RemoteStore(Endpoint(query="http://127.0.0.1:9/sparql")).query("ASK {}")


def test_a_second_build_replaces_the_graph(engine, tmp_path):
    name, remote = engine
    before = len(remote)
    done = cli("build", "--store", str(tmp_path / "again"), "--no-mediators", *endpoint_args(remote.endpoint),
               env=endpoint_env(remote.endpoint))
    assert done.returncode == 0, done.stderr
    assert 0 < len(remote) < before
    computed = cli("mediators", "--format", "json", "--top", "3", *endpoint_args(remote.endpoint),
                   env=endpoint_env(remote.endpoint))  # computed: the store has no records
    local = cli("mediators", "--format", "json", "--top", "3", "--store", str(tmp_path / "again"))
    assert computed.returncode == local.returncode == 0, computed.stderr + local.stderr
    assert json.loads(computed.stdout) == json.loads(local.stdout), f"{name} ranks as the embedded store does"
    done = cli("build", "--store", str(tmp_path / "again"), *endpoint_args(remote.endpoint),
               env=endpoint_env(remote.endpoint))
    assert done.returncode == 0 and len(remote) == before, done.stderr
    read = cli("mediators", "--format", "json", "--top", "3", *endpoint_args(remote.endpoint),
               env=endpoint_env(remote.endpoint))  # the stored records of the first three
    assert read.returncode == 0 and json.loads(read.stdout) == json.loads(
        cli("mediators", "--format", "json", "--top", "3", "--store", str(tmp_path / "again")).stdout)
