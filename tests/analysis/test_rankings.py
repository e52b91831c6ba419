"""ses_graph.rankings: the stored mediator rankings brought up to date after a write, entity by entity, in steps; the
write's mark of staleness removed last."""

from __future__ import annotations

import shutil
from datetime import datetime

import pyoxigraph as ox

from ses_graph import build, provenance, rankings, terms, writes
from ses_graph import store as stores
from ses_graph.analysis import stored
from ses_graph.journal import Agent

ID = terms.ID
FACT = ID + "membership-laurent-fraisse-ufisc-rankings"
UPDATE = f"""PREFIX id: <{ID}> PREFIX ses: <{terms.SES}> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX role: <{ID}role/>
INSERT DATA {{ <{FACT}> a ses:Membership ; org:member id:laurent-fraisse ; org:organization id:ufisc ;
    org:role role:co-president ; prov:wasDerivedFrom id:source-003 ; ses:quote "Laurent FRAISSE"@fr . }}"""


def mediators_graph(store) -> set:
    return set(store.quads_for_pattern(None, None, None, terms.MEDIATORS_GRAPH))


def test_a_write_is_counted_in_steps_of_the_entities_that_changed_and_its_mark_goes_last(tmp_path, curated_store_path):
    copy = tmp_path / "store"
    shutil.copytree(curated_store_path, copy, symlinks=True)
    store = stores.open_store(copy, read_only=False)
    assert rankings.plan(store, tmp_path) == {"counted": [], "steps": []}  # up to date: nothing to write
    entry = writes.commit(store, copy, writes.of_update(store, UPDATE), Agent("Claire Revue"), writes.Rules(store))
    since = stored.stale(store)
    assert datetime.fromisoformat(since) == datetime.fromisoformat(entry.time)  # marked by the write itself
    before = mediators_graph(store)
    planned = rankings.plan(store, tmp_path, chunk=50)
    assert planned["counted"] == [provenance.activity_iri(entry.id).value]
    assert len(planned["steps"]) > 1
    changed = {iri for step in planned["steps"] for iri in step["entities"]}
    assert ID + "laurent-fraisse" in changed and len(changed) < len({q.subject for q in before})  # not all of them
    for step in planned["steps"]:
        rankings.apply(store, step["file"], step["entities"])
        assert stored.stale(store) == since  # until the last step
    rankings.settle(store, planned["counted"])
    assert stored.stale(store) is None
    assert mediators_graph(store) == set(rankings.canonical(build.mediator_quads(store)))  # those of the store now
    assert rankings.plan(store, tmp_path)["steps"] == []


def test_a_rebuild_ranks_the_journal_s_writes_as_its_store_holds_them(tmp_path, curated_store_path):
    """The build computes the mediators on a copy in memory of its files and journal: the rankings it stores are
    those of the generation it publishes, the journal's writes counted."""
    copy = tmp_path / "store"
    shutil.copytree(curated_store_path, copy, symlinks=True)
    store = stores.open_store(copy, read_only=False)
    before = mediators_graph(store)
    writes.commit(store, copy, writes.of_update(store, UPDATE), Agent("Claire Revue"), writes.Rules(store))
    del store
    assert build.build(copy, with_mediators=True).replayed == 1
    rebuilt = stores.open_store(copy)
    assert stored.stale(rebuilt) is None
    assert ox.Quad(ox.NamedNode(FACT), terms.rdf_type, terms.Membership) in rebuilt
    after = mediators_graph(rebuilt)
    assert after == set(rankings.canonical(build.mediator_quads(rebuilt)))  # those of the store it publishes
    assert {q for q in after if q.subject.value == ID + "laurent-fraisse"} != \
        {q for q in before if q.subject.value == ID + "laurent-fraisse"}  # the write is counted
