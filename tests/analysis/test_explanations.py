"""Mediator explanations: every claim read against the facts it rests on, in the real graph and by hand."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
import pytest

from ses_graph import terms
from ses_graph.analysis import claims, graphs, mediators, vocabulary, wording

ID = terms.ID
RDF_TYPE = terms.rdf_type.value
MEMBER, ORGANIZATION, ROLE = terms.org_member.value, terms.org_organization.value, terms.org_role.value
PARTICIPANT, EVENT, AFFILIATION = terms.participant.value, terms.event.value, terms.affiliation.value
ACTOR, TARGET, PARTNER, BEHALF = terms.actor.value, terms.target.value, terms.partner.value, terms.onBehalfOf.value
#: What each claim type says, as (class of the fact, {property: "subject" | "object" | "body" | "principal"}).
STATES = {
    "member": (terms.Membership, {MEMBER: "subject", ORGANIZATION: "object"}),
    "has-member": (terms.Membership, {MEMBER: "object", ORGANIZATION: "subject"}),
    "seat": (terms.Seat, {MEMBER: "subject", ORGANIZATION: "object", BEHALF: "principal"}),
    "has-seat": (terms.Seat, {MEMBER: "object", ORGANIZATION: "subject", BEHALF: "principal"}),
    "represents": (terms.Seat, {MEMBER: "subject", BEHALF: "object", ORGANIZATION: "body"}),
    "represented": (terms.Seat, {MEMBER: "object", BEHALF: "subject", ORGANIZATION: "body"}),
    "attends": (terms.Participation, {PARTICIPANT: "subject", EVENT: "object"}),
    "listed-with": (terms.Participation, {PARTICIPANT: "subject", AFFILIATION: "object"}),
    "lists": (terms.Participation, {PARTICIPANT: "object", AFFILIATION: "subject"}),
    "acts": (terms.Action, {ACTOR: "subject", TARGET: "object"}),
    "targeted": (terms.Action, {ACTOR: "object", TARGET: "subject"}),
    "partner": (terms.Partnership, {PARTNER: "subject"}),
}


def _properties(store, iri: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for quad in store.quads_for_pattern(ox.NamedNode(iri), None, None, ox.DefaultGraph()):
        found.setdefault(quad.predicate.value, set()).add(quad.object.value)
    return found


def check_claim(store, claim: dict) -> None:
    """Assert that every fact of ``claim`` states it, in the right direction, with its roles and a source."""
    cls, states = STATES[claim["type"]]
    assert claim["type"] in claims.TYPES and claim["facts"], claim
    roles = set()
    for fact in claim["facts"]:
        props = _properties(store, fact)
        assert cls.value in props.get(RDF_TYPE, set()), (fact, claim)
        for prop, end in states.items():
            if claim[end]:
                assert claim[end] in props.get(prop, set()), (fact, prop, claim)
        if claim["type"] == "partner":
            assert {claim["subject"], claim["object"]} <= props.get(PARTNER, set()), (fact, claim)
        assert props.get(terms.prov_wasDerivedFrom.value) and props.get(terms.quote.value), fact
        roles |= props.get(ROLE, set())
    # The network keeps one role per fact (the extraction's MIN): a claim names no role its facts lack.
    assert set(claim["roles"]) <= roles and (roles == set() or claim["roles"]), claim
    levels = _properties(store, claim["object"]).get(terms.level.value, set())
    if claim["type"] == "acts":
        levels |= {level for fact in claim["facts"] for level in _properties(store, fact).get(terms.level.value, ())}
    assert set(claim["levels"]) <= levels, claim


@pytest.fixture(scope="module")
def real(curated):
    return graphs.network(curated)


@pytest.fixture(scope="module")
def rankings(real):
    return {kind: mediators.ranking(real, kind) for kind in ("organisation", "person")}


@pytest.mark.parametrize("kind", ["organisation", "person"])
def test_every_claim_of_the_real_graph_rests_on_facts_that_state_it(curated, real, rankings, kind):
    entries = rankings[kind]
    assert entries
    for entry in entries:
        facts = {f for c in entry["claims"] for f in c["facts"]}
        assert set(entry["evidence"]) <= facts
        for claim in entry["claims"]:
            assert claim["subject"] == entry["entity"]
            check_claim(curated, claim)
        for lang in ("fr", "en"):
            text = entry["explanations"][lang]
            assert text and text.endswith(".")
            held = [c for c in entry["claims"] if c["type"] in ("member", "seat", "represents")]
            if len(held) <= wording.NAMES + 1:  # every mandate and membership it holds is named
                for claim in held:
                    assert real.nodes[claim["object"]]["label"] in text, (text, claim)


def test_people_are_members_of_an_organisation_only_through_a_membership(curated, rankings):
    for entry in rankings["organisation"]:
        for claim in entry["claims"]:
            if claim["type"] == "has-member":
                for fact in claim["facts"]:
                    props = _properties(curated, fact)
                    assert terms.Membership.value in props[RDF_TYPE] and claim["object"] in props[MEMBER]
    ufisc = next(e for e in rankings["organisation"] if e["entity"] == ID + "ufisc")
    people = [c for c in ufisc["claims"] if c["type"] == "has-member" and c["object"].startswith(ID + "patricia")]
    assert [c["facts"] for c in people] == [[ID + "membership-patricia-coler-ufisc-003"]]


def test_ripess_europe_has_the_mes_as_member_not_the_reverse(rankings):
    ripess = next(e for e in rankings["organisation"] if e["entity"] == ID + "ripess-europe")
    types = {(c["type"], c["object"]): c for c in ripess["claims"]}
    mes = types[("has-member", ID + "mes-france")]
    assert ID + "membership-mes-france-ripess-europe-003" in mes["facts"]
    assert ID + "role/founding-member" in mes["roles"]
    assert ("member", ID + "mes-france") not in types
    assert ("has-seat", ID + "mes-france") in types and ("has-seat", ID + "josette-combes") in types
    assert "member of Mouvement" not in ripess["explanations"]["en"]
    assert "membre de Mouvement" not in ripess["explanations"]["fr"]
    assert "Josette Combes (administrator)" in ripess["explanations"]["en"]
    assert "Josette Combes (administrateur·rice)" in ripess["explanations"]["fr"]


def test_the_co_president_s_explanation_names_her_mandates_and_the_levels_they_join(rankings):
    josette = next(e for e in rankings["person"] if e["entity"] == ID + "josette-combes")
    assert josette["explanations"]["fr"].startswith(
        "Co-président·e de Mouvement pour l’Économie Solidaire et administrateur·rice de RIPESS Europe : "
        "relie les niveaux national et européen.")
    assert josette["explanations"]["en"].startswith(
        "Co-president of Mouvement pour l’Économie Solidaire and administrator of RIPESS Europe: "
        "links the national and European levels.")
    assert {ID + "membership-josette-combes-mes-france-003", ID + "seat-josette-combes-ripess-europe-003"} <= set(
        josette["evidence"])


def test_hand_made_claims_read_seats_on_behalf_of_in_both_directions():
    g = nx.MultiDiGraph()
    g.add_nodes_from([("herve", {"kind": "person", "label": "Hervé"}), ("ctc", {"kind": "instance", "label": "CTC",
                      "level": "national"}), ("attac", {"kind": "organisation", "label": "ATTAC"})])
    g.add_edge("herve", "ctc", key="s1", fact="s1", relation="seat", role="representative")
    g.add_edge("herve", "attac", key="s1", fact="s1", relation="on-behalf-of", role="representative")
    words = {"representative": {"en": "representative", "fr": "représentant·e"}}
    g.graph["vocabulary"] = vocabulary.Vocabulary(words,
                                                  frozenset({"representative"}))
    herve = claims.claims(g, "herve")
    assert [(c["type"], c["object"], c["principal"], c["strength"]) for c in herve] == [
        ("seat", "ctc", "attac", "mandate")]
    attac = claims.claims(g, "attac")
    assert [(c["type"], c["object"], c["body"]) for c in attac] == [("represented", "herve", "ctc")]
    text, evidence = wording.explain(g, "herve", herve, "en")
    assert text == "Representative of CTC on behalf of ATTAC." and evidence == ["s1"]
    assert wording.explain(g, "herve", herve, "fr")[0] == "Représentant·e de CTC au titre d’ATTAC."
    assert wording.explain(g, "attac", attac, "en")[0] == "Hervé sits there on its behalf."
