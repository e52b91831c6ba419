"""Mandates count: tie strengths, weighted measures against networkx, rankings with known answers, rank ranges."""

from __future__ import annotations

import random

import networkx as nx
import pyoxigraph as ox
import pytest

from ses_graph import terms
from ses_graph.analysis import graphs, measures, mediators, scores, stability, ties, vocabulary

ID = terms.ID
ROLES = {"co-president": ("co-président·e", "co-president"),
         "administrator": ("administrateur·rice", "administrator"),
         "associate-researcher": ("chercheur·e associé·e", "associate researcher"), "member": ("membre", "member")}
VOCABULARY = vocabulary.Vocabulary({k: {"fr": fr, "en": en} for k, (fr, en) in ROLES.items()},
                                   frozenset({"co-president", "administrator"}), {"national": 4, "european": 5})


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_weighted_betweenness_and_constraint_match_networkx(seed):
    rng = random.Random(seed)
    g = nx.gnm_random_graph(50, 120, seed=seed)
    for u, v in g.edges:
        g.edges[u, v]["weight"] = rng.choice(list(ties.WEIGHTS.values()))
        g.edges[u, v]["length"] = 1 / g.edges[u, v]["weight"]
    u = measures.Undirected(g, weight=lambda d: d["weight"])
    got = measures.betweenness(u, weighted=True)["values"]
    reference = nx.betweenness_centrality(g, weight="length")
    assert all(abs(got[n] - reference[n]) < 1e-12 for n in g)
    assert got != measures.betweenness(u)["values"]  # the weights change the answer
    con, rc = measures.constraint(u, weighted=True), nx.constraint(g, weight="weight")
    assert all(abs(con[n] - rc[n]) < 1e-12 for n in g if g.degree(n))


def test_parallel_ties_keep_the_strongest():
    g = nx.MultiDiGraph()
    g.add_edge("p", "b", relation="participation")
    g.add_edge("p", "b", relation="membership", role="co-president")
    u = measures.Undirected(g, weight=lambda d: ties.weight(d, {"co-president"}))
    assert u.weights == [ties.WEIGHTS[ties.MANDATE]]


def _two_bodies() -> nx.MultiDiGraph:
    """The co-president of the national movement who sits on the European network's board, and a researcher
    associated with the movement who attended three workshops with members of both.

    mes (national) <-co-president- jo -administrator seat-> ripess (european)
    mes <-associate researcher- lo ; lo, x1, x2, x3 attend w1, w2, w3 ; x1, x2 members of mes, x3 of ripess
    """
    g = nx.MultiDiGraph(vocabulary=VOCABULARY)
    g.add_nodes_from([("mes", {"kind": "organisation", "level": "national", "label": "MES"}),
                      ("ripess", {"kind": "organisation", "level": "european", "label": "RIPESS Europe"})])
    for person in ("jo", "lo", "x1", "x2", "x3"):
        g.add_node(person, kind="person", label=person.upper())
    for w in ("w1", "w2", "w3"):
        g.add_node(w, kind="event", label=w)
    facts = [("jo", "mes", "membership", "co-president"), ("jo", "ripess", "seat", "administrator"),
             ("lo", "mes", "membership", "associate-researcher"), ("x1", "mes", "membership", "member"),
             ("x2", "mes", "membership", "member"), ("x3", "ripess", "membership", "member")]
    facts += [(p, w, "participation", "") for w in ("w1", "w2", "w3") for p in ("lo", "x1", "x2", "x3")]
    for i, (u, v, relation, role) in enumerate(facts):
        g.add_edge(u, v, key=f"f{i}", fact=f"f{i}", relation=relation, role=role, source=f"s{i % 2}")
    return g


def test_mandates_in_two_bodies_rank_above_attending_many_workshops():
    g = _two_bodies()
    ranked = mediators.ranking(g, "person", root="mes")
    assert ranked[0]["entity"] == "jo" and ranked[0]["rank"] == 1
    lo = next(e for e in ranked if e["entity"] == "lo")
    assert lo["rank"] > 1 and lo["mandates"] == 0 and ranked[0]["mandates"] == 2
    assert ranked[0]["explanations"]["en"] == ("Co-president of MES and administrator of RIPESS Europe: "
                                              "links the national and european levels.")
    assert ranked[0]["explanations"]["fr"].startswith(
        "Co-président·e de MES et administrateur·rice de RIPESS Europe : ")
    assert ranked[0]["evidence"] == ["f0", "f1"]
    assert g.degree("lo") > g.degree("jo")  # more ties, but weak ones


def test_equal_scores_share_a_rank():
    g = _two_bodies()
    ranked = mediators.ranking(g, "person", root="mes")
    x1, x2 = (next(e for e in ranked if e["entity"] == x) for x in ("x1", "x2"))
    assert x1["score"] == x2["score"] and x1["rank"] == x2["rank"]
    assert scores.competition_ranks({"a": 1, "b": 1, "c": 0}) == {"a": 1, "b": 1, "c": 3}


def test_a_rank_resting_on_one_source_shows_it_in_its_range():
    g = _two_bodies()
    found = scores.mediator_scores(g, "person", root="mes")
    ranks = scores.competition_ranks({n: e["score"] for n, e in found.items()})
    ranges = stability.rank_ranges(g, {"person": ranks}, root="mes", repeats=4, seed=3)["person"]
    assert ranges == stability.rank_ranges(g, {"person": ranks}, root="mes", repeats=4, seed=3)["person"]  # seeded
    for node, found in ranges.items():
        assert found["best"] <= ranks[node] <= found["worst"]
        assert set(found["without_source"]) == {"s0", "s1"} and len(found["random"]) == 4
        assert found["best"] == min([ranks[node], *found["without_source"].values(), *found["random"]])
    # jo's administrator seat (f1) comes from s1 alone: without it, jo is no longer first.
    assert ranges["jo"]["without_source"]["s1"] > 1


# The real curated graph.

@pytest.fixture(scope="module")
def people(curated):
    return {e["entity"]: e for e in mediators.ranking(graphs.network(curated), "person")}


def test_the_mandate_roles_are_the_ontology_s(curated):
    found = vocabulary.read(curated)
    assert {ID + "role/co-president", ID + "role/general-delegate", ID + "role/board-member",
            ID + "role/bureau-member", ID + "role/administrator"} <= found.mandates
    assert not {ID + "role/participant", ID + "role/associate-researcher", ID + "role/member"} & found.mandates


def test_the_co_presidents_rank_above_the_associated_researcher(people):
    josette, patricia = people[ID + "josette-combes"], people[ID + "patricia-coler"]
    laurent = people[ID + "laurent-fraisse"]
    assert josette["rank"] == 1 and patricia["rank"] <= 2 < laurent["rank"]
    assert josette["mandates"] == 2 and patricia["mandates"] == 2 and laurent["mandates"] == 0
    assert "general delegate of UFISC" in patricia["explanations"]["en"]
    assert "délégué·e général·e d’UFISC" in patricia["explanations"]["fr"]


def test_real_rank_ranges_cover_every_source(curated, people):
    derived = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
    sources = {q.object.value for q in curated.quads_for_pattern(None, derived, None)}
    for entry in people.values():
        found = entry["rank_range"]
        assert found["best"] <= entry["rank"] <= found["worst"]
        assert set(found["without_source"]) <= sources and len(found["without_source"]) >= 4
        assert len(found["random"]) == stability.REPEATS
