"""The dataset describes itself: VoID and DCAT for the dataset, SPARQL 1.1 Service Description for its endpoint.

What is said (titles and descriptions in French and English, licence, publisher, routes) is declared
in ``ontology/dataset.yaml``; the counts come from the store. The build writes
:func:`dataset_quads` into the named graph ``terms.DESCRIPTION_GRAPH`` once the rest is loaded, so
``/.well-known/void``, SPARQL and the dumps all read the same description;
:func:`service_triples` is written for each ``GET /sparql`` without a query, with the endpoint's own URL.
"""

from __future__ import annotations

from functools import cache
from typing import cast

import pyoxigraph as ox
import yaml

from . import stats, terms
from .export import DUMPS
from .ontology import RDF_TYPE, prefixes
from .queries import catalogue
from .resources import internal_template, project_dir

DESCRIPTION_FILE = "dataset.yaml"


@cache
def declared() -> dict:
    """The declaration of ``ontology/dataset.yaml``."""
    return yaml.safe_load((project_dir("ontology") / DESCRIPTION_FILE).read_text(encoding="utf-8"))


def term(name: str) -> ox.NamedNode:
    """The IRI of a prefixed name (``void:triples``), or of an absolute IRI as it is."""
    prefix, _, local = name.partition(":")
    namespaces = prefixes()
    return ox.NamedNode(namespaces[prefix] + local if prefix in namespaces else name)


def published(path: str) -> ox.NamedNode:
    """The IRI where the route ``path`` is published: under the project's base."""
    return ox.NamedNode(terms.BASE + path)


def dataset_iri() -> ox.NamedNode:
    return published(declared()["dataset"])


def _count(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=terms.xsd_integer)


def _texts(subject: ox.NamedNode, predicate: str, texts: dict[str, str]) -> list[ox.Triple]:
    return [ox.Triple(subject, term(predicate), ox.Literal(text, language=lang))
            for lang, text in sorted(texts.items())]


def dataset_triples(store: ox.Store) -> list[ox.Triple]:
    """VoID + DCAT description of the store's dataset, with its counts (the description itself not counted)."""
    d, ds = declared(), dataset_iri()
    catalog, endpoint = published(d["catalog"]), published(d["endpoint"])
    publisher = published(d["publisher"]["iri"])
    triples = [ox.Triple(ds, RDF_TYPE, term("void:Dataset")), ox.Triple(ds, RDF_TYPE, term("dcat:Dataset"))]
    triples += _texts(ds, "dcterms:title", d["title"]) + _texts(ds, "dcterms:description", d["description"])
    triples += [ox.Triple(ds, term("dcterms:license"), term(d["licence"])),
                ox.Triple(ds, term("dcterms:publisher"), publisher),
                ox.Triple(publisher, RDF_TYPE, term("foaf:Organization")),
                ox.Triple(publisher, term("foaf:name"), ox.Literal(d["publisher"]["name"])),
                ox.Triple(ds, term("void:uriSpace"), ox.Literal(terms.BASE + d["uri_space"])),
                ox.Triple(ds, term("void:vocabulary"), terms.ONTOLOGY),
                ox.Triple(ds, term("void:sparqlEndpoint"), endpoint)]
    named = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g != terms.DESCRIPTION_GRAPH),
                   key=lambda g: g.value)  # the build and the writes name their graphs with IRIs
    rows = list(cast(ox.QuerySolutions, store.query(internal_template("description-counts").text({"graph": named}))))
    graphs = {r["graph"]: int(r["count"].value) for r in rows if r["measure"].value == "graph"}
    total = len(store) - sum(1 for _ in store.quads_for_pattern(None, None, None, terms.DESCRIPTION_GRAPH))
    everyone, classes = stats.entities(store)
    triples += [ox.Triple(ds, term("void:triples"), _count(total)),
                ox.Triple(ds, term("void:entities"), _count(everyone))]
    triples += [ox.Triple(ds, term("dcterms:source"), r["source"]) for r in rows if r["measure"].value == "source"]
    for graph, count in sorted(graphs.items(), key=lambda item: item[0].value):
        triples += [ox.Triple(ds, term("void:subset"), graph), ox.Triple(graph, RDF_TYPE, term("void:Dataset")),
                    ox.Triple(graph, term("void:triples"), _count(count))]
    for name, count in classes.items():
        partition = ox.NamedNode(f"{ds.value}/class/{name.replace(':', '-')}")
        triples += [ox.Triple(ds, term("void:classPartition"), partition),
                    ox.Triple(partition, term("void:class"), term(name)),
                    ox.Triple(partition, term("void:entities"), _count(count))]
    for name, route in d["dumps"].items():
        dump = published(route)
        media = DUMPS[name].media_type
        triples += [ox.Triple(ds, term("void:dataDump"), dump), ox.Triple(ds, term("dcat:distribution"), dump),
                    ox.Triple(dump, RDF_TYPE, term("dcat:Distribution")),
                    ox.Triple(dump, term("dcat:downloadURL"), dump),
                    ox.Triple(dump, term("dcat:mediaType"), term(d["media_types"] + media)),
                    ox.Triple(dump, term("dcterms:title"), ox.Literal(DUMPS[name].filename))]
    triples += [ox.Triple(catalog, RDF_TYPE, term("dcat:Catalog")), ox.Triple(catalog, term("dcat:dataset"), ds)]
    triples += _texts(catalog, "dcterms:title", d["title"])
    services: list[tuple[ox.NamedNode, dict[str, str], dict[str, str] | None]]
    services = [(endpoint, {"fr": "Point d'accès SPARQL 1.1", "en": "SPARQL 1.1 endpoint"}, None)]
    services += [(published(d["named_queries"] + q.name), q.title, q.description) for q in catalogue().values()]
    for service, title, description in services:
        triples += [ox.Triple(catalog, term("dcat:service"), service),
                    ox.Triple(service, RDF_TYPE, term("dcat:DataService")),
                    ox.Triple(service, term("dcat:endpointURL"), service),
                    ox.Triple(service, term("dcat:servesDataset"), ds)]
        triples += _texts(service, "dcterms:title", title) + _texts(service, "dcterms:description", description or {})
    return sorted(set(triples), key=str)


def dataset_quads(store: ox.Store) -> list[ox.Quad]:
    """:func:`dataset_triples` in the description graph (what the build writes)."""
    return [ox.Quad(t.subject, t.predicate, t.object, terms.DESCRIPTION_GRAPH) for t in dataset_triples(store)]


def service_triples(store: ox.Store, endpoint: str, *, writable: bool) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of the endpoint at ``endpoint`` serving ``store``."""
    d = declared()["service"]
    service, dataset = ox.BlankNode("service"), dataset_iri()
    default = ox.BlankNode("default")
    languages = d["languages"] + ([d["update_language"]] if writable else [])
    triples = [ox.Triple(service, RDF_TYPE, term("sd:Service")),
               ox.Triple(service, term("sd:endpoint"), ox.NamedNode(endpoint)),
               ox.Triple(service, term("sd:defaultEntailmentRegime"), term(d["entailment"])),
               ox.Triple(service, term("sd:defaultDataset"), dataset),
               ox.Triple(dataset, RDF_TYPE, term("sd:Dataset")),
               ox.Triple(dataset, term("sd:defaultGraph"), default),
               ox.Triple(default, RDF_TYPE, term("sd:Graph"))]
    triples += [ox.Triple(service, term("sd:supportedLanguage"), term(name)) for name in languages]
    triples += [ox.Triple(service, term("sd:resultFormat"), term(name)) for name in d["result_formats"]]
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        named = ox.BlankNode(f"graph{len(triples)}")
        triples += [ox.Triple(dataset, term("sd:namedGraph"), named), ox.Triple(named, RDF_TYPE, term("sd:NamedGraph")),
                    ox.Triple(named, term("sd:name"), graph)]
    return triples
