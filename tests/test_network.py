"""network: node kinds and edge rules declared once in the ontology; the map and the mediators follow."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from support import TURTLE_PREFIXES

from ses_graph import network, terms
from ses_graph.analysis import graphs
from ses_graph.cartography import page, rows
from ses_graph.resources import PACKAGE_DIR, project_dir

ID = terms.ID
SKOS = "http://www.w3.org/2004/02/skos/core#"


def ontology_store(extra: str = "") -> ox.Store:
    store = ox.Store()
    for name in ("ses.ttl", "schemes.ttl"):
        store.load(path=str(project_dir("ontology") / name), format=ox.RdfFormat.TURTLE)
    if extra:
        store.load(input=extra, format=ox.RdfFormat.TURTLE)
    return store


@pytest.fixture(scope="module")
def declared() -> network.Model:
    return network.model(ontology_store())


def test_every_subclass_of_a_node_kind_declares_its_own(declared):
    store = ontology_store()
    found = store.query(f"""SELECT ?class WHERE {{
        ?class <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ ?parent . ?parent <{terms.nodeKind.value}> ?kind .
        FILTER NOT EXISTS {{ ?class <{terms.nodeKind.value}> ?own }} }}""")
    assert [row["class"].value for row in found] == [], "an entity of that class would silently leave the network"


def test_style_has_one_entry_per_kind_and_per_relation_of_the_map(declared):
    style = json.loads((PACKAGE_DIR / "map_assets" / "style.json").read_text(encoding="utf-8"))
    assert set(style["kinds"]) == set(declared.kinds)
    found = ontology_store().query(f"""SELECT ?code ?view WHERE {{ ?class <{terms.edge.value}> ?rule .
        ?rule <{terms.relation.value}>/<{SKOS}notation> ?code . OPTIONAL {{ ?rule <{terms.view.value}> ?view }} }}""")
    drawn = {row["code"].value for row in found if row["view"] is None or row["view"].value == rows.VIEW}
    assert set(style["edges"]) == drawn, "every relation of the map's view needs a look, and only those"
    assert not any("fr" in look or "en" in look for part in ("kinds", "edges") for look in style[part].values()), \
        "names of kinds and relations come from the ontology"


def test_views_and_mediator_kinds_are_declared(declared):
    store = ontology_store()
    found = store.query(f"SELECT DISTINCT ?view WHERE {{ ?rule <{terms.view.value}> ?view }}")
    views = {row["view"].value for row in found}
    assert views <= set(network.VIEWS)
    assert set(graphs.MEDIATOR_KINDS) <= set(declared.kinds)
    assert {kind.broader for kind in declared.kinds.values() if kind.broader} <= set(graphs.MEDIATOR_KINDS)


def test_legend_names_come_from_the_concepts():
    store = ontology_store()
    legend = page.legend(rows.concepts(store))
    assert legend["kinds"]["instance"]["en"] == "Governance body" and legend["edges"]["seat"]["fr"] == "Siège"
    assert legend["kindOrder"][0] == "person" and legend["edgeOrder"][0] == "membership"


RULES_DEMO = TURTLE_PREFIXES + """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <urn:example:> .
ex:Grant a owl:Class ; rdfs:subClassOf ses:Fact ;
    ses:edge [ ses:relation ex:grant ; ses:fromProperty ex:giver ; ses:toProperty ex:receiver ] .
ex:grant a skos:Concept ; skos:notation "grant" ; skos:prefLabel "Subvention"@fr , "Grant"@en .
id:fund a ses:Funder ; rdfs:label "Fonds" .  id:apes a ses:MemberOrganisation ; rdfs:label "APES" .
id:cress a ses:Instance ; rdfs:label "CRESS" .
id:g1 a ex:Grant ; ex:giver id:fund ; ex:receiver id:apes ; prov:wasDerivedFrom id:source-t ; ses:quote "q"@fr .
id:a1 a ses:Action ; ses:actor id:apes ; ses:target id:cress ; prov:wasDerivedFrom id:source-t ; ses:quote "a"@fr .
id:a2 a ses:Action ; ses:actor id:apes ; prov:wasDerivedFrom id:source-t ; ses:quote "sans cible"@fr .
"""


def test_a_kind_of_fact_declared_once_reaches_every_view():
    """The rule of a new fact class, declared in Turtle only, gives edges to the map and to the mediators."""
    store = ontology_store(RULES_DEMO)
    _, edges = network.extract(store)
    assert ("g1", "grant", "fund", "apes") in {(e.fact[len(ID):], e.relation, e.start[len(ID):], e.end[len(ID):])
                                               for e in edges if e.start and e.end}
    mediators = graphs.network(store)
    assert [(u[len(ID):], v[len(ID):], d["relation"]) for u, v, d in mediators.edges(data=True)] == \
        [("apes", "cress", "action"), ("fund", "apes", "grant")]
    nodes, drawn, _ = rows.graph_rows(store)
    assert sorted((e["type"], e["from"][len(ID):], e["to"][len(ID):]) for e in drawn) == [
        ("action", "a1", "cress"), ("action", "apes", "a1"), ("action", "apes", "a2"), ("grant", "fund", "apes")]
    assert {n["id"][len(ID):]: n["kind"] for n in nodes}["a2"] == "action", "an action without a target is still drawn"


def test_an_entity_of_several_kinds_takes_one_per_view(declared):
    """RIPESS Europe is an instance and a network: an instance on the map, an organisation for the mediators."""
    store = ontology_store(TURTLE_PREFIXES + """
id:ripess a ses:Instance , ses:Network ; rdfs:label "RIPESS Europe" .  id:mes a ses:Network ; rdfs:label "MES" .
id:s1 a ses:Seat ; org:member id:mes ; org:organization id:ripess ; prov:wasDerivedFrom id:source-t ; ses:quote "q"@fr .
""")
    nodes, _, _ = rows.graph_rows(store)
    assert {n["id"][len(ID):]: n["kind"] for n in nodes} == {"ripess": "instance", "mes": "network"}
    assert dict(graphs.network(store).nodes(data="kind")) == {ID + "mes": "organisation", ID + "ripess": "organisation"}
    assert declared.kind(["network", "instance"]) == "instance"


def test_edges_carry_the_fact_s_dates_and_a_participation_those_of_its_event():
    store = ontology_store(TURTLE_PREFIXES + """
@prefix schema: <http://schema.org/> .
id:apes a ses:MemberOrganisation ; rdfs:label "APES" .  id:cress a ses:Instance ; rdfs:label "CRESS" .
id:ana a ses:Person ; rdfs:label "Ana" .
id:forum a ses:Event ; rdfs:label "Forum" ; schema:startDate "2019-12-02" ; schema:endDate "2019-12-04" .
id:a1 a ses:Action ; ses:actor id:apes ; ses:target id:cress ; ses:date "2020-03" .
id:a2 a ses:Action ; ses:actor id:apes ; ses:target id:cress ; schema:startDate "2020-01" ; schema:endDate "2022-12" .
id:a3 a ses:Action ; ses:actor id:apes ; ses:target id:cress .
id:p1 a ses:Participation ; ses:participant id:ana ; ses:event id:forum .
id:p2 a ses:Participation ; ses:participant id:ana ; ses:event id:forum ; ses:date "2019-12-03" .
""")
    _, edges = network.extract(store)
    period = {(e.fact[len(ID):], e.relation): e.period for e in edges}
    assert period[("a1", "action")] == "2020-03" and period[("a2", "action")] == "2020-01/2022-12"
    assert period[("a3", "action")] == "", "an undated fact stays undated"
    assert period[("p1", "participation")] == "2019-12-02/2019-12-04", "the event's dates (ses:inheritsFromTarget)"
    assert period[("p2", "participation")] == "2019-12-03", "a fact's own date wins"
    dated = {d["fact"][len(ID):]: d["date"] for _, _, d in graphs.network(store).edges(data=True)}
    assert dated["a2"] == "2020-01/2022-12" and dated["p1"] == "2019-12-02/2019-12-04" and dated["a3"] == ""
    _, drawn, _ = rows.graph_rows(store)
    by_end = {(e["from"][len(ID):], e["to"][len(ID):]): e for e in drawn}
    assert by_end[("apes", "a2")]["years"] == [[2020, 2022]] and not by_end[("apes", "a2")]["undated"]
    assert by_end[("apes", "a3")]["years"] == [] and by_end[("apes", "a3")]["undated"]
    assert by_end[("ana", "forum")]["years"] == [[2019, 2019]]
