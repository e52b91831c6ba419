"""The public view (ses_graph.public) on the real curated graph: who is left out, what is masked, what stays valid."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from mandates import leaks, people
from support import cli

from ses_graph import build, public, terms
from ses_graph import store as stores
from ses_graph.validate import validate

PEOPLE = people()


@pytest.fixture(scope="module")
def view_path(curated_store_path):
    return public.ensure(curated_store_path)


@pytest.fixture(scope="module")
def view(view_path):
    return stores.open_store(view_path)


def test_the_curated_graph_has_people_of_both_kinds():
    assert PEOPLE.co_presidents and set(PEOPLE.co_presidents) <= set(PEOPLE.kept)
    assert len(PEOPLE.hidden) > len(PEOPLE.kept)  # most people of the graph hold no public mandate


def test_the_people_left_out_are_those_without_a_mandate_role_of_the_scheme(curated):
    left_out = public.hidden(curated)
    assert {p.value for p in left_out.persons} == set(PEOPLE.hidden)
    assert set(left_out.names) == set().union(*PEOPLE.hidden.values())
    assert set(left_out.kept_names) == set().union(*PEOPLE.kept.values())


def test_no_statement_of_the_view_names_or_points_to_a_hidden_person(view):
    hidden = {ox.NamedNode(iri) for iri in PEOPLE.hidden}
    for quad in view:
        assert quad.subject not in hidden and quad.object not in hidden, quad
    kept = {ox.NamedNode(iri) for iri in PEOPLE.kept}
    assert kept <= {q.subject for q in view.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def test_the_facts_of_hidden_people_go_with_them_and_shared_facts_stay(curated, view):
    left_out = public.hidden(curated)
    facts = left_out.nodes - left_out.persons
    assert facts and not any(True for f in facts for _ in view.quads_for_pattern(f, None, None))
    # an action of the MES that also names three researchers stays, without them and with their names masked
    action = ox.NamedNode(terms.ID + "action-mes-contribution-utilite-sociale-003")
    actors = {q.object.value for q in view.quads_for_pattern(action, terms.actor, None)}
    assert actors == {terms.ID + "mes-france"}
    quote = next(view.quads_for_pattern(action, terms.quote, None)).object
    assert quote.value.startswith("Par l'intermédiaire des travaux de […], […], […] et bien d’autres")
    assert quote.language == "fr"


def test_iris_that_spell_a_hidden_name_are_renamed_the_same_way_each_time(curated, view):
    # entities kept whose IRI was minted from the name of a person without a mandate (id:rencontre-laville-msh)
    left_out = public.hidden(curated).nodes
    named = {q.subject for q in curated.quads_for_pattern(None, None, None, ox.DefaultGraph())
             if q.subject.value.startswith(terms.ID) and q.subject not in left_out
             and leaks(q.subject.value[len(terms.ID):], PEOPLE.hidden)}
    assert not any(True for iri in named for _ in view.quads_for_pattern(iri, None, None))
    renamed = {q.subject.value for q in view.quads_for_pattern(None, None, None, ox.DefaultGraph())
               if q.subject.value.startswith(terms.ID + "masked-")}
    assert len(renamed) == len(named)
    assert not renamed or leaks(" ".join(q.object.value for s in renamed
                                      for q in view.quads_for_pattern(ox.NamedNode(s), None, None)),
                             PEOPLE.hidden) == []
    again = ox.Store()
    public.derive(curated, again)
    assert renamed == {q.subject.value for q in again if q.subject.value.startswith(terms.ID + "masked-")}
    assert set(PEOPLE.kept) <= {q.subject.value for q in view}  # the IRIs of the people kept stay as they are


def test_the_view_passes_the_builds_validation(view, tmp_path):
    data = tmp_path / "view.nt"
    quads = view.quads_for_pattern(None, None, None, ox.DefaultGraph())
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    data.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    survey, problems = build.survey_files([data])
    survey.shapes.extend(view.quads_for_pattern(None, None, None, terms.SHAPES_GRAPH))
    assert problems == [] and validate(survey) == []


def test_the_rankings_and_search_keys_of_the_view_are_computed_on_it(curated, view):
    ranked = {q.subject.value for q in view.quads_for_pattern(None, terms.mediatorRank, None, terms.MEDIATORS_GRAPH)}
    assert ranked and ranked.isdisjoint(PEOPLE.hidden)
    assert set(PEOPLE.kept) & ranked
    full = {q.subject.value for q in curated.quads_for_pattern(None, terms.mediatorRank, None, terms.MEDIATORS_GRAPH)}
    assert set(PEOPLE.hidden) & full  # the full graph ranks them: the view did not copy its rankings
    keyed = {q.subject.value for q in view.quads_for_pattern(None, terms.searchKey, None, terms.SEARCH_GRAPH)}
    assert keyed and keyed.isdisjoint(PEOPLE.hidden)


def test_the_view_is_derived_again_only_when_the_store_changes(tmp_path):
    path = tmp_path / "store"
    build.build(path)
    first = stores.current_generation(public.ensure(path))
    assert stores.current_generation(public.ensure(path)) == first  # up to date: kept
    build.build(path)
    second = stores.current_generation(public.ensure(path))
    assert second != first and (public.view_path(path) / public.DERIVED_FROM).read_text().strip() == \
        stores.current_generation(path).name


def test_masks_every_spelling_and_nothing_else():
    masker = public.Masker(["Bérengère Delfairiere", "Bérangère DELFAIRIERE", "Jean-Baptiste Cazin"],
                           keep=["Jean-Baptiste Jobard", "Josette Cazin"])
    text = "Bérangère DELFAIRIERE (APES), bérengère delfairière, Jean Baptiste  CAZIN."
    assert masker.mask(text) == "[…] (APES), […], […]."
    assert masker.mask("Jean-Baptiste JOBARD et Cazinière") == "Jean-Baptiste JOBARD et Cazinière"
    assert masker.mask("M. Cazin, Mme DELFAIRIERE, Josette CAZIN") == "M. […], Mme […], Josette CAZIN"
    literal = masker.literal(ox.Literal("avec Jean-Baptiste Cazin", language="fr"))
    assert literal == ox.Literal("avec […]", language="fr")
    assert public.Masker([]).mask("Jean-Baptiste Cazin") == "Jean-Baptiste Cazin"


def test_cli_map_and_mediators_of_the_public_view(tmp_path):
    store = tmp_path / "store"
    built = cli("build", "--store", str(store))
    assert built.returncode == 0 and "public view" in built.stderr
    page = cli("map", "--public", "--store", str(store), "-o", str(tmp_path / "map.html"))
    assert page.returncode == 0, page.stderr
    text = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert leaks(text, PEOPLE.hidden) == []
    assert all(leaks(text, {iri: PEOPLE.kept[iri]}) for iri in PEOPLE.co_presidents)
    full = cli("map", "--store", str(store), "-o", str(tmp_path / "full.html"))
    assert full.returncode == 0 and leaks((tmp_path / "full.html").read_text(encoding="utf-8"), PEOPLE.hidden)
    ranked = cli("mediators", "--public", "--kind", "person", "--format", "json", "--store", str(store))
    assert ranked.returncode == 0, ranked.stderr
    entities = {entry["entity"] for entry in json.loads(ranked.stdout)}
    assert entities and entities <= set(PEOPLE.kept)


def test_exports_of_the_public_view_hold_no_hidden_person_and_count_the_view(tmp_path, view):
    store = tmp_path / "store"
    assert cli("build", "--store", str(store)).returncode == 0
    for fmt, name in (("nquads", "view.nq"), ("turtle", "view.ttl"), ("graphml", "view.graphml"), ("csv", "csv")):
        result = cli("export", "--public", "--format", fmt, "-o", str(tmp_path / name), "--store", str(store))
        assert result.returncode == 0, result.stderr
        written = [tmp_path / name / f for f in ("nodes.csv", "edges.csv")] if fmt == "csv" else [tmp_path / name]
        assert all(leaks(path.read_text(encoding="utf-8"), PEOPLE.hidden) == [] for path in written), fmt
    full_network = cli("export", "--format", "graphml", "-o", str(tmp_path / "full.graphml"), "--store", str(store))
    assert full_network.returncode == 0
    assert leaks((tmp_path / "full.graphml").read_text(encoding="utf-8"), PEOPLE.hidden)
    full = cli("export", "--format", "nquads", "-o", str(tmp_path / "full.nq"), "--store", str(store))
    assert full.returncode == 0 and leaks((tmp_path / "full.nq").read_text(encoding="utf-8"), PEOPLE.hidden)
    described = sum(1 for _ in view.quads_for_pattern(None, None, None, terms.DESCRIPTION_GRAPH))
    totals = {int(q.object.value) for q in view.quads_for_pattern(
        ox.NamedNode(terms.BASE + "dataset"), ox.NamedNode("http://rdfs.org/ns/void#triples"), None,
        terms.DESCRIPTION_GRAPH)}
    assert totals == {len(view) - described}  # the view's own count, not the full graph's
