"""validate: a graph checked in one pass over its triples, with SHACL shapes and graph-wide checks.

A :class:`Survey` (:mod:`.survey`) reads every triple once and keeps what validation needs: the
(subject, value) pairs of each property, rdf:type included, from which :class:`Graph` indexes types
and classes. The build takes the survey on one core while pyoxigraph's bulk loader fills the store
from the same files on the other, so validating adds little to the time of loading
(``bench/README.md``). The shapes of ``ontology/shapes.ttl`` (:mod:`.shapes`) and the graph-wide
checks (:mod:`.checks`, on every subject of the default graph) are then evaluated with sets and
dictionaries, never by scanning the store again. Each problem is reported at the file and line of
the triple that holds it, as the parser reads them (:mod:`.locate`).
"""

from __future__ import annotations

from ..errors import Problem
from .checks import CHECKS, run_checks
from .locate import places
from .shapes import Constraint, compile_shapes, counted_paths, literal_tests, run_constraints
from .survey import ONTOLOGY_KINDS, OWL, PROPERTY_KINDS, RDFS, Graph, Survey, Violation, display, short

__all__ = ["CHECKS", "ONTOLOGY_KINDS", "OWL", "PROPERTY_KINDS", "RDFS", "Constraint", "Graph", "Survey", "Violation",
           "compile_shapes", "run_checks", "run_constraints", "test_literals_as_read", "validate"]


def test_literals_as_read(survey: Survey) -> None:
    """Have ``survey`` run the value tests of the shapes it has read on each literal of the data it reads next, and
    keep only the literals that validation asks for afterwards (:meth:`Survey.test_literals`)."""
    constraints, _ = compile_shapes(survey.shapes)
    survey.test_literals(literal_tests(constraints), counted_paths(constraints))


def validate(survey: Survey) -> list[Problem]:
    """Every problem of the surveyed graph, each at the file, line and column of its triple in the files the survey
    read."""
    constraints, violations = compile_shapes(survey.shapes)
    graph = Graph(survey)
    violations += run_checks(graph)
    violations += run_constraints(graph, constraints)
    where = places(survey.files, [v.triple for v in violations]) if violations else []
    return sorted({Problem(file, line, column, v.term, v.value, f"{_name(v)} {v.message}")
                   for v, (file, line, column) in zip(violations, where, strict=True)})


def _name(violation: Violation) -> str:
    """The focus as a reader writes it: ``id:x``, ``<http://example.org/x>``, ``_:b``."""
    node = violation.triple[0]
    return display(node) if node is not None else short(violation.focus)
