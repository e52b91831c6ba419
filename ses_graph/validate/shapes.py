"""The SHACL shapes of ``ontology/shapes.ttl``, compiled to constraints evaluated with sets on a surveyed graph.

Only a subset of SHACL Core is understood (listed in shapes.ttl); any other SHACL term in a shape is
reported as an error instead of being silently ignored. ``tests/test_validate.py`` checks that the
verdicts agree with pySHACL, the reference implementation, on the curated graph and on broken examples.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import filterfalse
from typing import Any, cast

import pyoxigraph as ox

from .. import terms
from ..resources import internal_query
from .graph import Graph
from .survey import EMPTY, TESTED, Violation, display, short

IGNORED = {t.value for t in (terms.rdf_type, terms.sh_message, terms.sh_name, terms.sh_description, terms.rdfs_comment)}
NODE_PARAMETERS = IGNORED | {terms.sh_targetClass.value, terms.sh_property.value}
VALUE_PARAMETERS = {t.value for t in (terms.sh_class, terms.sh_datatype, terms.sh_nodeKind, terms.sh_in,
                                      terms.sh_pattern, terms.sh_or)}
COUNT_PARAMETERS = {terms.sh_minCount.value, terms.sh_maxCount.value}
PROPERTY_PARAMETERS = IGNORED | VALUE_PARAMETERS | COUNT_PARAMETERS | {terms.sh_path.value}
NODE_KINDS: dict[str, tuple[type, ...]] = {
    terms.sh_IRI.value: (ox.NamedNode,), terms.sh_Literal.value: (ox.Literal,),
    terms.sh_BlankNode.value: (ox.BlankNode,), terms.sh_BlankNodeOrIRI.value: (ox.BlankNode, ox.NamedNode),
    terms.sh_IRIOrLiteral.value: (ox.NamedNode, ox.Literal),
    terms.sh_BlankNodeOrLiteral.value: (ox.BlankNode, ox.Literal),
}


@dataclass
class PropertyShape:
    node: ox.NamedNode | ox.BlankNode
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
        """(focus, value, offending value of the path or None) of each targeted node that breaks the constraint."""
        focus = graph.instances(self.target)
        if self.parameter == terms.sh_minCount.value:
            n = int(self.values[0].value)
            if n == 1:
                yield from ((node, None, None) for node in filterfalse(graph.subjects(self.path).__contains__, focus))
            else:
                counts = graph.distinct(self.path, focus)
                yield from ((node, ox.Literal(counts[node]), None) for node in focus if counts[node] < n)
        elif self.parameter == terms.sh_maxCount.value:
            n = int(self.values[0].value)
            over = frozenset(node for node in graph.above(self.path, n) if node in focus)
            if over:
                yield from ((node, ox.Literal(c), None) for node, c in graph.distinct(self.path, over).items() if c > n)
        else:
            bad, read = _failures(graph, self.path, self.parameter, self.values, self.members)
            if bad:
                yield from ((s, o, o) for s, o in graph.pairs[self.path] if o in bad and s in focus)
            yield from ((s, o, o) for s, o in read if s in focus)


def _failures(graph: Graph, path: ox.NamedNode, parameter: str, values: tuple,
              members: tuple) -> tuple[frozenset, list[tuple]]:
    """The values of ``path`` that break a value constraint, each tested once (shared shapes ask once), and the
    (subject, literal) pairs whose literal breaks it, as the survey found them when it tested the literals as it read
    them (:func:`literal_tests`)."""
    key = (path, parameter, values, members)
    if ("failures", *key) not in graph.memo:
        test = _value_test(parameter, values, members, graph.instances)
        tested = graph.literal_failures
        if tested is None:
            bad = frozenset(v for v in graph.values(path) if not test(v))
        else:  # the literals were tested as read: the IRIs and blank nodes are left
            bad = frozenset(v for v in graph.values(path) if v is not TESTED and type(v) is not ox.Literal
                            and not test(v))
        graph.memo["failures", *key] = bad, [] if tested is None else tested.get(key, [])
    return graph.memo["failures", *key]


def literal_tests(constraints: list[Constraint]) -> dict[ox.NamedNode, tuple]:
    """The value tests of ``constraints`` by path, ``((key, test), ...)`` (the key that :func:`_failures` asks), for the
    survey to run on each literal as it reads it (:meth:`~ses_graph.validate.survey.Survey.test_literals`). Only
    the subjects of rdf:type are instances of a class, never a literal: its sh:class tests need no graph."""
    found: dict[ox.NamedNode, dict] = defaultdict(dict)
    for c in constraints:
        if c.parameter in VALUE_PARAMETERS:
            found[c.path].setdefault((c.path, c.parameter, c.values, c.members),
                                     _value_test(c.parameter, c.values, c.members, _no_instances))
    return {path: tuple(tests.items()) for path, tests in found.items()}


def counted_paths(constraints: list[Constraint]) -> frozenset[ox.NamedNode]:
    """The paths whose distinct values a constraint counts (sh:maxCount, sh:minCount above 1)."""
    return frozenset(c.path for c in constraints if c.parameter == terms.sh_maxCount.value
                     or (c.parameter == terms.sh_minCount.value and int(c.values[0].value) > 1))


def _no_instances(cls: ox.NamedNode) -> frozenset:
    """The instances of a class among literals: none."""
    return EMPTY


def _value_test(parameter: str, values: tuple, members: tuple,
                instances_of: Callable[[ox.NamedNode], AbstractSet]) -> Callable[[Any], bool]:
    """A function true of a value that satisfies the constraint (``instances_of``: the instances of a class)."""
    if parameter == terms.sh_class.value:
        instances = [instances_of(cls) for cls in values]
        return lambda v: all(v in members for members in instances)
    if parameter == terms.sh_datatype.value:
        return lambda v: type(v) is ox.Literal and all(v.datatype == d for d in values)
    if parameter == terms.sh_nodeKind.value:
        kinds = [NODE_KINDS[k.value] for k in values]
        return lambda v: all(isinstance(v, kind) for kind in kinds)
    if parameter == terms.sh_pattern.value:
        patterns = [re.compile(p.value) for p in values]
        return lambda v: type(v) is not ox.BlankNode and all(p.search(v.value) for p in patterns)
    if parameter == terms.sh_in.value:
        allowed = frozenset(m for m, _ in members)
        return lambda v: v in allowed
    if parameter == terms.sh_or.value:
        alternatives = defaultdict(list)
        for member, (member_parameter, member_value) in members:
            alternatives[member].append(_value_test(member_parameter, (member_value,), (), instances_of))
        tests = list(alternatives.values())
        return lambda v: any(all(test(v) for test in alternative) for alternative in tests)
    raise AssertionError(parameter)


def _shown_values(parameter: str, values: list, members: list) -> str:
    """The constraint's values as a reader wants them: ``sh:or (sh:class ses:Person | sh:class ses:Organisation)``."""
    if parameter == terms.sh_in.value:
        return "(" + " ".join(sorted(display(m) for m, _ in members)) + ")"
    if parameter == terms.sh_or.value:
        alternatives = defaultdict(list)
        for member, (member_parameter, member_value) in members:
            alternatives[member].append(f"{short(member_parameter)} {display(member_value)}")
        return "(" + " | ".join(sorted(" ".join(a) for a in alternatives.values())) + ")"
    return ", ".join(display(v) for v in values)


def _unsupported(node: ox.NamedNode | ox.BlankNode, focus: str, term: str, message: str) -> Violation:
    return Violation(focus, term, "", message, (node, None, None))


def compile_shapes(shapes: ox.Store) -> tuple[list[Constraint], list[Violation]]:
    """The constraints of the shapes graph of ``shapes``; also violations for unsupported SHACL terms."""
    unsupported: list[Violation] = []
    targets: dict[str, set[str]] = defaultdict(set)
    found: dict[str, PropertyShape] = {}
    rows = cast(ox.QuerySolutions, shapes.query(internal_query("shape-constraints"), default_graph=terms.SHAPES_GRAPH))
    for row in rows:
        shape = row["shape"]
        if row["shapeParameter"] is not None and row["shapeParameter"].value not in NODE_PARAMETERS:
            unsupported.append(_unsupported(shape, shape.value, short(row["shapeParameter"].value),
                                            "unsupported SHACL parameter on a node shape"))
        if row["property"] is None:
            continue
        key = str(row["property"]) + " " + shape.value
        if row["target"] is not None:
            targets[key].add(row["target"].value)
        prop = found.setdefault(key, PropertyShape(row["property"]))
        parameter = row["parameter"].value
        if parameter not in PROPERTY_PARAMETERS:
            unsupported.append(_unsupported(shape, shape.value, short(parameter),
                                            "unsupported SHACL parameter on a property shape"))
            continue
        if row["value"] not in prop.parameters[parameter]:
            prop.parameters[parameter].append(row["value"])
        if row["member"] is not None:
            entry = (row["member"], (row["memberParameter"].value, row["memberValue"])
                     if row["memberParameter"] is not None else None)
            if entry[1] is not None and entry[1][0] not in VALUE_PARAMETERS:
                continue
            if entry not in prop.members[parameter]:
                prop.members[parameter].append(entry)
    constraints = []
    for key, prop in sorted(found.items()):
        paths = prop.parameters.get(terms.sh_path.value, [])
        if len(paths) != 1 or not isinstance(paths[0], ox.NamedNode):
            unsupported.append(_unsupported(prop.node, str(prop.node), "sh:path",
                                            "a property shape needs exactly one IRI path"))
            continue
        for target in sorted(targets[key]):
            constraints += _property_constraints(ox.NamedNode(target), paths[0], prop)
    return constraints, unsupported


def _property_constraints(target: ox.NamedNode, path: ox.NamedNode, prop: PropertyShape) -> list[Constraint]:
    messages = [m.value for m in prop.parameters.get(terms.sh_message.value, [])]
    prefix = f"{short(target.value)} {short(path.value)}"
    constraints = []
    for parameter in sorted((COUNT_PARAMETERS | VALUE_PARAMETERS) & set(prop.parameters)):
        values, members = prop.parameters[parameter], prop.members.get(parameter, [])
        if parameter == terms.sh_or.value:
            members = [m for m in members if m[1] is not None]
        if parameter in COUNT_PARAMETERS:
            n = int(values[0].value)
            term = f"{prefix} {short(parameter)} {n}"
            default = (f"needs at least {n} value(s) of {short(path.value)}" if parameter == terms.sh_minCount.value
                       else f"has more than {n} value(s) of {short(path.value)}")
        else:
            term = f"{prefix} {short(parameter)}"
            default = f"value breaks {short(parameter)} {_shown_values(parameter, values, members)}"
        constraints.append(Constraint(target, path, term, messages[0] if messages else default, parameter,
                                      tuple(values), tuple(members)))
    return constraints


def run_constraints(graph: Graph, constraints: list[Constraint]) -> list[Violation]:
    """Evaluate ``constraints`` on the surveyed graph; a violation's triple is the offending one (the focus and the
    path for a count: the first of its values, or its first statement when it has none). Path by path, so that the
    graph keeps the subjects of one path at a time (no two constraints give the same violation: the order of the
    evaluation changes nothing else)."""
    found: dict[Violation, None] = {}
    for constraint in sorted(constraints, key=lambda c: c.path.value):
        for focus, value, offending in constraint.violations(graph):
            path = constraint.path if constraint.parameter != terms.sh_minCount.value else None
            found.setdefault(Violation(focus.value, constraint.term, display(value), constraint.message,
                                       (focus, path, offending), constraint.path.value))
    return list(found)
