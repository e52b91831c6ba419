"""description: the dataset describes itself (VoID + DCAT in the store's description graph, and in the dumps)."""

from __future__ import annotations

import io

import pyoxigraph as ox

from ses_graph import description, export, queries, stats, terms
from ses_graph.ontology import RDF_TYPE

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"


def _values(store: ox.Store, subject: ox.NamedNode, predicate: str) -> list:
    return [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None, terms.DESCRIPTION_GRAPH)]


def test_title_and_description_in_french_and_english_licence_and_publisher(curated):
    ds = description.dataset_iri()
    for predicate in ("title", "description"):
        assert {v.language for v in _values(curated, ds, DCTERMS + predicate)} == {"fr", "en"}
    assert _values(curated, ds, DCTERMS + "license") == [ox.NamedNode("https://creativecommons.org/licenses/by/4.0/")]
    assert len(_values(curated, ds, DCTERMS + "publisher")) == 1


def test_counts_are_the_stores_without_the_description_itself(curated):
    ds = description.dataset_iri()
    described = sum(1 for _ in curated.quads_for_pattern(None, None, None, terms.DESCRIPTION_GRAPH))
    assert int(_values(curated, ds, VOID + "triples")[0].value) == len(curated) - described
    subsets = {g: int(_values(curated, g, VOID + "triples")[0].value) for g in _values(curated, ds, VOID + "subset")}
    assert subsets == {g: sum(1 for _ in curated.quads_for_pattern(None, None, None, g))
                       for g in (terms.MEDIATORS_GRAPH, terms.SEARCH_GRAPH, terms.SHAPES_GRAPH)}
    partitions = {str(_values(curated, p, VOID + "class")[0]): int(_values(curated, p, VOID + "entities")[0].value)
                  for p in _values(curated, ds, VOID + "classPartition")}
    assert partitions["<https://w3id.org/ses-graph/ontology#Action>"] == stats.stats(curated)["classes"]["ses:Action"]
    assert int(_values(curated, ds, VOID + "entities")[0].value) > 500


def test_sources_dumps_endpoint_and_named_queries_are_listed(curated):
    ds = description.dataset_iri()
    sources = {q.subject for q in curated.quads_for_pattern(None, RDF_TYPE, terms.SourceDocument, ox.DefaultGraph())}
    assert set(_values(curated, ds, DCTERMS + "source")) == sources and len(sources) == 5
    dumps = _values(curated, ds, DCAT + "distribution")
    assert {d.value.rsplit("/", 1)[-1] for d in dumps} == set(export.DUMPS)
    media_types = {_values(curated, d, DCAT + "mediaType")[0].value for d in dumps}
    assert {m.rsplit("/", 2)[-2] for m in media_types} == {"application", "text"}
    assert _values(curated, ds, VOID + "sparqlEndpoint") == [ox.NamedNode(terms.BASE + "sparql")]
    services = {q.subject.value for q in curated.quads_for_pattern(None, ox.NamedNode(DCAT + "servesDataset"), ds,
                                                                   terms.DESCRIPTION_GRAPH)}
    assert {terms.BASE + "queries/" + name for name in queries.catalogue()} | {terms.BASE + "sparql"} == services


def test_every_dump_holds_the_description(curated):
    for name in export.DUMPS:
        out = io.BytesIO()
        export.dump(curated, name, out)
        assert description.dataset_iri().value.encode() in out.getvalue(), name
