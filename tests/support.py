"""Helpers shared by the tests: paths and the command line run as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from ses_graph import queries
from ses_graph.export import DUMPS

ROOT = Path(__file__).resolve().parent.parent
#: Third-party material beside the clone (seed texts, datasets): not in the repository.
SHARED = ROOT.parent / "shared"


def shared(name: str, purpose: str) -> Path:
    """The folder ``../shared/NAME``; when it is absent the test is skipped with a clear message, or
    fails when ``SES_GRAPH_REQUIRE_SHARED=1`` (as ``.ci/run`` sets)."""
    path = SHARED / name
    if not path.is_dir():
        reason = f"{path} is absent: {purpose} (it is not part of the repository)"
        if os.environ.get("SES_GRAPH_REQUIRE_SHARED") == "1":
            pytest.fail(f"SES_GRAPH_REQUIRE_SHARED=1 but {reason}")
        pytest.skip(reason)
    return path

#: The prefixes the hand-written Turtle of the tests uses (an empty first line, then five prefixes).
TURTLE_PREFIXES = """
@prefix id: <https://w3id.org/ses-graph/id/> .
@prefix ses: <https://w3id.org/ses-graph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``ses-graph ARGS`` in a subprocess, capturing its output."""
    return subprocess.run([sys.executable, "-m", "ses_graph.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=300)


#: The reading commands compared with the embedded store: their arguments; ``{out}``: a folder the command writes
#: its files into (their bytes are compared, else its standard output's).
READING = {
    "stats": ["stats", "--format", "json"],
    "stats table": ["stats"],
    "mediators": ["mediators", "--format", "json", "--top", "5"],
    "mediators people csv": ["mediators", "--kind", "person", "--format", "csv"],
    "query": ["query", "instance-seats", "--format", "csv"],
    "query table": ["query", "timeline"],
    "map": ["map", "--lang", "en"],
    "export graphml": ["export", "--format", "graphml"],
    "export gexf": ["export", "--format", "gexf"],
    "export csv": ["export", "--format", "csv", "-o", "{out}"],
    **{f"export {name}": ["export", "--format", name] for name in DUMPS},
}


def output(args: list[str], where: list[str], folder: Path, env: dict | None = None) -> dict[str, bytes]:
    """What ``ses-graph ARGS`` run on ``where`` (``--store`` or ``--endpoint`` options) gives: its standard output,
    and each file it wrote into ``folder``."""
    done = cli(*(a.replace("{out}", str(folder)) for a in args), *where, env=env)
    assert done.returncode == 0, done.stderr
    return {"stdout": done.stdout.encode("utf-8"),
            **{p.name: p.read_bytes() for p in sorted(folder.glob("*")) if p.is_file()}}


def dump_alike(there: bytes, here: bytes, format: ox.RdfFormat) -> None:
    """Two dumps of the same graphs, but for the labels of their blank nodes: a server's results carry labels
    scoped to one answer (SPARQL 1.1 Query Results JSON Format, 3.2.2), not the store's. The same quads once
    their blank nodes are named canonically (RDFC-1.0), and every quad that names no blank node in the same
    place of the document."""
    def plain(data: bytes) -> list[ox.Quad]:
        return [q for q in ox.parse(data, format=format)
                if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)]

    def canonical(data: bytes) -> ox.Dataset:
        dataset = ox.Dataset(ox.parse(data, format=format))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        return dataset

    assert plain(there) == plain(here)
    assert canonical(there) == canonical(here)


def concatenated(query: queries.NamedQuery) -> dict[str, str]:
    """The result variables that a GROUP_CONCAT binds in ``query``, with its separator (read on rdflib's algebra).

    SPARQL 1.1 Query, 11.4.7 GroupConcat: "The order of the strings is not specified." Such a value is compared
    as the list of its strings, sorted: the order of the strings is the one thing engines may answer differently.
    Each SELECT (the query's and each sub-select's) names its aggregates anew, so each is read on its own.
    """
    from rdflib.plugins.sparql.parserutils import CompValue

    found: dict[str, str] = {}
    levels = [queries.algebra("query", query.text)]
    while levels:
        separators, bound, pending = {}, {}, [levels.pop()]
        while pending:
            node = pending.pop()
            if isinstance(node, (list, tuple)):
                pending.extend(node)
            elif isinstance(node, CompValue):
                if node.name == "ToMultiSet":  # a sub-select: a level of its own
                    levels.append(node.p)
                    continue
                if node.name == "Aggregate_GroupConcat":
                    separators[str(node.res)] = str(node.get("separator", " "))
                elif node.name == "Extend":
                    bound[str(node.expr)] = str(node.var)
                pending.extend(node.values())
        found.update({bound[res]: separator for res, separator in separators.items() if res in bound})
    return found


def solution_rows(result, concatenated: dict[str, str] | None = None) -> list[tuple]:
    """Solutions as tuples of N-Triples terms, blank nodes named alike; sorted (ties of ORDER BY may differ).

    ``concatenated``: the variables that a GROUP_CONCAT binds, each given as the sorted list of its strings.
    """
    names = [variable.value for variable in result.variables]
    split = {i: concatenated[name] for i, name in enumerate(names) if name in (concatenated or {})}

    def cell(i: int, term) -> object:
        if isinstance(term, ox.BlankNode):
            return "_:b"
        if i in split and isinstance(term, ox.Literal):
            return tuple(sorted(term.value.split(split[i])))
        return str(term)

    return sorted((tuple(cell(i, term) for i, term in enumerate(solution)) for solution in result), key=repr)
