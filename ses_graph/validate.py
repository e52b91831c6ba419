"""Validate a graph in one pass over its triples: SHACL shapes and graph-wide checks.

A :class:`Survey` reads every triple once and keeps what validation needs: the (subject, value)
pairs of each property, rdf:type included, from which :class:`Graph` indexes types and classes.
The build takes the survey on one core while pyoxigraph's bulk loader fills the store from the
same files on the other, so validating adds little to the time of loading (``bench/README.md``). The shapes of ``ontology/shapes.ttl``
and the checks below are then evaluated with sets and dictionaries, never by scanning the store
again. Only a subset of SHACL Core is understood (listed in shapes.ttl); any other SHACL term in
a shape is reported as an error instead of being silently ignored. ``tests/test_validate.py``
checks that the verdicts agree with pySHACL, the reference implementation, on the curated graph
and on broken examples.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from operator import itemgetter
from pathlib import Path

import pyoxigraph as ox

from . import terms
from .errors import Problem
from .ontology import RDF_TYPE, compact
from .resources import internal_query
from .search import LABEL_PROPERTIES, own_labels

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
IGNORED = {RDF + "type", SH + "message", SH + "name", SH + "description", RDFS + "comment"}
NODE_PARAMETERS = IGNORED | {SH + "targetClass", SH + "property"}
VALUE_PARAMETERS = {SH + "class", SH + "datatype", SH + "nodeKind", SH + "in", SH + "pattern", SH + "or"}
COUNT_PARAMETERS = {SH + "minCount", SH + "maxCount"}
PROPERTY_PARAMETERS = IGNORED | VALUE_PARAMETERS | COUNT_PARAMETERS | {SH + "path"}
NODE_KINDS: dict[str, tuple[type, ...]] = {
    SH + "IRI": (ox.NamedNode,), SH + "Literal": (ox.Literal,), SH + "BlankNode": (ox.BlankNode,),
    SH + "BlankNodeOrIRI": (ox.BlankNode, ox.NamedNode), SH + "IRIOrLiteral": (ox.NamedNode, ox.Literal),
    SH + "BlankNodeOrLiteral": (ox.BlankNode, ox.Literal),
}
PROPERTY_KINDS = {ox.NamedNode(OWL + k) for k in ("ObjectProperty", "DatatypeProperty", "AnnotationProperty")}
EMPTY: frozenset = frozenset()
FIRST, SECOND = itemgetter(0), itemgetter(1)


@dataclass(frozen=True)
class Violation:
    """A node that breaks a constraint."""

    focus: str
    term: str
    value: str
    message: str


class Survey:
    """What validation needs of a graph, read in one pass over its triples.

    ``pairs`` maps each property to the (subject, value) pairs of its triples. Files named
    ``shapes.ttl`` go to a small store of their own, the shapes graph.
    """

    def __init__(self) -> None:
        self.pairs: dict = defaultdict(list)
        self.shapes = ox.Store()

    def read(self, path: Path, fmt: ox.RdfFormat, *, shapes: bool = False) -> None:
        """Add the triples of one file; raises SyntaxError with the line and column.

        Parsed leniently, which skips only the validation of IRIs: the ``invalid-iri`` check does
        it once for each distinct IRI instead of once for each of its occurrences.
        """
        if shapes:
            self.shapes.load(path=str(path), format=fmt, to_graph=terms.SHAPES_GRAPH)
            return
        pairs = self.pairs
        for s, p, o, _ in ox.parse(path=str(path), format=fmt, lenient=True):
            pairs[p].append((s, o))

    def labels(self) -> Iterator[tuple[ox.NamedNode, ox.Literal]]:
        """(entity, label) for every main, preferred or alternative label of the graph's own entities."""
        return own_labels(pair for predicate in LABEL_PROPERTIES for pair in self.pairs.get(predicate, ()))


class Graph:
    """Indexes over a survey: the types of each node; subclass closures, instances of a class, and the
    subjects, values, counts and failing values of a property, each computed once when first asked."""

    def __init__(self, survey: Survey):
        self.types: dict = defaultdict(set)
        for s, o in survey.pairs.get(RDF_TYPE, ()):
            self.types[s].add(o)
        self.pairs = {p: pairs for p, pairs in survey.pairs.items() if p != RDF_TYPE}
        self._parents: dict = defaultdict(set)
        for s, o in self.pairs.get(ox.NamedNode(RDFS + "subClassOf"), ()):
            self._parents[o].add(s)
        self.by_type: dict = defaultdict(list)
        for node, classes in self.types.items():
            for cls in classes:
                self.by_type[cls].append(node)
        self.subclasses = cache(self._subclasses)
        self.instances = cache(self._instances)
        self.subjects = cache(self._subjects)
        self.values = cache(self._values)
        self.above = cache(self._above)
        self.failures = cache(self._failures)

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
        return frozenset(map(FIRST, self.pairs.get(path, ())))

    def _values(self, path: ox.NamedNode) -> frozenset:
        return frozenset(map(SECOND, self.pairs.get(path, ())))

    def _above(self, path: ox.NamedNode, n: int) -> frozenset:
        """Subjects with more than ``n`` values of ``path``, a triple stated twice counting twice (see :meth:`distinct`)."""
        pairs = self.pairs.get(path, ())
        if len(pairs) - len(self.subjects(path)) < n:  # nobody has more than n values: the common case
            return EMPTY
        return frozenset(s for s, c in Counter(map(FIRST, pairs)).items() if c > n)

    def distinct(self, path: ox.NamedNode, subjects: set) -> Counter:
        """How many distinct values of ``path`` each of ``subjects`` has."""
        return Counter(s for s, _ in {pair for pair in self.pairs.get(path, ()) if pair[0] in subjects})

    def _failures(self, path: ox.NamedNode, parameter: str, values: tuple, members: tuple) -> list[tuple]:
        """(subject, value) pairs of ``path`` whose value breaks a value constraint (shared shapes ask once)."""
        test = _value_test(parameter, values, members, self)
        bad = {v for v in self.values(path) if not test(v)}  # each distinct value tested once
        return [(s, o) for s, o in self.pairs[path] if o in bad] if bad else []

    @cached_property
    def used(self) -> frozenset:
        """Every node used as a value (rdf:type included)."""
        return frozenset().union(*self.types.values(), *map(self.values, self.pairs))

    @cached_property
    def described(self) -> frozenset:
        """Every node that is the subject of a triple other than rdf:type."""
        return frozenset().union(*map(self.subjects, self.pairs))


def _short(iri: str) -> str:
    return "sh:" + iri[len(SH):] if iri.startswith(SH) else compact(iri)


def _display(term) -> str:
    if term is None:
        return ""
    if isinstance(term, str):
        return term
    if isinstance(term, ox.NamedNode):
        return _short(term.value)
    return str(term)


@dataclass
class PropertyShape:
    node: str
    parameters: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    members: dict[str, list] = field(default_factory=lambda: defaultdict(list))


@dataclass(frozen=True)
class Constraint:
    """One SHACL constraint of a property shape, on the nodes of one targeted class.

    ``term`` names the target, the path and the parameter (``ses:Fact ses:quote sh:minCount 1``).
    """

    target: ox.NamedNode
    path: ox.NamedNode
    term: str
    message: str
    parameter: str
    values: tuple
    members: tuple = ()

    def violations(self, graph: Graph) -> Iterator[tuple]:
        """(focus, value) of each targeted node that breaks the constraint."""
        focus = graph.instances(self.target)
        if self.parameter == SH + "minCount":
            n = int(self.values[0].value)
            if n == 1:
                yield from ((node, None) for node in focus - graph.subjects(self.path))
            else:
                counts = graph.distinct(self.path, focus)
                yield from ((node, ox.Literal(counts[node])) for node in focus if counts[node] < n)
        elif self.parameter == SH + "maxCount":
            n = int(self.values[0].value)
            over = graph.above(self.path, n) & focus
            if over:
                yield from ((node, ox.Literal(c)) for node, c in graph.distinct(self.path, over).items() if c > n)
        else:
            yield from ((s, o) for s, o in graph.failures(self.path, self.parameter, self.values, self.members) if s in focus)


def _value_test(parameter: str, values: tuple, members: tuple, graph: Graph) -> Callable[[object], bool]:
    """A function true of a value that satisfies the constraint."""
    if parameter == SH + "class":
        instances = [graph.instances(cls) for cls in values]
        return lambda v: all(v in members for members in instances)
    if parameter == SH + "datatype":
        return lambda v: type(v) is ox.Literal and all(v.datatype == d for d in values)
    if parameter == SH + "nodeKind":
        kinds = [NODE_KINDS[k.value] for k in values]
        return lambda v: all(isinstance(v, kind) for kind in kinds)
    if parameter == SH + "pattern":
        patterns = [re.compile(p.value) for p in values]
        return lambda v: type(v) is not ox.BlankNode and all(p.search(v.value) for p in patterns)
    if parameter == SH + "in":
        allowed = frozenset(m for m, _ in members)
        return lambda v: v in allowed
    if parameter == SH + "or":
        alternatives = defaultdict(list)
        for member, (member_parameter, member_value) in members:
            alternatives[member].append(_value_test(member_parameter, (member_value,), (), graph))
        tests = list(alternatives.values())
        return lambda v: any(all(test(v) for test in alternative) for alternative in tests)
    raise AssertionError(parameter)


def _shown_values(parameter: str, values: list, members: list) -> str:
    """The constraint's values as a reader wants them: ``sh:or (sh:class ses:Person | sh:class ses:Organisation)``."""
    if parameter == SH + "in":
        return "(" + " ".join(sorted(_display(m) for m, _ in members)) + ")"
    if parameter == SH + "or":
        alternatives = defaultdict(list)
        for member, (member_parameter, member_value) in members:
            alternatives[member].append(f"{_short(member_parameter)} {_display(member_value)}")
        return "(" + " | ".join(sorted(" ".join(a) for a in alternatives.values())) + ")"
    return ", ".join(_display(v) for v in values)


def compile_shapes(shapes: ox.Store) -> tuple[list[Constraint], list[Violation]]:
    """The constraints of the shapes graph of ``shapes``; also violations for unsupported SHACL terms."""
    unsupported: list[Violation] = []
    targets: dict[str, set[str]] = defaultdict(set)
    found: dict[str, PropertyShape] = {}
    for row in shapes.query(internal_query("shape-constraints"), default_graph=terms.SHAPES_GRAPH):
        shape = row["shape"].value
        if row["shapeParameter"] is not None and row["shapeParameter"].value not in NODE_PARAMETERS:
            unsupported.append(Violation(shape, _short(row["shapeParameter"].value), "", "unsupported SHACL parameter on a node shape"))
        if row["property"] is None:
            continue
        key = str(row["property"]) + " " + shape
        if row["target"] is not None:
            targets[key].add(row["target"].value)
        prop = found.setdefault(key, PropertyShape(str(row["property"])))
        parameter = row["parameter"].value
        if parameter not in PROPERTY_PARAMETERS:
            unsupported.append(Violation(shape, _short(parameter), "", "unsupported SHACL parameter on a property shape"))
            continue
        if row["value"] not in prop.parameters[parameter]:
            prop.parameters[parameter].append(row["value"])
        if row["member"] is not None:
            entry = (row["member"], (row["memberParameter"].value, row["memberValue"]) if row["memberParameter"] is not None else None)
            if entry[1] is not None and entry[1][0] not in VALUE_PARAMETERS:
                continue
            if entry not in prop.members[parameter]:
                prop.members[parameter].append(entry)
    constraints = []
    for key, prop in sorted(found.items()):
        paths = prop.parameters.get(SH + "path", [])
        if len(paths) != 1 or not isinstance(paths[0], ox.NamedNode):
            unsupported.append(Violation(prop.node, "sh:path", "", "a property shape needs exactly one IRI path"))
            continue
        for target in sorted(targets[key]):
            constraints += _property_constraints(ox.NamedNode(target), paths[0], prop)
    return constraints, unsupported


def _property_constraints(target: ox.NamedNode, path: ox.NamedNode, prop: PropertyShape) -> list[Constraint]:
    messages = [m.value for m in prop.parameters.get(SH + "message", [])]
    prefix = f"{_short(target.value)} {_short(path.value)}"
    constraints = []
    for parameter in sorted((COUNT_PARAMETERS | VALUE_PARAMETERS) & set(prop.parameters)):
        values, members = prop.parameters[parameter], prop.members.get(parameter, [])
        if parameter == SH + "or":
            members = [m for m in members if m[1] is not None]
        if parameter in COUNT_PARAMETERS:
            n = int(values[0].value)
            term = f"{prefix} {_short(parameter)} {n}"
            default = (f"needs at least {n} value(s) of {_short(path.value)}" if parameter == SH + "minCount"
                       else f"has more than {n} value(s) of {_short(path.value)}")
        else:
            term = f"{prefix} {_short(parameter)}"
            default = f"value breaks {_short(parameter)} {_shown_values(parameter, values, members)}"
        constraints.append(Constraint(target, path, term, messages[0] if messages else default, parameter,
                                      tuple(values), tuple(members)))
    return constraints


def run_constraints(graph: Graph, constraints: list[Constraint]) -> list[Violation]:
    """Evaluate ``constraints`` on the surveyed graph."""
    found: dict[Violation, None] = {}
    for constraint in constraints:
        for focus, value in constraint.violations(graph):
            found.setdefault(Violation(focus.value, constraint.term, _display(value), constraint.message))
    return list(found)


# Graph-wide checks: (name, message, function of the graph giving (focus, value) pairs).

def _own(node, namespace: str = terms.ID) -> bool:
    return type(node) is ox.NamedNode and node.value.startswith(namespace)


def _invalid_iris(graph: Graph) -> Iterator[tuple]:
    """IRIs that break RFC 3987 (a space, a relative IRI...): the lenient parsers leave this check to us."""
    datatypes = {o.datatype for o in graph.used if type(o) is ox.Literal}
    # every node once: the typed ones, then the others (described or used without a type)
    others = (graph.described | graph.used).difference(graph.types)
    for nodes in (graph.types.keys(), others, graph.pairs.keys(), datatypes):
        for node in nodes:
            if type(node) is ox.NamedNode:
                try:
                    ox.NamedNode(node.value)
                except ValueError as error:
                    yield node, str(error)


def _dangling_references(graph: Graph) -> Iterator[tuple]:
    """IRIs of the graph's namespace used as values but described nowhere (no rdf:type): a misspelt identifier."""
    named = {o for o in graph.used if type(o) is ox.NamedNode}
    dangling = {o for o in named.difference(graph.types) if o.value.startswith(terms.BASE)}
    if dangling:
        yield from ((s, o) for pairs in graph.pairs.values() for s, o in pairs if o in dangling)
        yield from ((s, cls) for s, classes in graph.types.items() for cls in classes if cls in dangling)


def _untyped_entities(graph: Graph) -> Iterator[tuple]:
    """Entities of the data that are described but have no rdf:type."""
    return ((s, None) for s in graph.described.difference(graph.types) if _own(s))


def _unknown_classes(graph: Graph) -> Iterator[tuple]:
    """Entities of the data typed with a class that is not an owl:Class of the ontology."""
    owl_class = ox.NamedNode(OWL + "Class")
    unknown = {cls for cls in set().union(*graph.types.values()) if owl_class not in graph.types.get(cls, EMPTY)}
    if unknown:
        yield from ((s, cls) for s, classes in graph.types.items() if not classes.isdisjoint(unknown) and _own(s)
                    for cls in classes & unknown)


def _unknown_properties(graph: Graph) -> Iterator[tuple]:
    """Properties used on entities of the data that the ontology declares neither as its own nor as reused terms."""
    for predicate, pairs in graph.pairs.items():
        if graph.types.get(predicate, EMPTY).isdisjoint(PROPERTY_KINDS):
            users = [s for s, _ in pairs if _own(s)]
            if users:
                yield min(users, key=lambda s: s.value), predicate


def _terms_without_bilingual_labels(graph: Graph) -> Iterator[tuple]:
    """Terms of the ontology and concepts of its schemes need rdfs:label and skos:definition in French and in English."""
    anywhere = PROPERTY_KINDS | {ox.NamedNode(OWL + "Class")}
    own = {ox.NamedNode(SKOS + "Concept"), ox.NamedNode(SKOS + "ConceptScheme"), ox.NamedNode(OWL + "Ontology")}
    wanted = [ox.NamedNode(RDFS + "label"), ox.NamedNode(SKOS + "definition")]
    candidates = {node for kind in anywhere for node in graph.by_type.get(kind, ())}
    candidates.update(node for kind in own for node in graph.by_type.get(kind, ()) if _own(node, terms.BASE))
    languages = defaultdict(set)
    for predicate in wanted:
        for s, o in graph.pairs.get(predicate, ()):
            if s in candidates and type(o) is ox.Literal and o.language:
                languages[s, predicate].add(o.language.lower())
    for node in candidates:
        for predicate in wanted:
            for lang in ("fr", "en"):
                if not any(tag == lang or tag.startswith(lang + "-") for tag in languages[node, predicate]):
                    yield node, f"{_short(predicate.value)}@{lang}"


CHECKS: list[tuple[str, str, Callable[[Graph], Iterator[tuple]]]] = [
    ("dangling-reference", "refers to an entity that is defined nowhere (no rdf:type)", _dangling_references),
    ("invalid-iri", "is not a valid IRI", _invalid_iris),
    ("term-without-bilingual-label", "ontology term or concept lacks a label or a definition in French or in English",
     _terms_without_bilingual_labels),
    ("unknown-class", "typed with a class that the ontology does not declare", _unknown_classes),
    ("unknown-property", "uses a property that the ontology does not declare", _unknown_properties),
    ("untyped-entity", "is described but has no rdf:type", _untyped_entities),
]


def run_checks(graph: Graph) -> list[Violation]:
    found: dict[Violation, None] = {}
    for name, message, check in CHECKS:
        for focus, value in check(graph):
            found.setdefault(Violation(focus.value, name, _display(value), message))
    return list(found)


def validate(survey: Survey, files: list[Path]) -> list[Problem]:
    """Every problem of the surveyed graph, located in ``files`` where possible."""
    constraints, violations = compile_shapes(survey.shapes)
    graph = Graph(survey)
    violations += run_checks(graph)
    violations += run_constraints(graph, constraints)
    locator = Locator(files) if violations else None
    problems = set()
    for v in violations:
        file, line, column = locator.find(v.focus)
        problems.add(Problem(file, line, column, v.term, v.value, f"{_short(v.focus)} {v.message}"))
    return sorted(problems)


PREFIX_LINE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)


class Locator:
    """Find the file, line and column where a node is first written as a subject (else anywhere)."""

    def __init__(self, files: list[Path]):
        self.texts = {}
        for f in files:
            try:
                self.texts[f] = Path(f).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue

    def _tokens(self, text: str, iri: str) -> list[str]:
        tokens = [f"<{iri}>"]
        for prefix, namespace in PREFIX_LINE.findall(text):
            if iri.startswith(namespace) and namespace:
                tokens.append(f"{prefix}:{iri[len(namespace):]}")
        return tokens

    def find(self, iri: str) -> tuple[str, int, int]:
        fallback = None
        for path, text in self.texts.items():
            for token in self._tokens(text, iri):
                pattern = re.compile(r"(?<![\w:/<-])" + re.escape(token) + r"(?=[\s;,.)\]]|$)", re.MULTILINE)
                for match in pattern.finditer(text):
                    line = text.count("\n", 0, match.start()) + 1
                    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                    if column == 1:
                        return str(path), line, column
                    fallback = fallback or (str(path), line, column)
        return fallback or ("", 0, 0)
