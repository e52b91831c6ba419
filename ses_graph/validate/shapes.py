"""The SHACL shapes of ``ontology/shapes.ttl``, compiled to constraints evaluated with sets on a surveyed graph.

Only a subset of SHACL Core is understood (listed in shapes.ttl); any other SHACL term in a shape is
reported as an error instead of being silently ignored. ``tests/test_validate.py`` checks that the
verdicts agree with pySHACL, the reference implementation, on the curated graph and on broken examples.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import pyoxigraph as ox

from .. import terms
from ..resources import internal_query
from .survey import Graph, Violation, display, short

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
                yield from ((node, None, None) for node in focus - graph.subjects(self.path))
            else:
                counts = graph.distinct(self.path, focus)
                yield from ((node, ox.Literal(counts[node]), None) for node in focus if counts[node] < n)
        elif self.parameter == terms.sh_maxCount.value:
            n = int(self.values[0].value)
            over = graph.above(self.path, n) & focus
            if over:
                yield from ((node, ox.Literal(c), None) for node, c in graph.distinct(self.path, over).items() if c > n)
        else:
            yield from ((s, o, o) for s, o in _failures(graph, self.path, self.parameter, self.values, self.members)
                        if s in focus)


def _failures(graph: Graph, path: ox.NamedNode, parameter: str, values: tuple, members: tuple) -> list[tuple]:
    """(subject, value) pairs of ``path`` whose value breaks a value constraint (shared shapes ask once)."""
    key = ("failures", path, parameter, values, members)
    if key not in graph.memo:
        test = _value_test(parameter, values, members, graph)
        bad = {v for v in graph.values(path) if not test(v)}  # each distinct value tested once
        graph.memo[key] = [(s, o) for s, o in graph.pairs[path] if o in bad] if bad else []
    return graph.memo[key]


def _value_test(parameter: str, values: tuple, members: tuple, graph: Graph) -> Callable[[Any], bool]:
    """A function true of a value that satisfies the constraint."""
    if parameter == terms.sh_class.value:
        instances = [graph.instances(cls) for cls in values]
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
            alternatives[member].append(_value_test(member_parameter, (member_value,), (), graph))
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
    path for a count: the first of its values, or its first statement when it has none)."""
    found: dict[Violation, None] = {}
    for constraint in constraints:
        for focus, value, offending in constraint.violations(graph):
            path = constraint.path if constraint.parameter != terms.sh_minCount.value else None
            found.setdefault(Violation(focus.value, constraint.term, display(value), constraint.message,
                                       (focus, path, offending), constraint.path.value))
    return list(found)
