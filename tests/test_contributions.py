"""contributions: the accepted writes back into data/ (export), then recorded as merged so that no build applies
them twice; a build after export, copy and mark-merged gives the same graph, with no duplicate and no lost write."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from support import cli

from ses_graph import build, journal, writes
from ses_graph import store as stores
from ses_graph.export import turtle
from ses_graph.journal import Agent
from ses_graph.resources import project_dir

PREFIXES = ("PREFIX id: <https://w3id.org/ses-graph/id/> PREFIX ses: <https://w3id.org/ses-graph/ontology#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX prov: <http://www.w3.org/ns/prov#> "
            "PREFIX org: <http://www.w3.org/ns/org#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            "PREFIX role: <https://w3id.org/ses-graph/id/role/> ")
PERSON = 'id:{0} a ses:Person ; rdfs:label "{0}" ; prov:wasDerivedFrom id:source-003 .'
MEMBERSHIP = ('id:membership-test-contrib-anne-mes-france-003 a ses:Membership ; org:member id:test-contrib-anne ; '
              'org:organization id:mes-france ; org:role role:representative ; prov:wasDerivedFrom id:source-003 ; '
              'ses:quote "une citation de test"@fr .')
SKOS_ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
CURATED_ALT = ox.Literal("Miramap")  # a spelling of the curated data that a write removes


def write(store: ox.Store, store_path: Path, update: str, holder: str = "Marie Essai") -> None:
    """One accepted write, through the write path of the server (validated, journaled, made)."""
    change_set = writes.of_update(store, PREFIXES + update)
    writes.commit(store, store_path, change_set, Agent(holder, "curator"), writes.Rules(store))


def default_graph(store_path: Path) -> list[str]:
    store = stores.open_store(store_path)
    return sorted(str(q) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def activities(store_path: Path) -> int:
    ask = "SELECT (COUNT(?a) AS ?n) { GRAPH ?g { ?a a <http://www.w3.org/ns/prov#Activity> } }"
    return int(next(iter(stores.open_store(store_path).query(ask)))["n"].value)


def remove_from_data(data: Path, triple: ox.Triple) -> None:
    """Delete ``triple`` from the curated file that holds it (rewritten: a test's own copy)."""
    for path in sorted(data.glob("*.ttl")):
        triples = [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
        if triple in triples:
            path.write_bytes(turtle([t for t in triples if t != triple]))
            return
    raise AssertionError(f"{triple} is in no file of {data}")


@pytest.fixture()
def written(tmp_path):
    """A copy of data/, a store built from it, and five accepted writes (one removing a curated spelling)."""
    data = tmp_path / "data"
    shutil.copytree(project_dir("data"), data)
    store = tmp_path / "store"
    build.build(store, data_dir=data)
    opened = stores.open_store(store, read_only=False)
    curated = next(opened.quads_for_pattern(None, SKOS_ALT, CURATED_ALT, ox.DefaultGraph())).triple
    write(opened, store, "INSERT DATA { " + PERSON.format("test-contrib-anne") + " }")
    write(opened, store, "INSERT DATA { " + MEMBERSHIP + " }", holder="Claire Revue")
    write(opened, store, 'INSERT DATA { id:mes-france skos:altLabel "MES (test)" . }')
    write(opened, store, "INSERT DATA { " + PERSON.format("test-contrib-gone") + " }")
    write(opened, store, "DELETE DATA { " + PERSON.format("test-contrib-gone") + " }")
    write(opened, store, f"DELETE DATA {{ <{curated.subject.value}> skos:altLabel \"Miramap\" . }}")
    opened.flush()
    del opened
    gc.collect()  # the generation's lock goes with the last reference
    return data, store, curated


def test_export_copy_and_mark_merged_give_the_same_graph_with_no_duplicate_and_no_lost_write(written, tmp_path):
    data, store, curated = written
    build.build(store, data_dir=data)  # data + journal: the graph every acknowledged write is in
    before, entries = default_graph(store), journal.entries(store)
    assert len(entries) == 6 and activities(store) == 6

    out, again = tmp_path / "out", tmp_path / "again"
    result = cli("contributions", "export", "-o", str(out), "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert cli("contributions", "export", "-o", str(again), "--store", str(store)).returncode == 0
    names = sorted(p.name for p in out.iterdir())
    stamp = entries[-1].id[:15]
    assert names == [f"contributions-{stamp}-{kind}" for kind in ("membership.ttl", "network.ttl", "person.ttl",
                                                                  "removed.txt")]
    assert all((out / name).read_bytes() == (again / name).read_bytes() for name in names)  # deterministic bytes
    person = (out / f"contributions-{stamp}-person.ttl").read_text(encoding="utf-8")
    assert "@prefix id: <https://w3id.org/ses-graph/id/> ." in person
    assert "id:test-contrib-anne a ses:Person ;" in person
    assert "test-contrib-gone" not in person  # added, then removed: nothing to merge
    assert "Claire Revue" in person and "Marie Essai" in person
    assert str(curated) in (out / f"contributions-{stamp}-removed.txt").read_text(encoding="utf-8")

    refused = cli("contributions", "mark-merged", "--data", str(data), "--store", str(store))
    assert refused.returncode == 1 and "test-contrib-anne" in refused.stderr and "Traceback" not in refused.stderr
    for path in out.glob("*.ttl"):
        shutil.copy(path, data / path.name)
    still = cli("contributions", "mark-merged", "--data", str(data), "--store", str(store))
    assert still.returncode == 1 and "Miramap" in still.stderr and "still hold" in still.stderr
    assert journal.merged(store) == set()  # nothing recorded while data/ lacks a write
    remove_from_data(data, curated)
    merged = cli("contributions", "mark-merged", "--data", str(data), "--store", str(store))
    assert merged.returncode == 0, merged.stderr
    assert journal.merged(store) == {e.id for e in entries}

    result = cli("build", "--store", str(store), "--data", str(data), "--no-mediators", "--no-public")
    assert result.returncode == 0, result.stderr
    after = default_graph(store)
    assert after == before and len(after) == len(set(after))  # the same graph: nothing lost, nothing twice
    assert activities(store) == 6  # who wrote what, when: still there
    nothing = cli("contributions", "export", "-o", str(tmp_path / "none"), "--store", str(store))
    assert nothing.returncode == 0 and "no accepted write" in nothing.stderr


def test_export_needs_an_output_folder(written):
    _, store, _ = written
    result = cli("contributions", "export", "--store", str(store))
    assert result.returncode == 2 and "-o" in result.stderr
