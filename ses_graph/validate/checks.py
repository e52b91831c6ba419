"""Graph-wide checks, on every subject of the default graph: types, classes, properties, references, IRIs, labels.

Each check is a function of the surveyed graph giving ``(focus, value, triple)``: the node at fault, the
value shown, and the triple that holds the fault (None in a place where any will do), by which the
problem is located. The data is described in the ontology's terms (its classes, its declared properties);
the terms of the ontology are described in the language of OWL (rdfs:subClassOf, rdfs:range...). The
checks against the ontology (``ONTOLOGY_CHECKS``) apply to a graph that holds one, as every graph the build
makes does; a store without one (an empty store written over the SPARQL protocols) has no vocabulary to
hold its triples to, as it has no shapes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

import pyoxigraph as ox

from .. import terms
from ..ontology import RDF_TYPE
from .graph import Graph
from .survey import (
    BILINGUAL,
    EMPTY,
    LANGUAGE_NAMESPACES,
    ONTOLOGY_KINDS,
    PROPERTY_KINDS,
    Violation,
    display,
    short,
)

OWL_CLASS = terms.owl_Class


def _invalid_iris(graph: Graph) -> Iterator[tuple]:
    """IRIs that break RFC 3987 (a space, a relative IRI...): the lenient parsers leave this check to us."""
    untyped = graph.untyped_values
    datatypes = {o.datatype for o in untyped if type(o) is ox.Literal} | graph.literal_datatypes
    # every node: the typed ones, then the others (described, or used, without a type), read in place
    for nodes in (graph.types.keys(), graph.untyped_subjects, untyped, graph.pairs.keys(), datatypes):
        for node in nodes:
            if type(node) is ox.NamedNode:
                try:
                    ox.NamedNode(node.value)
                except ValueError as error:
                    yield node, str(error), (node, None, None)


def _dangling_references(graph: Graph) -> Iterator[tuple]:
    """IRIs of the graph's namespace used as values but described nowhere (no rdf:type): a misspelt identifier."""
    dangling = {o for o in graph.untyped_values if type(o) is ox.NamedNode and o.value.startswith(terms.BASE)}
    if dangling:
        yield from ((s, o, (s, p, o)) for p, pairs in graph.pairs.items() for s, o in pairs if o in dangling)
        yield from ((s, cls, (s, RDF_TYPE, cls)) for s, classes in graph.types.items() for cls in classes
                    if cls in dangling)


def _untyped_entities(graph: Graph) -> Iterator[tuple]:
    """Subjects that are described but have no rdf:type: every subject, whatever its namespace."""
    return ((s, None, (s, None, None)) for s in graph.untyped_subjects)


def _unknown_classes(graph: Graph) -> Iterator[tuple]:
    """Nodes typed with a class that is neither an owl:Class of the ontology nor a class of its language."""
    unknown = {cls for cls in set().union(*set(graph.types.values()))  # shared: few distinct sets
               if OWL_CLASS not in graph.types.get(cls, EMPTY) and cls not in ONTOLOGY_KINDS}
    if unknown:
        yield from ((s, cls, (s, RDF_TYPE, cls)) for s, classes in graph.types.items()
                    if not classes.isdisjoint(unknown) for cls in classes & unknown)


def _unknown_properties(graph: Graph) -> Iterator[tuple]:
    """Properties that the ontology declares neither as its own nor as reused terms, once each, at a subject that
    uses it; a property of the language of OWL may describe a term of the ontology."""
    for predicate, pairs in graph.pairs.items():
        if graph.types.get(predicate, EMPTY).isdisjoint(PROPERTY_KINDS):
            exempt = graph.ontology_terms if predicate.value.startswith(LANGUAGE_NAMESPACES) else EMPTY
            users = [s for s, _ in pairs if s not in exempt]
            if users:
                user = min(users, key=lambda s: s.value)
                yield user, predicate, (user, predicate, None)


def _terms_without_bilingual_labels(graph: Graph) -> Iterator[tuple]:
    """Terms of the ontology and concepts of its schemes need rdfs:label and skos:definition in French and in
    English."""
    own = {terms.skos_Concept, terms.skos_ConceptScheme}
    wanted = BILINGUAL
    candidates = set(graph.ontology_terms)
    candidates.update(node for kind in own for node in graph.by_type.get(kind, ())
                      if type(node) is ox.NamedNode and node.value.startswith(terms.BASE))
    languages = defaultdict(set)
    for predicate in wanted:
        for s, o in graph.pairs.get(predicate, ()):
            if s in candidates and type(o) is ox.Literal and o.language:
                languages[s, predicate].add(o.language.lower())
    for node in candidates:
        for predicate in wanted:
            for lang in ("fr", "en"):
                if not any(tag == lang or tag.startswith(lang + "-") for tag in languages[node, predicate]):
                    yield node, f"{short(predicate.value)}@{lang}", (node, None, None)


CHECKS: list[tuple[str, str, Callable[[Graph], Iterator[tuple]]]] = [
    ("dangling-reference", "refers to an entity that is defined nowhere (no rdf:type)", _dangling_references),
    ("invalid-iri", "is not a valid IRI", _invalid_iris),
    ("term-without-bilingual-label", "ontology term or concept lacks a label or a definition in French or in English",
     _terms_without_bilingual_labels),
    ("unknown-class", "typed with a class that the ontology does not declare", _unknown_classes),
    ("unknown-property", "uses a property that the ontology does not declare", _unknown_properties),
    ("untyped-entity", "is described but has no rdf:type", _untyped_entities),
]


#: The checks that hold the data to the ontology's vocabulary.
ONTOLOGY_CHECKS = frozenset({"unknown-class", "unknown-property", "untyped-entity"})


def run_checks(graph: Graph, has_ontology: bool | None = None) -> list[Violation]:
    """The violations of the graph-wide checks; those of ``ONTOLOGY_CHECKS`` only if the graph holds an ontology
    (``has_ontology``: whether it does, when the survey holds only part of it, as a write's does)."""
    with_ontology = graph.has_ontology if has_ontology is None else has_ontology
    found: dict[Violation, None] = {}
    for name, message, check in CHECKS:
        if name in ONTOLOGY_CHECKS and not with_ontology:
            continue
        for focus, value, triple in check(graph):
            found.setdefault(Violation(focus.value, name, display(value), message, triple))
    return list(found)
