"""analysis: graphs from the store, measures against networkx, mediator ranking, what-if, CLI."""

from __future__ import annotations

import json
import math

import networkx as nx
import pyoxigraph as ox
import pytest
from support import cli

from ses_graph import terms
from ses_graph.analysis import graphs, measures, mediators, processes, scores, ties
from ses_graph.resources import project_dir

TURTLE = """
@prefix ses: <https://w3id.org/ses-graph/ontology#> . @prefix id: <https://w3id.org/ses-graph/id/> .
@prefix org: <http://www.w3.org/ns/org#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix level: <https://w3id.org/ses-graph/id/level/> .
@prefix axis: <https://w3id.org/ses-graph/id/axis/> .
id:mes-france a ses:Network ; rdfs:label "MES" ; ses:level level:national .
id:apes a ses:MemberOrganisation ; rdfs:label "APES" ; ses:territory id:lille .
id:lille a ses:Territory ; ses:within id:hdf .
id:hdf a ses:Territory ; rdfs:label "Hauts-de-France" ; ses:level level:regional .
id:ardes a ses:MemberOrganisation ; rdfs:label "ARDES" .
id:local a ses:MemberOrganisation ; rdfs:label "Local" .
id:cress a ses:Instance ; rdfs:label "CRESS" ; ses:level level:regional .
id:josette a ses:Person ; rdfs:label "Josette" .
id:w4 a ses:Workshop ; rdfs:label "Atelier 4" ; ses:axis axis:4 .
id:m1 a ses:Membership ; org:member id:apes ; org:organization id:mes-france ; prov:wasDerivedFrom id:source-003 ;
    ses:quote "q1"@fr .
id:m2 a ses:Membership ; org:member id:ardes ; org:organization id:mes-france ; prov:wasDerivedFrom id:source-003 ;
    ses:quote "q2"@fr .
id:m3 a ses:Membership ; org:member id:local ; org:organization id:apes ; prov:wasDerivedFrom id:source-002 ;
    ses:quote "q3"@fr .
id:s1 a ses:Seat ; org:member id:apes ; org:organization id:cress ; ses:level level:regional ;
    prov:wasDerivedFrom id:source-003 ; ses:quote "q4"@fr .
id:p1 a ses:Participation ; ses:participant id:josette ; ses:event id:w4 ; ses:affiliation id:ardes ;
    prov:wasDerivedFrom id:source-003 ; ses:quote "q5"@fr .
id:a1 a ses:Action ; ses:actor id:ardes ; ses:target id:cress ; ses:axis axis:4 ; prov:wasDerivedFrom id:source-003 ;
    ses:quote "q6"@fr .
"""
ID = terms.ID


@pytest.fixture(scope="module")
def small():
    store = ox.Store()
    store.load(path=str(project_dir("ontology") / "ses.ttl"), format=ox.RdfFormat.TURTLE)
    store.load(input=TURTLE, format=ox.RdfFormat.TURTLE)
    return graphs.network(store)


def test_network_from_sparql_has_kinds_attributes_and_sourced_edges(small):
    kinds = dict(small.nodes(data="kind"))
    assert kinds[ID + "cress"] == "instance" and kinds[ID + "josette"] == "person" and kinds[ID + "w4"] == "event"
    assert kinds[ID + "mes-france"] == "organisation"
    assert small.nodes[ID + "apes"]["regions"] == ID + "hdf"
    assert small.nodes[ID + "apes"]["region_names"] == "Hauts-de-France"
    assert small.nodes[ID + "ardes"]["axes"] == ID + "axis/4"
    relations = sorted((u.rsplit("/")[-1], v.rsplit("/")[-1], d["relation"], d["fact"].rsplit("/")[-1])
                       for u, v, d in small.edges(data=True))
    assert relations == [("apes", "cress", "seat", "s1"), ("apes", "mes-france", "membership", "m1"),
                         ("ardes", "cress", "action", "a1"), ("ardes", "mes-france", "membership", "m2"),
                         ("josette", "ardes", "affiliation", "p1"), ("josette", "w4", "participation", "p1"),
                         ("local", "apes", "membership", "m3")]
    assert all(d["source"].startswith(ID + "source-") and d["quote"] for _, _, d in small.edges(data=True))


def test_projections(small):
    orgs = graphs.projection(small, "organisation")
    assert sorted(orgs.edges[ID + "apes", ID + "ardes"]["via"]) == [ID + "cress", ID + "mes-france"]
    people = graphs.projection(small, "person")
    assert set(people.nodes) == {ID + "josette"} and people.number_of_edges() == 0
    with pytest.raises(ValueError):
        graphs.projection(small, "instance")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_betweenness_constraint_effective_size_match_networkx(seed):
    g = nx.gnm_random_graph(60, 150, seed=seed)
    g.add_node(999)
    exact = measures.betweenness(g)
    assert exact["exact"] and exact["error"] == 0
    reference = nx.betweenness_centrality(g)
    assert all(abs(exact["values"][n] - reference[n]) < 1e-12 for n in g)
    c, rc = measures.constraint(g), nx.constraint(g)
    e, re_ = measures.effective_size(g), nx.effective_size(g)
    for n in g:
        if math.isnan(rc[n]):
            assert math.isnan(c[n]) and math.isnan(e[n])
        else:
            assert abs(c[n] - rc[n]) < 1e-12 and abs(e[n] - re_[n]) < 1e-12


def test_sampled_betweenness_is_within_its_stated_error():
    g = nx.barabasi_albert_graph(400, 2, seed=7)
    sampled = measures.betweenness(g, samples=80, seed=3)
    reference = nx.betweenness_centrality(g)
    assert not sampled["exact"] and sampled["samples"] == 80
    assert max(abs(sampled["values"][n] - reference[n]) for n in g) <= sampled["error"]
    assert measures.betweenness(g, samples=80, seed=3) == sampled


def test_sampled_betweenness_is_the_same_in_other_processes_or_when_they_fail(monkeypatch):
    g = nx.barabasi_albert_graph(400, 2, seed=7)
    for u, v in g.edges():
        g.edges[u, v]["w"] = (1.0, 0.5, 0.25)[(u + v) % 3]
    weighted = measures.Undirected(g, weight=lambda data: data["w"])
    here = measures.betweenness(weighted, samples=80, seed=3, weighted=True, processes=1)
    assert not here["exact"] and max(here["values"].values()) > 0
    for count in (2, 3):
        assert measures.betweenness(weighted, samples=80, seed=3, weighted=True, processes=count) == here
    # the batches of a process that fails (here: one that exits at once) run again in this one
    monkeypatch.setattr(processes, "PROGRAM", "import sys; sys.exit(3)")
    assert measures.betweenness(weighted, samples=80, seed=3, weighted=True, processes=2) == here
    started = measures.betweenness_started(weighted, samples=80, seed=3, weighted=True, processes=2)
    assert started() == here


def test_the_structural_measures_of_a_big_network_are_the_same_from_their_own_process(monkeypatch):
    g = nx.MultiDiGraph()
    levels = ("local", "regional", "national")
    g.add_nodes_from((f"o{i}", {"kind": "organisation", "level": levels[i % 3], "regions": f"r{i % 5}",
                                "axes": ""}) for i in range(300))
    for u, v in nx.barabasi_albert_graph(300, 1, seed=5).edges():
        g.add_edge(f"o{u}", f"o{v}", key=f"f{u}-{v}", relation=("membership", "seat", "partnership")[(u + v) % 3])
    elsewhere = scores.measure(g, root="o0", samples=60, seed=1)  # sampled: structural measures in a process
    assert elsewhere["roles"] and max(r["total"] for r in elsewhere["roles"].values()) > 0
    assert any(elsewhere["cut_off"].values())
    monkeypatch.setattr(processes, "PROGRAM", "import sys; sys.exit(3)")  # the process fails: computed here
    assert scores.measure(g, root="o0", samples=60, seed=1) == elsewhere
    simple = measures.Undirected(g, weight=lambda data: ties.weight(data, frozenset()))
    ranked = scores.candidates(g, "organisation", "o0")
    assert scores.structural(simple, ranked, "o0", None).items() <= elsewhere.items()


def test_constraint_published_value_of_a_star_and_a_triangle():
    # Burt: a star centre with k contacts has constraint 1/k; a triangle node 2 * (1/2 + 1/4)^2.
    assert measures.constraint(nx.star_graph(4))[0] == pytest.approx(0.25)
    assert measures.constraint(nx.complete_graph(3))[0] == pytest.approx(1.125)


def test_group_reach_counts_distinct_groups_of_contacts(small):
    reach = measures.group_reach(graphs.simple(small), "level")
    assert reach[ID + "apes"] == {"count": 2, "groups": [ID + "level/national", ID + "level/regional"]}


def test_what_if_on_a_hand_made_graph():
    #  mes - a - b      removing a cuts off b and c (c only via b); d stays through e.
    #  mes - e - d      components 1 -> 2; mean distance to mes of the members left (b c d e):
    #                   before (2+3+1+2)/4, after (1+2)/2 (b, c cut off).
    #        b - c
    g = nx.Graph([("mes", "a"), ("a", "b"), ("b", "c"), ("mes", "e"), ("e", "d")])
    members = ["a", "b", "c", "d", "e"]
    result = mediators.what_if(g, "a", root="mes", members=members)
    assert result["cut_off"] == ["b", "c"]
    assert result["components"] == {"before": 1, "after": 2}
    assert result["mean_distance_to_root"] == {"before": pytest.approx(2.0), "after": pytest.approx(1.5)}
    assert result["average_distance"]["before"] == pytest.approx(nx.average_shortest_path_length(g))
    both = mediators.what_if(g, ["a", "e"], root="mes", members=members)
    assert both["cut_off"] == ["b", "c", "d"] and both["components"]["after"] == 3
    ranked = mediators.loss_ranking(g, root="mes", members=members)
    assert [(r["entity"], r["cut_off"]) for r in ranked] == [("a", 2), ("b", 1), ("e", 1)]
    assert measures.cut_off(g, "mes", members) == {"a": 2, "b": 1, "c": 0, "d": 0, "e": 1}


def test_cut_off_agrees_with_removal_on_random_graphs():
    for seed in range(5):
        g = nx.gnm_random_graph(40, 45, seed=seed)
        members = [n for n in g if n % 2]
        counts = measures.cut_off(g, 0, members)
        for v, k in counts.items():
            assert k == len(mediators.what_if(g, v, root=0, members=members, average_distance=False)["cut_off"])


def test_ranking_small_graph_explains_with_real_instances(small):
    ranked = mediators.ranking(small, "organisation")
    ranks = [e["rank"] for e in ranked]
    assert ranks == sorted(ranks) and ranks[0] == 1
    scores = {e["entity"]: e["score"] for e in ranked}
    assert all((a["rank"] == b["rank"]) == (a["score"] == b["score"]) for a in ranked for b in ranked)
    assert all(e["rank"] == 1 + sum(s > e["score"] for s in scores.values()) for e in ranked)
    assert ID + "mes-france" not in {e["entity"] for e in ranked}
    apes = next(e for e in ranked if e["entity"] == ID + "apes")
    assert apes["cut_off"] == 0  # "local" reaches MES only through APES, but is not a member of MES
    ranked_loss = mediators.loss_ranking(small, root=ID + "mes-france", members=[ID + "local"])
    assert [(r["entity"], r["cut_off"]) for r in ranked_loss] == [(ID + "apes", 1)]
    assert "CRESS" in apes["explanations"]["en"] and "member of MES" in apes["explanations"]["en"]
    assert "CRESS" in apes["explanations"]["fr"] and "membre de MES" in apes["explanations"]["fr"]
    assert ID + "s1" in apes["evidence"] and ID + "m1" in apes["evidence"]
    assert set(mediators.COMPONENTS) == set(apes["components"])
    assert all(set(e["brokerage"]) == {"coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"}
               for e in ranked)


def test_to_quads_writes_the_mediators_graph(small):
    ranked = mediators.ranking(small, "organisation")
    store = ox.Store()
    store.extend(mediators.to_quads(ranked))
    rows = list(
        store.query(
            f"SELECT ?e ?rank WHERE {{ GRAPH {terms.MEDIATORS_GRAPH} {{ ?e <{terms.SES}mediatorRank> ?rank }} }} "
            "ORDER BY ?rank"
        )
    )
    assert [int(r["rank"].value) for r in rows] == [e["rank"] for e in ranked]


# The real curated graph.

@pytest.fixture(scope="module")
def real(curated):
    return graphs.network(curated)


@pytest.mark.parametrize("kind", ["organisation", "person"])
def test_real_ranking_is_deterministic_and_sorted(real, kind):
    first = mediators.ranking(real, kind)
    again = mediators.ranking(real.copy(), kind)
    assert [(e["entity"], e["score"]) for e in first] == [(e["entity"], e["score"]) for e in again]
    keys = [(-e["score"], e["entity"]) for e in first]
    assert keys == sorted(keys)
    assert all(e["kind"] == kind for e in first)


def test_cli_mediators_json_contract(curated_store_path):
    done = cli("mediators", "--store", str(curated_store_path), "--top", "5", "--format", "json")
    assert done.returncode == 0, done.stderr
    entries = json.loads(done.stdout)
    assert 0 < len(entries) <= 5
    for key in ("entity", "label", "kind", "score", "rank", "betweenness", "constraint", "brokerage", "explanation",
                "evidence", "rank_range", "mandates", "claims"):
        assert key in entries[0]
    assert all(e["evidence"] and e["rank_range"]["best"] <= e["rank"] <= e["rank_range"]["worst"] for e in entries)
    french = json.loads(cli("mediators", "--store", str(curated_store_path), "--top", "5", "--format", "json",
                            "--lang", "fr").stdout)
    assert [e["entity"] for e in french] == [e["entity"] for e in entries]
    assert all(f["explanation"] != e["explanation"] for f, e in zip(french, entries, strict=True))
    assert "membre" in " ".join(f["explanation"] for f in french)
    table = cli("mediators", "--store", str(curated_store_path), "--top", "3", "--lang", "fr").stdout
    assert table.startswith("rang 1 (") and ("entre" in table or "(stable)" in table)
    done = cli("mediators", "--store", str(curated_store_path), "--kind", "person", "--top", "3", "--format", "csv")
    assert done.returncode == 0 and done.stdout.startswith("rank,rank_best,rank_worst,entity,label,kind,score")
    assert cli("mediators", "--top", "0", "--store", str(curated_store_path)).returncode == 2


def test_cli_brokerage_on_graphml(tmp_path):
    g = nx.star_graph(3)
    nx.set_node_attributes(g, {0: "hub", 1: "u", 2: "u", 3: "v"}, "kind")
    path = tmp_path / "star.graphml"
    nx.write_graphml(g, path)
    done = cli("brokerage", str(path), "--group", "kind")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["0"] == {"coordinator": 0, "itinerant": 2, "representative": 0,
                                            "gatekeeper": 0, "liaison": 4, "total": 6}
    done = cli("brokerage", str(path), "--group", "kind", "--format", "csv")
    assert done.stdout.splitlines()[0] == "node,coordinator,itinerant,representative,gatekeeper,liaison,total"
    assert cli("brokerage", str(path), "--group", "colour").returncode == 2
    assert cli("brokerage", str(tmp_path / "missing.graphml"), "--group", "kind").returncode == 2


def test_undirected_copy_is_simple_sorted_and_shared():
    g = nx.MultiDiGraph([("b", "a"), ("a", "b"), ("a", "b"), ("c", "c"), ("c", "a"), ("d", "b")])
    u = measures.Undirected(g)
    index = u.index
    expected = sorted({tuple(sorted((index[x], index[y]))) for x, y in g.edges() if x != y})
    assert u.igraph.get_edgelist() == expected and u.nodes == list(g.nodes)
    assert measures.betweenness(u) == measures.betweenness(nx.Graph(g.to_undirected()))
    assert measures.group_reach(u, "level") == measures.group_reach(g, "level")
    assert measures.cut_off(u, "a") == measures.cut_off(g, "a") == {"b": 1, "c": 0, "d": 0}


def test_sampled_betweenness_reports_batch_standard_errors():
    g = nx.barabasi_albert_graph(400, 2, seed=7)
    sampled = measures.betweenness(g, samples=80, seed=3)
    se = sampled["standard_errors"]
    assert set(se) == set(g) and sampled["standard_error"] == max(se.values())
    assert 0 < sampled["standard_error"] < sampled["error"]
    reference = nx.betweenness_centrality(g)
    hub = max(g, key=reference.get)
    assert abs(sampled["values"][hub] - reference[hub]) <= 4 * se[hub]
