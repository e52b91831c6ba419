"""The search graph is a function of the set of labels: the same labels give the same graph whatever the order they
come in, and a store after accepted writes holds the graph that a build from its data makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from support import TURTLE_PREFIXES
from test_search import local, names

from ses_graph import build, contributions, journal, queries, terms, writes
from ses_graph import store as stores
from ses_graph.export import turtle
from ses_graph.journal import Agent
from ses_graph.resources import project_dir

PREFIXES = ("PREFIX id: <https://w3id.org/ses-graph/id/> PREFIX ses: <https://w3id.org/ses-graph/ontology#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX prov: <http://www.w3.org/ns/prov#> "
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ")
NETWORK = 'id:{0} a ses:Network ; rdfs:label "{1}" ; prov:wasDerivedFrom id:source-003 .'


def search_graph(store_path: Path) -> set[str]:
    store = stores.open_store(store_path)
    return {str(q) for q in store.quads_for_pattern(None, None, None, terms.SEARCH_GRAPH)}


def test_the_same_labels_in_another_order_give_the_same_search_graph(tmp_path):
    """A word's forms (its beginnings, its ends, its spellings two letters out) were those of the first label that
    wrote it: ``Vignerons`` met first gave the word ``vigneron`` the beginning ``vigneron`` and the end ``ons``,
    ``vigneron`` met first neither, so that two builds of the same files in another order differed."""
    plural, singular = tmp_path / "plural.ttl", tmp_path / "singular.ttl"
    plural.write_text(TURTLE_PREFIXES + NETWORK.format("t-plural", "Vignerons solidaires"), encoding="utf-8")
    singular.write_text(TURTLE_PREFIXES + NETWORK.format("t-singular", "vigneron Zèbre"), encoding="utf-8")
    graphs = []
    for order in ([plural, singular], [singular, plural]):
        path = tmp_path / f"store-{order[0].stem}"
        build.build(path, extra=order)
        graphs.append(search_graph(path))
    assert graphs[0] == graphs[1]
    word = f"<{terms.SEARCH_WORD}vigneron>"
    assert f'{word} <{terms.searchSuffix.value}> "eron" <{terms.SEARCH_GRAPH.value}>' in graphs[0]
    assert not any(q.startswith(f'{word} <{terms.searchPrefix.value}> "vigneron"') for q in graphs[0])


@pytest.mark.parametrize("label", ["Territoires Zèbres", "territoire zèbre"])
@pytest.mark.parametrize("typed, rank", [
    ("territoires", 30), ("territoire", 30),  # the name's beginning: its first word, a plural s or not
    ("toires", 40), ("toire", 40),  # a part of the name: a word's end, a plural s or not
    ("territ", 31), ("zebres territ", 31),  # a word's beginning
    ("teritoires zebre", 21), ("teritoire zebres", 21),  # a letter left out
])
def test_a_word_is_found_alike_whichever_spelling_the_label_writes(label, typed, rank):
    """The stored forms are the word's (``territoire``), and so are the probes of a typed word: ``toires`` typed is
    the end of the word ``toire``."""
    assert [(m.rank, local(m.entity)) for m in queries.rank(names(label), typed)] == [(rank, "e0")]


@pytest.mark.parametrize("typed", ["ess", "ress", "res"])
def test_a_word_spelt_with_ss_is_found_by_its_ends(typed):
    """``CRESS`` is the word ``cres`` (a final s dropped, as from a plural): its ends are those of ``cress`` as a typed
    word gives them (``ess``; ``ress`` is ``res``)."""
    assert [(m.rank, local(m.entity)) for m in queries.rank(names("CRESS Bretagne"), typed)] == [(40, "e0")]


def write(store: ox.Store, store_path: Path, update: str) -> None:
    """One accepted write, through the write path of the server (validated, journaled, made)."""
    change_set = writes.of_update(store, PREFIXES + update)
    writes.commit(store, store_path, change_set, Agent("Marie Essai", "curator"), writes.Rules(store))


def written_data(store_path: Path, data: Path, target: Path) -> None:
    """``data`` with the net changes of the journal of ``store_path``: its removals taken out of the files, its
    additions in a file of their own (as ``contributions export`` and a curator's hand would do)."""
    shutil.copytree(data, target)
    added, removed, _ = contributions.net(journal.entries(store_path))
    for path in sorted(target.glob("*.ttl")):
        triples = [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
        if any(t in removed for t in triples):
            path.write_bytes(turtle([t for t in triples if t not in removed]))
    (target / "written.ttl").write_bytes(turtle(added))


def test_a_store_after_writes_holds_the_search_graph_of_a_build_of_its_data(tmp_path):
    """Labels added, renamed and removed (words shared with the curated names, a name and words nobody uses any more,
    a curated spelling taken away): the written store's search graph is the one a build from the data it now holds
    makes, no name or word left behind, none missing."""
    data = tmp_path / "data"
    shutil.copytree(project_dir("data"), data)
    path = tmp_path / "store"
    build.build(path, data_dir=data)
    before = search_graph(path)
    store = stores.open_store(path, read_only=False)
    jobbard = ox.Literal("Jean Baptiste Jobbard")  # a curated spelling, the only name with the word "jobbard"
    curated = next(q for q in store.quads_for_pattern(None, terms.skos_altLabel, None, ox.DefaultGraph())
                   if q.object.value == jobbard.value)
    write(store, path, "INSERT DATA { " + NETWORK.format("t-one", "Territoires Zèbres solidaires") + " }")
    write(store, path, "INSERT DATA { " + NETWORK.format("t-two", "territoire Quokka") + " }")
    write(store, path, 'DELETE DATA { id:t-one rdfs:label "Territoires Zèbres solidaires" } ; '
                       'INSERT DATA { id:t-one rdfs:label "Réseau Zèbre" }')
    write(store, path, "DELETE DATA { " + NETWORK.format("t-two", "territoire Quokka") + " }")
    write(store, path, f"DELETE DATA {{ <{curated.subject.value}> skos:altLabel {curated.object} }}")
    written = {str(q) for q in store.quads_for_pattern(None, None, None, terms.SEARCH_GRAPH)}
    del store
    gone = " ".join(written)
    assert f"{terms.SEARCH_WORD}quokka>" not in gone and f"{terms.SEARCH_WORD}jobbard>" not in gone  # no one's
    assert f"{terms.SEARCH_NAME}solidaire-territoire-zebre>" not in gone  # the name renamed away
    assert f"{terms.SEARCH_NAME}reseau-zebre>" in gone and f"{terms.SEARCH_WORD}territoire>" in gone  # still used

    written_data(path, data, tmp_path / "written")
    rebuilt = tmp_path / "rebuilt"
    build.build(rebuilt, data_dir=tmp_path / "written")
    assert written == search_graph(rebuilt)
    assert written != before
    build.build(path, data_dir=data)  # the store folder built again: the data, then the journal replayed
    assert search_graph(path) == written
