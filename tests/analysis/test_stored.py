"""analysis.stored: the mediator rankings the build stores are what the reading commands show."""

from __future__ import annotations

import hashlib
import json
import shutil

import pyoxigraph as ox
import pytest
from support import cli

from ses_graph import store as stores
from ses_graph import terms
from ses_graph.analysis import graphs, mediators, output, stored

ID = "https://w3id.org/ses-graph/id/"
#: The mediators graph the build stores for the curated data (its 1,319 quads as sorted N-Quads, SHA-256):
#: rankings, explanations in French and English, evidence, rank ranges and the ses:mediatorRecord literals,
#: byte for byte. Recompute it when the data or the rule of docs/mediators.md changes, never to let a change
#: meant to leave the results alone (a faster computation) through unchecked. Last recomputed for the
#: breadth-first betweenness and the records written by orjson: every rank, score, explanation and piece of
#: evidence the same; 7 betweenness values differ in their last digit (at most 4e-17: the sums come in another
#: order); in the records, small doubles are written without an exponent (the same numbers read back). Then for
#: the score, betweenness and constraint stored as xsd:decimal of 15 fractional digits (the 300 literals that
#: changed, each within 5e-16 of the xsd:double it was; the records unchanged).
# 106 ses:mediatorKind included
MEDIATORS_GRAPH = (1425, "3a7307036c602d9fc2a6dd1f897214f4f2953cf90e51d82aee323e9d0fe8cf6c")


@pytest.mark.parametrize("kind", ["organisation", "person"])
def test_the_stored_ranking_is_the_computed_one(curated, kind):
    computed = json.loads(json.dumps(mediators.ranking(graphs.network(curated), kind)))
    assert stored.read(curated, kind) == computed
    assert len(computed) > 3
    assert stored.read(curated, kind, 3) == computed[:3]  # the ranks of its kind, then three records only
    assert stored.read(curated, kind, 10_000) == computed


@pytest.mark.parametrize("kind", ["organisation", "person"])
def test_the_first_n_are_read_from_the_ranks_up_to_n_ties_included(curated, kind):
    """``--top N`` reads the ranks up to N only; where equal scores share a rank across the N-th place, the first N
    are still those of the whole ranking (sorted by rank, then IRI)."""
    whole = stored.read(curated, kind)
    tied = [n for n in range(1, len(whole)) if whole[n - 1]["rank"] == whole[n]["rank"]]
    assert tied, "the curated ranking has no tie to cut through"
    for n in sorted({1, 2, *tied, len(whole) - 1, len(whole)}):
        assert stored.read(curated, kind, n) == whole[:n], n


def test_the_stored_mediators_graph_is_pinned_byte_for_byte(curated):
    lines = sorted(str(q) for q in curated.quads_for_pattern(None, None, None, terms.MEDIATORS_GRAPH))
    assert (len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()) == MEDIATORS_GRAPH


def test_a_store_without_records_reads_none():
    assert stored.read(ox.Store(), "organisation") is None
    assert stored.read(ox.Store(), "organisation", 3) is None


def test_the_command_prints_what_the_store_holds(tmp_path, curated_store_path):
    copy = tmp_path / "store"
    shutil.copytree(curated_store_path, copy, symlinks=True)
    store = stores.open_store(copy, read_only=False)
    first = stored.read(store, "organisation")[0]
    changed = {**first, "label": "Étiquette stockée"}
    store.remove(next(iter(store.quads_for_pattern(ox.NamedNode(first["entity"]), terms.mediatorRecord, None,
                                                   terms.MEDIATORS_GRAPH))))
    store.extend([q for q in mediators.to_quads([changed]) if q.predicate == terms.mediatorRecord])
    store.flush()
    del store
    done = cli("mediators", "--store", str(copy), "--top", "1", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [output.localised(changed, "en")]
    assert ID in first["entity"]
