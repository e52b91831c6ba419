"""Search: what people type finds the entity they mean, by one ranking, everywhere (library, SPARQL, CLI, HTTP)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from support import ROOT, cli

from ses_graph import queries, search, search_index, terms
from ses_graph.errors import ParameterError, UnknownQuery

SPELLINGS = json.loads((ROOT / "tests" / "search_spellings.json").read_text(encoding="utf-8"))["spellings"]
NAMED = [row for row in SPELLINGS if row["entity"]]


def local(iri: str) -> str:
    return iri.removeprefix(terms.ID)


def names(*labels: str) -> ox.Store:
    """A store whose entities ``id:e0``, ``id:e1``... bear ``labels``, with their search graph."""
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(f"{terms.ID}e{i}"), terms.rdfs_label, ox.Literal(label))
                 for i, label in enumerate(labels))
    store.extend(search_index.search_key_quads(store))
    return store


@pytest.mark.parametrize("row", SPELLINGS, ids=[row["typed"] for row in SPELLINGS])
def test_a_spelling_resolves_to_the_entity_it_means(curated, row):
    found = [local(e.value) for e in queries.resolve(curated, row["typed"])]
    if row["entity"]:
        assert found == [row["entity"]], row["why"]
    else:
        assert len(found) > 1, row["why"]


@pytest.mark.parametrize("row", NAMED, ids=[row["typed"] for row in NAMED])
def test_entity_search_lists_the_meant_entity_first(curated, row):
    result = queries.run(curated, queries.get("entity-search"), {"q": row["typed"]})
    first = next(iter(result))
    assert local(first["entity"].value) == row["entity"], row["why"]


@pytest.mark.parametrize("key, typed, rank", [
    ("apes", "apes", 0),  # the same name
    ("josette combes", "combes josette", 10),  # the same words
    ("cress haut de france", "cress hauts de france", 10),  # a plural s
    ("apes", "apse", 21),  # one typo: two letters swapped
    ("miramap", "miramp", 21),  # a letter left out
    ("ripess europe", "ripes europe", 21),
    ("laurent fraisse", "laurent fraise", 21),
    ("pesad 21", "pesad 12", 21),  # one edit in a short word of a longer name
    ("mouvement pour l economie solidaire", "mouvment pour l economie solidare", 22),  # two typos in 8 letters or more
    ("ripess europe", "ripess", 30),  # the beginning
    ("mouvement pour l economie solidaire", "mouvement economie solidaire", 30),  # its words' beginnings
    ("ripess europe", "ripess eu", 31),  # one of them a word's beginning
    ("pesad 21", "sad 21", 40),  # a part: a word's end
    ("josette combes", "josete", 51),  # a word within its typo
])
def test_each_tier_of_the_ranking(key, typed, rank):
    found = queries.rank(names(key), typed)
    assert [(m.rank, local(m.entity)) for m in found] == [(rank, "e0")]
    assert rank // search.STEP in (search.EXACT, search.SAME_WORDS, search.TYPO, search.PREFIX, search.CONTAINS,
                                   search.WORDS)


@pytest.mark.parametrize("key, typed", [("apes", "opale"), ("mes", "mas"), ("ufisc", "ufo"), ("miramap", "mrmp"),
                                        ("ripess europe", "ripess asie")])
def test_what_is_too_far_does_not_match(key, typed):
    assert queries.rank(names(key), typed) == []


def test_of_two_names_that_begin_so_the_one_with_fewer_words_besides_is_the_one_meant():
    store = names("ripess intercontinental europe", "ripess europe")
    found = queries.rank(store, "ripess")
    assert [(m.rank, m.extra, local(m.entity)) for m in found] == [(30, 1, "e1"), (30, 2, "e0")]
    assert [local(e.value) for e in queries.resolve(store, "ripess")] == ["e1"]


def test_the_ranking_is_one_select_in_both_queries():
    """entity-search holds the SELECT of entity-rank.rq (the ranking of parameters and of the API) as it is."""
    def ranking(text: str) -> str:
        start = text.index("SELECT ?entity ?match ?extra")
        return " ".join(text[start:].split())
    rank_text = (ROOT / "ses_graph" / "sparql" / "entity-rank.rq").read_text(encoding="utf-8")
    assert ranking(rank_text) in " ".join(queries.get("entity-search").text.split())


@pytest.mark.parametrize("typed, message", [
    ("", "needs the parameter 'q'"),
    ("!!! --- ...", "nothing to search for in it"),
    ("a" * 201, "at most 200 characters"),
    (" ".join(f"w{i}" for i in range(13)), "12 words"),
])
def test_a_text_with_nothing_to_search_or_too_long_is_refused(curated, typed, message):
    with pytest.raises(ParameterError, match=message) as raised:
        queries.run(curated, queries.get("entity-search"), {"q": typed})
    assert "entity-search" in str(raised.value) or typed == ""


def test_a_hostile_text_is_searched_as_words():
    store = names("drop all")
    before = len(store)
    assert queries.rank(store, '" } } DROP ALL ; SELECT * { #\\') == []  # three words: "select" is not in the name
    assert [(m.rank, local(m.entity)) for m in queries.rank(store, '"}} DROP ALL')] == [(0, "e0")]
    assert len(store) == before


def test_a_name_two_entities_share_equally_is_refused_with_the_candidates(curated):
    with pytest.raises(ParameterError, match="several entities equally well") as raised:
        queries.bind(curated, queries.get("instance-seats"), {"instance": "CRESS"})
    assert "CRESS Normandie <https://w3id.org/ses-graph/id/cress-normandie>" in str(raised.value)


def test_a_name_that_matches_nothing_suggests_the_nearest(curated):
    with pytest.raises(ParameterError, match="did you mean: RIPESS") as raised:
        queries.bind(curated, queries.get("network-members"), {"network": "ripes sud"})
    assert "no entity is named 'ripes sud'" in str(raised.value)


def test_a_mistyped_query_name_suggests_the_nearest_names():
    with pytest.raises(UnknownQuery, match="did you mean network-members"):
        queries.get("netwrk-members")


def test_the_command_line_takes_the_spelling_of_the_source(curated_store_path):
    # 003 writes "CRESS Haut de France" for the instance and "Hauts de France" for the region.
    found = cli(
        "query",
        "instance-seats",
        "--store",
        str(curated_store_path),
        "--param",
        "instance=CRESS Hauts-de-France",
        "--format",
        "json",
    )
    assert found.returncode == 0, found.stderr
    assert {b["member"]["value"] for b in json.loads(found.stdout)["results"]["bindings"]} == {terms.ID + "apes"}
    refused = cli("query", "instance-seats", "--store", str(curated_store_path), "--param", "instance=CRESS")
    assert refused.returncode == 2 and "did you mean: CRESS" in refused.stderr and "Traceback" not in refused.stderr

