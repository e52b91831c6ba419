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

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem, syntax_message
from ..ontology import SHAPES_FILE
from .checks import CHECKS, run_checks
from .graph import Graph
from .locate import places
from .shapes import Constraint, compile_shapes, counted_paths, literal_tests, run_constraints
from .survey import ONTOLOGY_KINDS, OWL, PROPERTY_KINDS, RDF_SUFFIXES, RDFS, Survey, Violation, display, short

if TYPE_CHECKING:
    from tqdm import tqdm

__all__ = ["CHECKS", "ONTOLOGY_KINDS", "OWL", "PROPERTY_KINDS", "RDFS", "RDF_SUFFIXES", "Constraint", "Graph", "Survey",
           "Violation", "compile_shapes", "run_checks", "run_constraints", "survey_files", "validate"]


def survey_files(files: list[Path], bar: tqdm | None = None, *,
                 keep_literals: bool = False) -> tuple[Survey, list[Problem]]:
    """Read every triple of ``files`` once (:mod:`ses_graph.validate`); also every syntax error (file, line, column).
    The shapes first: their value tests run on each literal as it is read, and only the literals that validation asks
    for again are kept, unless ``keep_literals`` (to count the distinct triples)."""
    survey, problems, order = Survey(), [], {path: number for number, path in enumerate(files)}
    for path in sorted(files, key=lambda path: path.name != SHAPES_FILE):
        if path.name != SHAPES_FILE and survey.literal_failures is None and not keep_literals:
            constraints, _ = compile_shapes(survey.shapes)
            survey.test_literals(literal_tests(constraints), counted_paths(constraints))
        if bar is not None:
            bar.update(path.stat().st_size)
        fmt = RDF_SUFFIXES.get(path.suffix)
        if fmt is None:
            problems.append(
                Problem(str(path), 0, 0, "", "", f"unsupported file type {path.suffix!r} (use .ttl or .nt)")
            )
            continue
        try:
            survey.read(path, fmt, shapes=path.name == SHAPES_FILE)
        except SyntaxError as error:
            problems.append(Problem(str(path), error.lineno or 0, error.offset or 0, "", "", syntax_message(error)))
    survey.done_reading()
    survey.files.sort(key=lambda read: order[read[0]])  # as given: a problem is located in the first file that holds it
    return survey, problems


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
