"""The survey of a graph, read in one pass over its triples, and the indexes that validation asks of it.

A :class:`Survey` keeps the (subject, value) pairs of each property, rdf:type included, and the files
it read (so that a problem can be located in them afterwards, :mod:`ses_graph.validate.locate`);
:class:`Graph` indexes types and classes over it, each index computed once when first asked.

The survey makes no Python object per triple: each distinct term is kept once (the parser gives a new
object for each occurrence; the survey keeps the first and drops the others), and the pairs of a
property are two lists of references to those terms (:class:`Pairs`), not a tuple per triple. The
node types are shared sets too, one per combination of classes. At 10k organisations that is a
third of the memory of a list of tuples of parsed terms (``bench/README.md``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import pyoxigraph as ox

from .. import terms
from ..ontology import OWL_ONTOLOGY, RDF_TYPE, compact
from ..search import LABEL_PROPERTIES, own_labels

SH, RDF, RDFS, OWL, SKOS = terms.SH, terms.RDF, terms.RDFS, terms.OWL, terms.SKOS
PROPERTY_KINDS = {terms.owl_ObjectProperty, terms.owl_DatatypeProperty, terms.owl_AnnotationProperty}
#: The classes of the language the ontology is written in: a node typed with one is a term of the ontology.
ONTOLOGY_KINDS = frozenset(PROPERTY_KINDS | {terms.owl_Class, terms.owl_Ontology, terms.owl_NamedIndividual})
#: The namespaces of that language: their properties (rdfs:subClassOf, rdfs:range, owl:versionInfo...) describe
#: the ontology's terms without being declared by it.
LANGUAGE_NAMESPACES = (RDF, RDFS, OWL)
EMPTY: frozenset = frozenset()


@dataclass(frozen=True)
class Violation:
    """A node that breaks a constraint; ``triple``: the (subject, predicate, object) that does, None where any
    will do (the node's first statement for a value it lacks), which locates the problem in the files."""

    focus: str
    term: str
    value: str
    message: str
    triple: tuple = field(default=(None, None, None), compare=False, repr=False)
    #: The property the broken shape constraint is about (its IRI), when it is about one: what the contribution
    #: form shows the violation beside.
    path: str = field(default="", compare=False, repr=False)


class Pairs:
    """The (subject, value) pairs of one property: two lists, ``subjects`` and ``values``, the pair ``i`` being
    ``(subjects[i], values[i])``. Iterating gives the pairs as tuples, one at a time."""

    __slots__ = ("subjects", "values")

    def __init__(self) -> None:
        self.subjects: list = []
        self.values: list = []

    def append(self, pair: tuple) -> None:
        self.subjects.append(pair[0])
        self.values.append(pair[1])

    def __iter__(self) -> Iterator[tuple]:
        return zip(self.subjects, self.values, strict=True)

    def __len__(self) -> int:
        return len(self.subjects)


NO_PAIRS = Pairs()


class Survey:
    """What validation needs of a graph, read in one pass over its triples.

    ``pairs`` maps each property to the (subject, value) :class:`Pairs` of its triples. Files named
    ``shapes.ttl`` go to a small store of their own, the shapes graph. ``files``: each file read, with its format.
    """

    def __init__(self) -> None:
        self.pairs: dict[ox.NamedNode, Pairs] = defaultdict(Pairs)
        self.shapes = ox.Store()
        self.files: list[tuple[Path, ox.RdfFormat]] = []
        self._terms: dict = {}  # each distinct term once, itself as its value

    def read(self, path: Path, fmt: ox.RdfFormat, *, shapes: bool = False) -> None:
        """Add the triples of one file; raises SyntaxError with the line and column.

        Parsed leniently, which skips only the validation of IRIs: the ``invalid-iri`` check does
        it once for each distinct IRI instead of once for each of its occurrences.
        """
        self.files.append((Path(path), fmt))
        if shapes:
            self.shapes.load(path=str(path), format=fmt, to_graph=terms.SHAPES_GRAPH)
            return
        pairs, shared = self.pairs, self._terms.setdefault
        adders: dict = {}  # the two list appends of each property, looked up once per triple
        for s, p, o, _ in ox.parse(path=str(path), format=fmt, lenient=True):
            try:
                add_subject, add_value = adders[p]
            except KeyError:
                found = pairs[shared(p, p)]
                add_subject, add_value = adders[p] = found.subjects.append, found.values.append
            add_subject(shared(s, s))
            add_value(shared(o, o))

    def done_reading(self) -> None:
        """Forget the table of distinct terms, which only reading needs (the pairs keep their terms)."""
        self._terms = {}

    def labels(self) -> Iterator[tuple[ox.NamedNode, ox.Literal]]:
        """(entity, label) for every main, preferred or alternative label of the graph's own entities."""
        return own_labels(pair for predicate in LABEL_PROPERTIES for pair in self.pairs.get(predicate, ()))


class Graph:
    """Indexes over a survey: the types of each node; subclass closures, instances of a class, and the
    subjects, values, counts and failing values of a property, each computed once when first asked."""

    def __init__(self, survey: Survey):
        self.types: dict = {}  # node -> frozenset of its classes, one shared set per combination of classes
        combinations: dict = {}
        for s, o in survey.pairs.get(RDF_TYPE, NO_PAIRS):
            classes = self.types.get(s, EMPTY)
            if o not in classes:
                classes = classes | {o}
                self.types[s] = combinations.setdefault(classes, classes)
        self.pairs = {p: pairs for p, pairs in survey.pairs.items() if p != RDF_TYPE}
        self._parents: dict = defaultdict(set)
        for s, o in self.pairs.get(terms.rdfs_subClassOf, ()):
            self._parents[o].add(s)
        self.by_type: dict = defaultdict(list)
        for node, classes in self.types.items():
            for cls in classes:
                self.by_type[cls].append(node)
        self.subclasses = cache(self._subclasses)
        self.instances = cache(self._instances)
        self.subjects = cache(self._subjects)
        self.values = self._values  # not kept: a set of every value of a property, asked once or twice
        self.above = cache(self._above)
        self.memo: dict = {}  # answers that other modules compute once per graph (the failing values of a constraint)

    def _subclasses(self, cls: ox.NamedNode) -> frozenset:
        """``cls`` and all its subclasses (rdfs:subClassOf*)."""
        found, todo = {cls}, [cls]
        while todo:
            for child in self._parents.get(todo.pop(), ()):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return frozenset(found)

    def _instances(self, cls: ox.NamedNode) -> frozenset:
        return frozenset(node for sub in self.subclasses(cls) for node in self.by_type.get(sub, ()))

    def _subjects(self, path: ox.NamedNode) -> frozenset:
        return frozenset(self.pairs.get(path, NO_PAIRS).subjects)

    def _values(self, path: ox.NamedNode) -> frozenset:
        return frozenset(self.pairs.get(path, NO_PAIRS).values)

    def _above(self, path: ox.NamedNode, n: int) -> frozenset:
        """Subjects with more than ``n`` values of ``path``, a triple stated twice counting twice
        (see :meth:`distinct`)."""
        pairs = self.pairs.get(path, NO_PAIRS)
        if len(pairs) - len(self.subjects(path)) < n:  # nobody has more than n values: the common case
            return EMPTY
        return frozenset(s for s, c in Counter(pairs.subjects).items() if c > n)

    def distinct(self, path: ox.NamedNode, subjects: AbstractSet) -> Counter:
        """How many distinct values of ``path`` each of ``subjects`` has."""
        return Counter(s for s, _ in {pair for pair in self.pairs.get(path, ()) if pair[0] in subjects})

    @cached_property
    def used(self) -> frozenset:
        """Every node used as a value (rdf:type included)."""
        return frozenset().union(*set(self.types.values()), *(pairs.values for pairs in self.pairs.values()))

    @cached_property
    def described(self) -> frozenset:
        """Every node that is the subject of a triple other than rdf:type."""
        return frozenset().union(*(pairs.subjects for pairs in self.pairs.values()))

    @property
    def has_ontology(self) -> bool:
        """Whether the graph holds an ontology (a node typed owl:Ontology): what the data is checked against."""
        return bool(self.by_type.get(OWL_ONTOLOGY))

    @cached_property
    def ontology_terms(self) -> frozenset:
        """The terms of the ontology: the nodes typed with a class of its language (owl:Class,
        owl:ObjectProperty...)."""
        return frozenset(node for kind in ONTOLOGY_KINDS for node in self.by_type.get(kind, ()))


def short(iri: str) -> str:
    return "sh:" + iri[len(SH):] if iri.startswith(SH) else compact(iri)


def display(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | str | None) -> str:
    if term is None:
        return ""
    if isinstance(term, str):
        return term
    if isinstance(term, ox.NamedNode):
        return short(term.value)
    return str(term)
