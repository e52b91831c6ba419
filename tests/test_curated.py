"""The real curated graph answers the researchers' questions as the sources state them.

Every expected answer below was read by hand in ../shared/seeds/ (the line of 003 is given).
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from support import cli

from ses_graph import queries, search, stats

ID = "https://w3id.org/ses-graph/id/"


def select(store, name, **params) -> list[dict]:
    result = queries.run(store, queries.get(name), {k: str(v) for k, v in params.items()})
    variables = [v.value for v in result.variables]
    return [{v: (s[v].value if s[v] is not None else None) for v in variables} for s in result]


def names(found, key="name") -> Counter:
    return Counter(search.normalize(r[key]) for r in found)


# 003, "P A R T I C I P A N T S" of each workshop: referent first, then the participants.
ROSTERS = {
    1: ("Fabrice PENASSE", ["Bruno LASNIER", "Luc BELVAL", "Julien BOIDIN", "Patricia COLER", "Cédric DUPAS",
                            "Mathieu ROUYER", "Laurent FRAISSE", "José DHERS", "Fanny MOLLET"]),
    2: ("Olivia RUEL-MAILFERT", ["Evelyne BOULONGNE", "Jean Baptiste CAZIN", "Julie COURTET", "Luc DE LERMINAT",
                                 "Bérangère DELFAIRIERE", "Bérénice DONDEYNE", "Charlotte MAURIER"]),
    3: ("Jean-Baptiste CAZIN", ["Luc BELVAL", "Julien BOIDIN", "Patricia COLER", "Luc DE LERMINAT", "Cedric DUPAS",
                                "Laurent FRAISSE", "Bruno LASNIER", "Charlotte MAURIER", "Marilyn METAYER",
                                "Richard PAWLOWSKY", "Fabrice PENASSE", "Mathieu ROUYER"]),
    4: ("Bérénice DONDEYNE", ["Evelyne BOULONGNE", "Jean-Baptiste COBARD", "Josette COMBES", "Julie COURTET",
                              "Bérengère DELFAIRIERE", "José DHERS", "Laurent FRAISSE", "Fanny MOLLET",
                              "Fabrice PENASSE", "Olivia RUEL-MAILFERT"]),
}


def entity(store, name: str) -> str:
    found = queries.resolve(store, name)
    assert len(found) == 1, (name, found)
    return found[0].value


@pytest.mark.parametrize("axis", sorted(ROSTERS))
def test_workshop_rosters(curated, axis):
    referent, participants = ROSTERS[axis]
    found = select(curated, "workshop-participants", axis=axis)
    people = {r["person"] for r in found}
    assert people == {entity(curated, n) for n in [referent, *participants]}
    referents = {r["person"] for r in found if r["role"].endswith("/referent")}
    assert referents == {entity(curated, referent)}
    assert all(r["source"] == ID + "source-003" and r["quote"] for r in found)


def test_one_person_listed_under_two_organisations_keeps_both(curated):
    # 003: "Charlotte MAURIER (Point soleil)" in axis 2, "Charlotte MAURIER (KPsens)" in axis 3.
    by_axis = {axis: {r["affiliationLabel"] for r in select(curated, "workshop-participants", axis=axis)
                      if r["person"] == entity(curated, "Charlotte Maurier")} for axis in (2, 3)}
    assert by_axis == {2: {"Point soleil"}, 3: {"KPsens"}}


@pytest.mark.parametrize("variants", [
    ["PESAD 21", "PESAD21", "PES 21", "PES21", "Pole d’économie solidaire 21", "pôle d'economie solidaire 21"],
    ["Jean-Baptiste COBARD", "Jean-Baptiste JOBARD", "Jean Baptiste Jobbard"],
    ["Bérangère DELFAIRIERE", "Bérengère DELFAIRIERE", "berengere delfairiere"],
    ["MIRAMAP", "LE MIRAMAP", "Miramap"],
    ["ESS France", "ESS-France"],
    ["Fondation pour le Progrès de l’Homme", "Foundation for the Progress of Humankind", "FPH"],
    ["MES France", "Mouvement pour l’Économie Solidaire", "Mouvement pour l’Economie Solidaire", "MES"],
])
def test_spelling_variants_resolve_to_one_entity(curated, variants):
    assert len({entity(curated, v) for v in variants}) == 1


def test_instance_seats_of_ess_france(curated):
    # 003: "Le MES France porte la voix du Mouvement national [...] en tant que membre du conseil
    # d’administration de ESS France"
    found = select(curated, "instance-seats", instance="ESS France")
    assert {(r["member"], r["role"].rsplit("/", 1)[1]) for r in found} >= {
        (entity(curated, "MES France"), "board-member")
    }
    assert all(r["level"].endswith("/national") for r in found)


def test_cress_boards(curated):
    # 003, "Échelon régional": APES (board and bureau), ARDES, MES Occitanie on their CRESS boards.
    expected = {("CRESS Normandie", "ARDES"), ("CRESS Occitanie", "MES Occitanie"), ("CRESS Haut de France", "APES")}
    for instance, member in expected:
        found = select(curated, "instance-seats", instance=instance)
        assert entity(curated, member) in {r["member"] for r in found}, (instance, member)
        assert {r["level"] for r in found} == {ID + "level/regional"}


def test_ripess_europe_members(curated):
    # 003: "L’UFISC, le CNLRQ, L’APES, le MES Occitanie adhèrent au RIPESS Europe [...] ainsi que le MES
    # France en tant que membre fondateur et du bureau."
    members = {r["member"] for r in select(curated, "network-members", network="RIPESS Europe")}
    assert {entity(curated, n) for n in ["UFISC", "CNLRQ", "APES", "MES Occitanie", "MES France"]} <= members


def test_actions_by_level_cover_every_level_of_axis_4(curated):
    found = select(curated, "actions-by-level")
    levels = {r["level"].rsplit("/", 1)[1] for r in found}
    assert {"local", "regional", "national", "international"} <= levels
    regional = {r["actor"] for r in select(curated, "actions-by-level", level="régional")}
    assert {entity(curated, n) for n in ["APES", "ARDES", "MES Occitanie"]} <= regional
    assert regional == {r["actor"] for r in select(curated, "actions-by-level", level="regional")}


def test_entity_search_finds_any_variant(curated):
    found = select(curated, "entity-search", q="pesad 21")
    assert found and found[0]["entity"] == entity(curated, "PES21")


def test_every_fact_has_a_source_and_a_quote(curated):
    figures = stats.stats(curated)
    must_be_zero = ("entities_without_label", "facts_without_quote", "facts_without_source",
                    "terms_without_english_label", "terms_without_french_label")
    assert {k: figures["quality"][k] for k in must_be_zero} == dict.fromkeys(must_be_zero, 0)
    assert figures["facts_by_source"]["003_8f68f67bb4e44f49"] > 100


def test_stats_json_from_the_command_line(curated_store_path):
    result = cli("stats", "--store", str(curated_store_path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["triples"] > 1000


def test_affiliation_disagreements_are_queryable(curated):
    found = select(curated, "affiliation-disagreements")
    maurier = {r["affiliationLabel"] for r in found if r["person"] == entity(curated, "Charlotte MAURIER")}
    assert maurier == {"Point soleil", "KPsens"}
    assert all(r["source"] and r["quote"] for r in found)


def test_members_by_region(curated):
    occitanie = {r["member"] for r in select(curated, "members-by-region", region="Occitanie")}
    assert entity(curated, "MES Occitanie") in occitanie
    assert entity(curated, "ARDES") not in occitanie
    assert entity(curated, "ARDES") in {r["member"] for r in select(curated, "members-by-region", region="Normandie")}


def test_instances_without_members_leave_out_bodies_where_the_mes_sits(curated):
    found = {r["instance"] for r in select(curated, "instances-without-members")}
    for sits in ("ESS France", "CRESS Normandie", "RIPESS Europe", "Transiscope"):
        assert entity(curated, sits) not in found
    assert entity(curated, "FAO") in found  # 003: MIRAMAP raises awareness at the FAO, where no member sits


def test_bridging_people_include_those_in_several_workshops(curated):
    found = {r["person"]: r for r in select(curated, "bridging-people")}
    # Laurent Fraisse sits in the axis 1, 3 and 4 workshops (003 rosters)
    assert int(found[entity(curated, "Laurent FRAISSE")]["workshopCount"]) == 3
    assert entity(curated, "Marilyn METAYER") not in found  # one workshop, one organisation
    # the organisations are named even for a person who also attended workshops (003: co-president of the MES,
    # board member of RIPESS Europe)
    josette = found[entity(curated, "Josette COMBES")]
    assert {"RIPESS Europe", "Mouvement pour l’Économie Solidaire"} <= set(josette["organisations"].split(" | "))
    assert all(r["organisations"] for r in found.values() if int(r["organisationCount"]) > 0)


def test_international_footprint(curated):
    found = select(curated, "international-footprint")
    assert {(r["actor"], r["body"]) for r in found} >= {(entity(curated, "MIRAMAP"), entity(curated, "Urgenci"))}
    assert {r["level"].rsplit("/", 1)[1] for r in found} <= {"european", "international"}


def test_timeline_is_chronological_and_sourced(curated):
    found = select(curated, "timeline")
    dates = [r["date"] for r in found]
    assert dates == sorted(dates)
    seminar = {r["source"].rsplit("/", 1)[1] for r in found if r["item"] == ID + "seminar-2019"}
    assert seminar == {"source-000", "source-001", "source-003"}  # "2 to 4 December 2019" / "du 2 au 4 décembre 2019"
    assert any(
        r["date"] == "2019-12-02" and r["endDate"] == "2019-12-04" for r in found if r["item"] == ID + "seminar-2019"
    )


def test_member_profile_gives_each_fact_with_its_quote(curated):
    found = select(curated, "member-profile", member="ARDES")
    seats = [r for r in found if r["value"] == entity(curated, "CRESS Normandie") and r["factType"].endswith("#Seat")]
    assert seats and all("CRESS Normandie" in r["quote"] and r["source"] == ID + "source-003" for r in seats)


def test_member_profile_orders_every_row(curated):
    """No two different rows tie on the ORDER BY: the order is the same on every engine (one that breaks ties
    otherwise gives the same rows in another order)."""
    found = select(curated, "member-profile", member="ARDES")
    keys = [tuple(r.get(name) or "" for name in ("factType", "fact", "property", "value", "valueLabel", "source",
                                                  "quote")) for r in found]
    assert len(found) > 20 and keys == sorted(keys) and len(set(keys)) == len(keys)


def test_shared_instances(curated):
    found = {r["instance"]: int(r["memberCount"]) for r in select(curated, "shared-instances")}
    # 003: UFISC, CNLRQ, APES, MES Occitanie and MES France in RIPESS Europe
    assert found[entity(curated, "RIPESS Europe")] >= 5
    assert min(found.values()) >= 2


def test_resources_by_axis_keep_only_the_axis_asked(curated):
    axis2 = select(curated, "resources-by-axis", axis=2)
    assert {r["axis"] for r in axis2} == {"2"}
    produced = {(r["resource"], r["producer"]) for r in axis2}
    # 003: "Le MES Occitanie a développé l’outil EVALUMIP"; "Opale a développé l’outil ESS'perluette"
    assert (entity(curated, "EVALUMIP"), entity(curated, "MES Occitanie")) in produced
    assert (entity(curated, "ESS'perluette"), entity(curated, "Opale")) in produced
    everything = select(curated, "resources-by-axis")
    assert len(everything) > len(axis2)


def test_projects_and_partners(curated):
    found = {(r["project"], r["partner"]) for r in select(curated, "projects-and-partners")}
    # 003: "Dans le cadre d’un partenariat avec Les Champs des Possibles, Terre de Liens Ile de France et GAB d’Ile de
    #   France"
    assert (entity(curated, "Devenir paysan"), entity(curated, "Terre de Liens Ile de France")) in found


def test_funders(curated):
    found = {(r["funder"], r["funded"], r["source"].rsplit("/", 1)[1]) for r in select(curated, "funders")}
    fph, seminar = entity(curated, "Fondation pour le Progrès de l’Homme"), ID + "seminar-2019"
    assert {(fph, seminar, s) for s in ("source-000", "source-001", "source-003")} <= found
    # 002: "Financing was acquired in 2020, from the FPH and the Fondation du Crédit Coopératif"
    assert {(f, s) for f, _, s in found if s == "source-002"} == {
        (fph, "source-002"),
        (entity(curated, "Fondation du Crédit Coopératif"), "source-002"),
    }


def test_mediator_scores_are_queryable_in_sparql(curated):
    from ses_graph.analysis import graphs, mediators

    found = select(curated, "mediators")
    organisations = [r for r in found if r["kind"] == "organisation"]
    expected = mediators.ranking(graphs.network(curated), "organisation")
    assert [(r["entity"], int(r["rank"])) for r in organisations] == [(e["entity"], e["rank"]) for e in expected]
    assert [(int(r["rankBest"]), int(r["rankWorst"])) for r in organisations] == [
        (e["rank_range"]["best"], e["rank_range"]["worst"]) for e in expected]
    assert [int(r["evidence"]) for r in organisations] == [len(e["evidence"]) for e in expected]
    assert any(r["kind"] == "person" for r in found)
    assert all(r["explanationFr"] and r["explanationEn"] and r["explanationFr"] != r["explanationEn"] for r in found)
