"""The indexes that validation asks of a survey: the types of each node, the subclass closures, the instances of a
class, and the subjects, values, counts and failing values of a property, each computed when first asked."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from functools import cache, cached_property, lru_cache
from itertools import filterfalse

import pyoxigraph as ox

from .. import terms
from ..ontology import OWL_ONTOLOGY, RDF_TYPE
from .survey import EMPTY, NO_PAIRS, ONTOLOGY_KINDS, Survey


class Graph:
    """Indexes over a survey: the types of each node; subclass closures, instances of a class, and the
    subjects, values, counts and failing values of a property, each computed once when first asked.
    ``literal_failures`` and ``literal_datatypes``: the survey's, for the literals it tested as it read them."""

    def __init__(self, survey: Survey):
        self.types: dict = {}  # node -> frozenset of its classes, one shared set per combination of classes
        combinations: dict = {}
        for s, o in survey.pairs.get(RDF_TYPE, NO_PAIRS):
            classes = self.types.get(s, EMPTY)
            if o not in classes:
                classes = classes | {o}
                self.types[s] = combinations.setdefault(classes, classes)
        self.pairs = {p: pairs for p, pairs in survey.pairs.items() if p != RDF_TYPE}
        self.literal_failures = survey.literal_failures
        self.literal_datatypes = survey.datatypes
        self._parents: dict = defaultdict(set)
        for s, o in self.pairs.get(terms.rdfs_subClassOf, ()):
            self._parents[o].add(s)
        self.by_type: dict = defaultdict(list)
        for node, classes in self.types.items():
            for cls in classes:
                self.by_type[cls].append(node)
        self.subclasses = cache(self._subclasses)
        self.instances = cache(self._instances)
        self._subjects = lru_cache(maxsize=1)(self._subject_sets)  # one path's at a time: constraints go path by path
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

    def _instances(self, cls: ox.NamedNode) -> Instances:
        return Instances(self, self.subclasses(cls))

    def subjects(self, path: ox.NamedNode) -> AbstractSet:
        """The subjects of ``path``."""
        return self._subjects(path)[0]

    def _subject_sets(self, path: ox.NamedNode) -> tuple[set, set]:
        """The subjects of ``path``, and those of them with more than one value of it, in one pass."""
        seen: set = set()
        repeated: set = set()
        see, repeat = seen.add, repeated.add
        for s in self.pairs.get(path, NO_PAIRS).subjects:
            if s in seen:
                repeat(s)
            else:
                see(s)
        return seen, repeated

    def _values(self, path: ox.NamedNode) -> frozenset:
        return frozenset(self.pairs.get(path, NO_PAIRS).values)

    def _above(self, path: ox.NamedNode, n: int) -> frozenset:
        """Subjects with more than ``n`` values of ``path``, a triple stated twice counting twice
        (see :meth:`distinct`)."""
        pairs = self.pairs.get(path, NO_PAIRS)
        subjects, repeated = self._subjects(path)
        if len(pairs) - len(subjects) < n:  # nobody has more than n values: the common case
            return EMPTY
        return frozenset(s for s, c in Counter(s for s in pairs.subjects if s in repeated).items() if c > n)

    def distinct(self, path: ox.NamedNode, subjects: AbstractSet) -> Counter:
        """How many distinct values of ``path`` each of ``subjects`` has."""
        return Counter(s for s, _ in {pair for pair in self.pairs.get(path, ()) if pair[0] in subjects})

    @cached_property
    def untyped_subjects(self) -> set:
        """Every node without an rdf:type that is the subject of a triple."""
        found: set = set()
        for pairs in self.pairs.values():
            found.update(filterfalse(self.types.__contains__, pairs.subjects))
        return found

    @cached_property
    def untyped_values(self) -> set:
        """Every node without an rdf:type used as a value (rdf:type's included), every literal among them
        (``TESTED`` for those the survey did not keep)."""
        found = {cls for classes in set(self.types.values()) for cls in classes if cls not in self.types}
        for pairs in self.pairs.values():
            found.update(filterfalse(self.types.__contains__, pairs.values))
        return found

    @property
    def has_ontology(self) -> bool:
        """Whether the graph holds an ontology (a node typed owl:Ontology): what the data is checked against."""
        return bool(self.by_type.get(OWL_ONTOLOGY))

    @cached_property
    def ontology_terms(self) -> frozenset:
        """The terms of the ontology: the nodes typed with a class of its language (owl:Class,
        owl:ObjectProperty...)."""
        return frozenset(node for kind in ONTOLOGY_KINDS for node in self.by_type.get(kind, ()))


class Instances(AbstractSet):
    """The instances of some classes, read from the graph's types when asked rather than kept as a set (the instances
    of a few classes are most of the nodes of a large graph): each once, in the order of the classes' lists."""

    __slots__ = ("_types", "_classes", "_lists")

    def __init__(self, graph: Graph, classes: frozenset):
        self._types, self._classes = graph.types, classes
        self._lists = [(cls, graph.by_type[cls]) for cls in sorted(classes, key=str) if cls in graph.by_type]

    def __contains__(self, node: object) -> bool:
        return not self._types.get(node, EMPTY).isdisjoint(self._classes)

    def __iter__(self) -> Iterator:
        before: frozenset = EMPTY  # the classes already listed: a node typed with one of them was given
        for cls, nodes in self._lists:
            yield from (nodes if not before else (node for node in nodes if self._types[node].isdisjoint(before)))
            before = before | {cls}

    def __len__(self) -> int:
        return sum(1 for _ in self)
