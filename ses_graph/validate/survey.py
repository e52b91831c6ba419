"""The survey of a graph, read in one pass over its triples (the indexes that validation asks of it:
:mod:`ses_graph.validate.graph`).

A :class:`Survey` keeps the (subject, value) pairs of each property, rdf:type included, and the files
it read (so that a problem can be located in them afterwards, :mod:`ses_graph.validate.locate`).

The survey makes no Python object per triple: each distinct term is kept once (the parser gives a new
object for each occurrence; the survey keeps the first and drops the others), and the pairs of a
property are two lists of references to those terms (:class:`Pairs`), not a tuple per triple. The
node types are shared sets too, one per combination of classes. At 10k organisations that is a
third of the memory of a list of tuples of parsed terms (``bench/README.md``). The build's survey
also keeps no literal that validation does not need afterwards (:meth:`Survey.test_literals`): the
shapes' value tests run on each literal as it is read, and the pairs keep :data:`TESTED` in its place
(the quotes and descriptions: a third of the distinct terms of the generated ecosystems, and the longest).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import terms
from ..ontology import RDF_TYPE, compact
from ..search import LABEL_PROPERTIES
from ..search_index import own_labels

SH, RDF, RDFS, OWL, SKOS = terms.SH, terms.RDF, terms.RDFS, terms.OWL, terms.SKOS
PROPERTY_KINDS = {terms.owl_ObjectProperty, terms.owl_DatatypeProperty, terms.owl_AnnotationProperty}
#: The classes of the language the ontology is written in: a node typed with one is a term of the ontology.
ONTOLOGY_KINDS = frozenset(PROPERTY_KINDS | {terms.owl_Class, terms.owl_Ontology, terms.owl_NamedIndividual})
#: The namespaces of that language: their properties (rdfs:subClassOf, rdfs:range, owl:versionInfo...) describe
#: the ontology's terms without being declared by it.
LANGUAGE_NAMESPACES = (RDF, RDFS, OWL)
#: The RDF files a survey reads, by suffix.
RDF_SUFFIXES = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
#: The properties whose literals need a label and a definition in French and in English, on the ontology's terms.
BILINGUAL = (terms.rdfs_label, terms.skos_definition)
EMPTY: frozenset = frozenset()


class _Tested:
    """What the pairs keep of a literal whose value tests ran as it was read and that validation needs no more."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "TESTED"


#: A literal tested as it was read (:meth:`Survey.test_literals`): a value that is neither an IRI nor a blank node,
#: equal to nothing else, whose failures the survey keeps.
TESTED = _Tested()


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
    ``literal_failures``: None, or once :meth:`test_literals` is called, the (subject, literal) pairs that break each
    value test, by the test's key; ``datatypes``: then, the datatype of every literal read.
    """

    def __init__(self) -> None:
        self.pairs: dict[ox.NamedNode, Pairs] = defaultdict(Pairs)
        self.shapes = ox.Store()
        self.files: list[tuple[Path, ox.RdfFormat]] = []
        self.literal_failures: dict[tuple, list[tuple]] | None = None
        self.datatypes: set[ox.NamedNode] = set()
        self._terms: dict = {}  # each distinct term once, itself as its value
        self._tests: Mapping[ox.NamedNode, tuple] = {}
        self._kept: frozenset = EMPTY
        self._counted: frozenset = EMPTY

    def test_literals(self, tests: Mapping[ox.NamedNode, tuple], counted: AbstractSet[ox.NamedNode]) -> None:
        """From now on, run on each literal as it is read the ``tests`` of its property (``((key, test), ...)``, a test
        true of a value that passes it), keep its failures in ``literal_failures``, and keep :data:`TESTED` in its
        place in the pairs, unless validation or the search keys ask for its value afterwards: the literals of
        rdf:type (the unknown-class check), of the labels (the search keys, the bilingual check), of skos:definition
        and of the ``counted`` properties (sh:maxCount tells their values apart). Called before any data is read."""
        if self.pairs:
            raise ValueError("the literals' tests are set before any triple is read")
        self.literal_failures = defaultdict(list)
        self._tests, self._counted = tests, frozenset(counted)
        self._kept = frozenset({RDF_TYPE, *LABEL_PROPERTIES, *BILINGUAL, *counted})

    def read(self, path: Path, fmt: ox.RdfFormat, *, shapes: bool = False) -> None:
        """Add the triples of one file; raises SyntaxError with the line and column.

        Parsed leniently, which skips only the validation of IRIs: the ``invalid-iri`` check does
        it once for each distinct IRI instead of once for each of its occurrences.
        """
        self.files.append((Path(path), fmt))
        if shapes:
            self.shapes.load(path=str(path), format=fmt, to_graph=terms.SHAPES_GRAPH)
            return
        pairs, shared, failures, add_datatype = self.pairs, self._terms.setdefault, self.literal_failures, \
            self.datatypes.add
        adders: dict = {}  # the two list appends of each property, its tests and whether its literals are kept
        for s, p, o, _ in ox.parse(path=str(path), format=fmt, lenient=True):
            try:
                add_subject, add_value, tests, keep = adders[p]
            except KeyError:
                found = pairs[shared(p, p)]
                add_subject, add_value, tests, keep = adders[p] = (
                    found.subjects.append, found.values.append, self._tests.get(p, ()), p in self._kept)
            s = shared(s, s)
            add_subject(s)
            if failures is None or type(o) is not ox.Literal:
                add_value(shared(o, o))
                continue
            add_datatype(o.datatype)
            for key, passes in tests:
                if not passes(o):
                    failures[key].append((s, o))
            add_value(shared(o, o) if keep else TESTED)

    def done_reading(self) -> None:
        """Forget the table of distinct terms, which only reading needs (the pairs keep their terms)."""
        self._terms = {}

    def labels(self) -> Iterator[tuple[ox.NamedNode, ox.Literal]]:
        """(entity, label) for every main, preferred or alternative label of the graph's own entities."""
        return own_labels(pair for predicate in LABEL_PROPERTIES for pair in self.pairs.get(predicate, ()))

    def forget_labels(self) -> None:
        """Once the search keys are made of the :meth:`labels`: keep of their literals only those that validation asks
        for, in a survey that tested its literals as it read them (:meth:`test_literals`): those with a language tag
        of the bilingual properties, and those of counted properties; the others become :data:`TESTED`."""
        if self.literal_failures is None:
            return
        for predicate in LABEL_PROPERTIES:
            if predicate in self.pairs and predicate not in self._counted:
                tagged = predicate in BILINGUAL
                values = self.pairs[predicate].values
                values[:] = [o if type(o) is not ox.Literal or (tagged and o.language) else TESTED for o in values]


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
