"""Validate a loaded graph: SHACL shapes (compiled to SPARQL) and the checks of ``ontology/checks``.

The shapes of ``ontology/shapes.ttl`` are evaluated by SPARQL queries on the store itself, so that
validation of a large graph costs a few indexed queries rather than a copy into another library.
Only a subset of SHACL Core is understood (listed in shapes.ttl); any other SHACL term in a shape
is reported as an error instead of being silently ignored. ``tests/test_validate.py`` checks that
the verdicts agree with pySHACL, the reference implementation, on the curated graph and on broken
examples.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import terms
from .errors import Problem
from .ontology import compact
from .resources import internal_query, project_dir

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_TYPE_NODE = ox.NamedNode(RDF_TYPE)
IGNORED = {RDF_TYPE, SH + "message", SH + "name", SH + "description", "http://www.w3.org/2000/01/rdf-schema#comment"}
NODE_PARAMETERS = IGNORED | {SH + "targetClass", SH + "property"}
VALUE_PARAMETERS = {SH + "class", SH + "datatype", SH + "nodeKind", SH + "in", SH + "pattern", SH + "or"}
COUNT_PARAMETERS = {SH + "minCount", SH + "maxCount"}
PROPERTY_PARAMETERS = IGNORED | VALUE_PARAMETERS | COUNT_PARAMETERS | {SH + "path"}
NODE_KINDS = {
    SH + "IRI": "isIRI(?v)", SH + "Literal": "isLiteral(?v)", SH + "BlankNode": "isBlank(?v)",
    SH + "BlankNodeOrIRI": "(isBlank(?v) || isIRI(?v))", SH + "IRIOrLiteral": "(isIRI(?v) || isLiteral(?v))",
    SH + "BlankNodeOrLiteral": "(isBlank(?v) || isLiteral(?v))",
}


@dataclass(frozen=True)
class Violation:
    """A node that breaks a constraint."""

    focus: str
    term: str
    value: str
    message: str


@dataclass
class PropertyShape:
    node: str
    parameters: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    members: dict[str, list] = field(default_factory=lambda: defaultdict(list))


def _instance_of(classes: set[str]) -> str:
    """A pattern true when ?v has one of ``classes`` (a subclass closure computed once) as rdf:type."""
    return f"VALUES ?valueClass {{ {' '.join(sorted(classes))} }} ?v <{RDF_TYPE}> ?valueClass"


def _class_closure(parameter: str, values: list, members: list, subclasses: dict[str, set[str]]) -> set[str] | None:
    """The classes a value may have when the constraint is only sh:class (or sh:or of sh:class), else None."""
    if parameter == SH + "class" and len(values) == 1:
        return subclasses[values[0].value] or {str(values[0])}
    if parameter == SH + "or" and members and all(m[1] is not None and m[1][0] == SH + "class" for m in members) \
            and len({str(m[0]) for m in members}) == len(members):
        return set().union(*(subclasses[m[1][1].value] or {str(m[1][1])} for m in members))
    return None


def _value_condition(parameter: str, values: list, members: list, subclasses: dict[str, set[str]]) -> str:
    """A SPARQL expression on ?v that is true when ?v satisfies the constraint."""
    if parameter == SH + "class":
        return " && ".join(f"EXISTS {{ {_instance_of(subclasses[v.value] or {str(v)})} }}" for v in values)
    if parameter == SH + "datatype":
        return " && ".join(f"(isLiteral(?v) && DATATYPE(?v) = {str(v)})" for v in values)
    if parameter == SH + "nodeKind":
        return " && ".join(NODE_KINDS[v.value] for v in values)
    if parameter == SH + "pattern":
        return " && ".join(f"(!isBlank(?v) && REGEX(STR(?v), {ox.Literal(v.value)}))" for v in values)
    if parameter == SH + "in":
        return "?v IN (" + ", ".join(str(m) for m, _ in members) + ")"
    if parameter == SH + "or":
        alternatives = defaultdict(list)
        for member, (member_parameter, member_value) in members:
            alternatives[str(member)].append(_value_condition(member_parameter, [member_value], [], subclasses))
        return "(" + " || ".join("(" + " && ".join(conds) + ")" for _, conds in sorted(alternatives.items())) + ")"
    raise AssertionError(parameter)


def _short(iri: str) -> str:
    return "sh:" + iri[len(SH):] if iri.startswith(SH) else compact(iri)


@dataclass(frozen=True)
class Constraint:
    """One SHACL constraint compiled to a SPARQL query that selects the violating nodes.

    ``term`` is the path and the parameter (``rdfs:label sh:minCount 1``); ``targets`` maps each
    class of a violating node to the targeted classes it falls under (one query checks them all).
    """

    term: str
    message: str
    sparql: str
    targets: dict[str, list[str]] = field(default_factory=dict, hash=False, compare=False)


def compile_shapes(store: ox.Store) -> tuple[list[Constraint], list[Violation]]:
    """Compile the shapes graph of ``store``; also return violations for unsupported SHACL terms."""
    unsupported: list[Violation] = []
    targets: dict[str, set[str]] = defaultdict(set)
    shapes: dict[str, PropertyShape] = {}
    for row in store.query(internal_query("shape-constraints"), default_graph=terms.SHAPES_GRAPH):
        shape = row["shape"].value
        if row["shapeParameter"] is not None and row["shapeParameter"].value not in NODE_PARAMETERS:
            unsupported.append(Violation(shape, _short(row["shapeParameter"].value), "", "unsupported SHACL parameter on a node shape"))
        if row["property"] is None:
            continue
        if row["target"] is not None:
            targets[str(row["property"]) + " " + shape].add(row["target"].value)
        prop = shapes.setdefault(str(row["property"]) + " " + shape, PropertyShape(str(row["property"])))
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
    subclasses: dict[str, set[str]] = defaultdict(set)
    for row in store.query(internal_query("subclasses")):
        subclasses[row["class"].value].add(str(row["subclass"]))
    merged: dict[tuple[str, str, str], dict[str, list[str]]] = {}
    for key, prop in sorted(shapes.items()):
        paths = prop.parameters.get(SH + "path", [])
        if len(paths) != 1 or not isinstance(paths[0], ox.NamedNode):
            unsupported.append(Violation(prop.node, "sh:path", "", "a property shape needs exactly one IRI path"))
            continue
        for target in sorted(targets[key]):
            for term, message, template in _compile_property(paths[0], prop, subclasses):
                by_class = merged.setdefault((term, message, template), defaultdict(list))
                for cls in subclasses[target] or {f"<{target}>"}:
                    if _short(target) not in by_class[cls.strip("<>")]:
                        by_class[cls.strip("<>")].append(_short(target))
    constraints = []
    for (term, message, template), by_class in sorted(merged.items()):
        focus = f"VALUES ?class {{ {' '.join(f'<{c}>' for c in sorted(by_class))} }} ?focus a ?class"
        constraints.append(Constraint(term, message, template.replace("$FOCUS", focus), dict(by_class)))
    return constraints, unsupported


def _compile_property(path: ox.NamedNode, prop: PropertyShape, subclasses: dict[str, set[str]]) -> list[tuple[str, str, str]]:
    """(term, message, query) for each constraint of a property shape; $FOCUS in the query stands for the targeted nodes.

    The same constraint on several targets (a shared property shape, or the same count on the
    same path) is then run once for all of them. Each query starts from an index scan and avoids
    per-row lookups and per-row FILTERs (a FILTER decodes every term it sees): anti-joins (MINUS)
    against the precomputed class closures, and the focus node's type checked last, on the rows left.
    """
    typed = "FILTER EXISTS { $FOCUS }"
    messages = [m.value for m in prop.parameters.get(SH + "message", [])]
    shown_path = _short(path.value)
    compiled = []

    def add(term: str, message: str, sparql: str) -> None:
        compiled.append((f"{shown_path} {term}", messages[0] if messages else message, sparql))

    for minimum in prop.parameters.get(SH + "minCount", []):
        n = int(minimum.value)
        if n == 1:
            sparql = f"SELECT DISTINCT ?focus ?value WHERE {{ $FOCUS MINUS {{ ?focus {path} ?v }} }}"
        else:
            sparql = (f"SELECT ?focus (COUNT(DISTINCT ?v) AS ?value) WHERE {{ $FOCUS OPTIONAL {{ ?focus {path} ?v }} }} "
                      f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {n})")
        add(f"sh:minCount {n}", f"needs at least {n} value(s) of {shown_path}", sparql)
    for maximum in prop.parameters.get(SH + "maxCount", []):
        n = int(maximum.value)
        sparql = (f"SELECT ?focus ?value WHERE {{ {{ SELECT ?focus (COUNT(*) AS ?value) WHERE {{ ?focus {path} ?v }} "
                  f"GROUP BY ?focus HAVING (COUNT(*) > {n}) }} {typed} }}")
        add(f"sh:maxCount {n}", f"has more than {n} value(s) of {shown_path}", sparql)
    for parameter in sorted(VALUE_PARAMETERS & set(prop.parameters)):
        values, members = prop.parameters[parameter], prop.members.get(parameter, [])
        closure = _class_closure(parameter, values, members, subclasses)
        if closure is not None:
            test = f"MINUS {{ {_instance_of(closure)} }}"
        elif parameter == SH + "in":
            test = f"MINUS {{ VALUES ?v {{ {' '.join(str(m) for m, _ in members)} }} }}"
        else:
            test = f"FILTER(!({_value_condition(parameter, values, members, subclasses)}))"
        # a class test leaves the rows of other classes that use the same path: join them with the
        # targeted nodes (one scan); other tests leave only real violations: check those one by one
        restrict = "$FOCUS" if closure is not None else typed
        sparql = f"SELECT DISTINCT ?focus (?v AS ?value) WHERE {{ {{ SELECT ?focus ?v WHERE {{ ?focus {path} ?v {test} }} }} {restrict} }}"
        shown = ", ".join(_short(str(v).strip("<>")) for v in values)
        add(_short(parameter), f"value breaks {_short(parameter)} {shown}", sparql)
    return compiled


def _rows(store: ox.Store, queries: list[str]) -> list[list]:
    """The solutions of ``queries``, run on every core (pyoxigraph releases the GIL while evaluating)."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(lambda query: list(store.query(query)), queries))


def run_constraints(store: ox.Store, constraints: list[Constraint], solutions: list[list] | None = None) -> list[Violation]:
    """Evaluate compiled constraints on the default graph of ``store`` (or read their ``solutions``)."""
    found: dict[Violation, None] = {}
    types: dict[ox.NamedNode | ox.BlankNode, list[str]] = {}
    for constraint, rows in zip(constraints, _rows(store, [c.sparql for c in constraints]) if solutions is None else solutions):
        for row in rows:
            focus = row["focus"]
            if focus not in types:
                types[focus] = [q.object.value for q in store.quads_for_pattern(focus, RDF_TYPE_NODE, None, ox.DefaultGraph())]
            for target in sorted({t for cls in types[focus] for t in constraint.targets.get(cls, [])}):
                found.setdefault(Violation(focus.value, f"{target} {constraint.term}", _display(row["value"]), constraint.message))
    return list(found)


def _display(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _short(term.value)
    return str(term)


CHECK_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")


def load_checks(checks_dir: Path | None = None) -> list[tuple[str, str, str]]:
    """The graph-wide checks: (name, message, query) for each ``ontology/checks/*.rq``."""
    folder = checks_dir or project_dir("ontology") / "checks"
    checks = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        header = dict(m.groups() for m in map(CHECK_HEADER.match, text.splitlines()) if m)
        checks.append((path.stem, header.get("message", path.stem), text))
    return checks


def run_checks(store: ox.Store, checks: list[tuple[str, str, str]], solutions: list[list] | None = None) -> list[Violation]:
    found = []
    for (name, message, _), rows in zip(checks, _rows(store, [query for _, _, query in checks]) if solutions is None else solutions):
        for row in rows:
            found.append(Violation(row["focus"].value, name, _display(row["value"]), message))
    return found


def validate_store(store: ox.Store, files: list[Path]) -> list[Problem]:
    """Every problem of the graph loaded in ``store``, located in ``files`` where possible."""
    constraints, violations = compile_shapes(store)
    checks = load_checks()
    # one pool for every query; the checks read every triple, so they start first
    solutions = _rows(store, [query for _, _, query in checks] + [c.sparql for c in constraints])
    violations += run_checks(store, checks, solutions[:len(checks)])
    violations += run_constraints(store, constraints, solutions[len(checks):])
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
