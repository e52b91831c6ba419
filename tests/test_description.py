"""description: the dataset describes itself (VoID + DCAT in the store's description graph, and in the dumps)."""

from __future__ import annotations

import gc
import io
import shutil

import pyoxigraph as ox

from ses_graph import build, description, export, queries, stats, terms, writes
from ses_graph import store as stores
from ses_graph.journal import Agent
from ses_graph.ontology import RDF_TYPE
from ses_graph.resources import project_dir


def _values(store: ox.Store, subject: ox.NamedNode, predicate: ox.NamedNode) -> list:
    return [q.object for q in store.quads_for_pattern(subject, predicate, None, terms.DESCRIPTION_GRAPH)]


def test_title_and_description_in_french_and_english_licence_and_publisher(curated):
    ds = description.dataset_iri()
    for predicate in (terms.dcterms_title, terms.dcterms_description):
        assert {v.language for v in _values(curated, ds, predicate)} == {"fr", "en"}
    assert _values(curated, ds, terms.dcterms_license) == [ox.NamedNode("https://creativecommons.org/licenses/by/4.0/")]
    assert len(_values(curated, ds, terms.dcterms_publisher)) == 1


def test_counts_are_the_stores_without_the_description_itself(curated):
    ds = description.dataset_iri()
    described = sum(1 for _ in curated.quads_for_pattern(None, None, None, terms.DESCRIPTION_GRAPH))
    assert int(_values(curated, ds, terms.void_triples)[0].value) == len(curated) - described
    subsets = {g: int(_values(curated, g, terms.void_triples)[0].value)
               for g in _values(curated, ds, terms.void_subset)}
    assert subsets == {g: sum(1 for _ in curated.quads_for_pattern(None, None, None, g))
                       for g in (terms.MEDIATORS_GRAPH, terms.SEARCH_GRAPH, terms.SHAPES_GRAPH)}
    partitions = {str(_values(curated, p, terms.void_class)[0]):
                  int(_values(curated, p, terms.void_entities)[0].value)
                  for p in _values(curated, ds, terms.void_classPartition)}
    assert partitions["<https://w3id.org/ses-graph/ontology#Action>"] == stats.stats(curated)["classes"]["ses:Action"]
    assert int(_values(curated, ds, terms.void_entities)[0].value) > 500


def test_sources_dumps_endpoint_and_named_queries_are_listed(curated):
    ds = description.dataset_iri()
    sources = {q.subject for q in curated.quads_for_pattern(None, RDF_TYPE, terms.SourceDocument, ox.DefaultGraph())}
    assert set(_values(curated, ds, terms.dcterms_source)) == sources and len(sources) == 5
    dumps = _values(curated, ds, terms.dcat_distribution)
    assert {d.value.rsplit("/", 1)[-1] for d in dumps} == set(export.DUMPS)
    media_types = {_values(curated, d, terms.dcat_mediaType)[0].value for d in dumps}
    assert {m.rsplit("/", 2)[-2] for m in media_types} == {"application", "text"}
    assert _values(curated, ds, terms.void_sparqlEndpoint) == [ox.NamedNode(terms.BASE + "sparql")]
    services = {q.subject.value for q in curated.quads_for_pattern(None, terms.dcat_servesDataset, ds,
                                                                   terms.DESCRIPTION_GRAPH)}
    assert {terms.BASE + "queries/" + name for name in queries.catalogue()} | {terms.BASE + "sparql"} == services


def test_every_dump_holds_the_description(curated):
    for name in export.DUMPS:
        out = io.BytesIO()
        export.dump(curated, name, out)
        assert description.dataset_iri().value.encode() in out.getvalue(), name


def test_a_build_that_replays_writes_counts_the_entities_they_add(tmp_path):
    """The build counts the loaded entities beside the survey; the journal's writes come after: counted again."""
    data, path = tmp_path / "data", tmp_path / "store"
    shutil.copytree(project_dir("data"), data)
    build.build(path, data_dir=data)
    store = stores.open_store(path, read_only=False)
    update = ("PREFIX id: <https://w3id.org/ses-graph/id/> PREFIX ses: <https://w3id.org/ses-graph/ontology#> "
              "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX prov: <http://www.w3.org/ns/prov#> "
              'INSERT DATA { id:test-description-anne a ses:Person ; rdfs:label "Anne Essai" ; '
              "prov:wasDerivedFrom id:source-003 . }")
    before = stats.entities(store)
    writes.commit(store, path, writes.of_update(store, update), Agent("Marie Essai", "curator"), writes.Rules(store))
    store.flush()
    del store
    gc.collect()  # the generation's lock goes with the last reference
    assert build.build(path, data_dir=data).replayed == 1
    rebuilt = stores.open_store(path)
    ds = description.dataset_iri()
    partitions = {str(_values(rebuilt, p, terms.void_class)[0]): int(_values(rebuilt, p, terms.void_entities)[0].value)
                  for p in _values(rebuilt, ds, terms.void_classPartition)}
    assert int(_values(rebuilt, ds, terms.void_entities)[0].value) == before[0] + 1 == stats.entities(rebuilt)[0]
    assert partitions[f"<{terms.Person.value}>"] == before[1]["ses:Person"] + 1
