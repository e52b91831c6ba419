"""Search: what people type finds the entity they mean, by one ranking, everywhere (library, SPARQL, CLI, HTTP)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from support import ROOT, cli

from ses_graph import queries, search, terms
from ses_graph.errors import ParameterError, UnknownQuery

SPELLINGS = json.loads((ROOT / "tests" / "search_spellings.json").read_text(encoding="utf-8"))["spellings"]
NAMED = [row for row in SPELLINGS if row["entity"]]


def local(iri: str) -> str:
    return iri.removeprefix(terms.ID)


@pytest.mark.parametrize("row", SPELLINGS, ids=[row["typed"] for row in SPELLINGS])
def test_a_spelling_resolves_to_the_entity_it_means(curated, row):
    found = [local(e.value) for e in search.resolve(curated, row["typed"])]
    if row["entity"]:
        assert found == [row["entity"]], row["why"]
    else:
        assert len(found) > 1, row["why"]


@pytest.mark.parametrize("row", NAMED, ids=[row["typed"] for row in NAMED])
def test_entity_search_lists_the_meant_entity_first(curated, row):
    result = queries.run(curated, queries.get("entity-search"), {"q": row["typed"]})
    first = next(iter(result))
    assert local(first["entity"].value) == row["entity"], row["why"]


@pytest.mark.parametrize("key, typed, tier", [
    ("apes", "apes", search.EXACT),
    ("josette combes", "combes josette", search.SAME_WORDS),
    ("cress haut de france", "cress hauts de france", search.SAME_WORDS),
    ("apes", "apse", search.TYPO),
    ("ripess europe", "ripes europe", search.TYPO),
    ("ripess europe", "ripess", search.PREFIX),
    ("pesad 21", "sad 21", search.CONTAINS),
    ("josette combes", "josete", search.WORDS),
])
def test_each_tier_of_the_ranking(key, typed, tier):
    assert search.match(key, typed) // search.STEP == tier


@pytest.mark.parametrize("key, typed", [("apes", "opale"), ("mes", "mas"), ("ufisc", "ufo"), ("miramap", "mrmp")])
def test_what_is_too_far_does_not_match(key, typed):
    assert search.match(key, typed) is None


def test_the_search_function_is_unbound_for_what_does_not_match():
    store = ox.Store()
    text = ("PREFIX ses: <https://w3id.org/ses-graph/ontology#> "
            'SELECT ?q ?r WHERE { BIND(ses:searchMatch("apes", ?q) AS ?r) }')
    for typed, expected in (("APSE", "21"), ("nothing alike", None)):
        row = next(
            iter(
                store.query(
                    text, substitutions={ox.Variable("q"): ox.Literal(typed)}, custom_functions=search.FUNCTIONS
                )
            )
        )
        assert (row["r"].value if row["r"] is not None else None) == expected


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

