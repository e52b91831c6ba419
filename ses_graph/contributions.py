"""Back into the files: the accepted writes of the journal as Turtle for data/, then recorded as merged.

:func:`export` writes what the journal's entries not yet merged add to the curated (default) graph
as Turtle in the style of ``data/``: one file per kind of fact (the class of each subject, from the
write or from the store: ``membership``, ``seat``, ``person``...), the subjects sorted, each with
its triples (``a`` first), the project's prefixes: the same journal always gives the same bytes.
The files are named ``contributions-STAMP-KIND.ttl`` (STAMP: the time of the last entry), so that
copying them into ``data/`` never overwrites an earlier export. Triples that the writes removed
from the curated graph cannot be written as Turtle: they are listed in
``contributions-STAMP-removed.txt`` (N-Triples lines, not read by the build), to be deleted from
``data/`` by hand. Writes to named graphs are not curated data and are left to the journal.

:func:`mark_merged` then checks the curated files (every added triple is there, every removed one
is gone: a triple with blank nodes is matched on its other terms) and records the entries in
``merged.jsonl`` beside the journal (:func:`ses_graph.journal.mark_merged`): the next build makes
only their provenance (who wrote what, when), so nothing is applied twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from . import journal
from . import store as stores
from .build import RDF_SUFFIXES, collect_files
from .errors import DataError, Problem
from .export import turtle
from .journal import Entry
from .ontology import RDF_TYPE, prefixes
from .resources import project_dir

DEFAULT = ox.DefaultGraph()
OTHER_KIND = "other"


@dataclass
class Export:
    """What :func:`export` wrote: the files, the entries they hold, and what it could not write as Turtle."""

    entries: list[Entry]
    files: list[Path] = field(default_factory=list)
    removed: list[ox.Triple] = field(default_factory=list)
    named_graph_quads: int = 0


def unmerged(store_path: Path) -> list[Entry]:
    """The journal's entries not yet recorded as merged, in order."""
    merged = journal.merged(store_path)
    return [entry for entry in journal.entries(store_path) if entry.id not in merged]


def net(entries: list[Entry]) -> tuple[list[ox.Triple], list[ox.Triple], int]:
    """(triples added, triples removed) to the default graph by ``entries`` in order, and how many quads of named
    graphs they change (left out)."""
    added: dict[ox.Triple, None] = {}
    removed: dict[ox.Triple, None] = {}
    named = 0
    for entry in entries:
        for quad in entry.changes.removed:
            if quad.graph_name != DEFAULT:
                named += 1
            elif added.pop(quad.triple, 0) is None:  # it was added by an earlier entry: nothing to remove
                continue
            else:
                removed[quad.triple] = None
        for quad in entry.changes.added:
            if quad.graph_name != DEFAULT:
                named += 1
            elif removed.pop(quad.triple, 0) is None:  # put back what an earlier entry removed
                continue
            else:
                added[quad.triple] = None
    return sorted(added, key=str), sorted(removed, key=str), named


def _slug(iri: str) -> str:
    local = re.split(r"[#/]", iri)[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", local).lower() or OTHER_KIND


def _kinds(triples: list[ox.Triple], store: ox.Store | None) -> dict[ox.Triple, str]:
    """Each triple's kind: the class of its subject (from the triples, else the store); a blank node takes the
    kind of the subject that points to it."""
    types: dict = {}
    for t in triples:
        if t.predicate == RDF_TYPE:
            types.setdefault(t.subject, set()).add(cast(ox.NamedNode, t.object).value)  # a class: an IRI
    for subject in {t.subject for t in triples} - set(types):
        if store is not None and isinstance(subject, ox.NamedNode):
            found = {cast(ox.NamedNode, q.object).value
                     for q in store.quads_for_pattern(subject, RDF_TYPE, None, DEFAULT)}
            if found:
                types[subject] = found
    own = prefixes()["ses"]
    kind = {s: _slug(min(found, key=lambda iri: (not iri.startswith(own), iri))) for s, found in types.items()}
    for t in sorted(triples, key=str):
        if isinstance(t.object, ox.BlankNode) and t.object not in kind and t.subject in kind:
            kind[t.object] = kind[t.subject]
    return {t: kind.get(t.subject, OTHER_KIND) for t in triples}


def data_style(triples: list[ox.Triple], header: str) -> bytes:
    """``triples`` as Turtle in the style of data/: the prefixes they use, a comment, the subjects sorted (blank
    nodes last) and apart, ``a`` first."""
    ordered = sorted(triples, key=lambda t: (isinstance(t.subject, ox.BlankNode), str(t.subject),
                                             t.predicate != RDF_TYPE, str(t.predicate), str(t.object)))
    lines = turtle(ordered).decode("utf-8").replace("\t", "    ").splitlines()
    declared = [line for line in lines if line.startswith("@prefix")]
    out = [*declared, "", *(f"# {line}" for line in header.splitlines())]
    for line in lines[len(declared):]:
        if not line.startswith(" "):  # a new subject
            out.append("")
        out.append(line)
    return ("\n".join(out) + "\n").encode("utf-8")


def _store(store_path: Path) -> ox.Store | None:
    return stores.open_store(store_path) if stores.exists(store_path) else None


def export(store_path: Path, out_dir: Path) -> Export:
    """Write the unmerged entries' additions to the curated graph into ``out_dir`` (see the module)."""
    entries = unmerged(store_path)
    report = Export(entries)
    if not entries:
        return report
    added, report.removed, report.named_graph_quads = net(entries)
    stamp = entries[-1].id.split("-")[0][:15]
    authors = sorted({e.agent.holder for e in entries} | {e.proposer.holder for e in entries if e.proposer})
    header = (f"Accepted writes of the journal, {len(entries)} entr{'y' if len(entries) == 1 else 'ies'} from "
              f"{entries[0].time} to {entries[-1].time}\n(by {', '.join(authors)}), written by "
              f"`ses-graph contributions export`; after copying into data/: `ses-graph contributions mark-merged`.")
    out_dir.mkdir(parents=True, exist_ok=True)
    by_kind: dict[str, list[ox.Triple]] = {}
    for triple, kind in _kinds(added, _store(store_path)).items():
        by_kind.setdefault(kind, []).append(triple)
    for kind, triples in sorted(by_kind.items()):
        path = out_dir / f"contributions-{stamp}-{kind}.ttl"
        path.write_bytes(data_style(triples, f"{kind}: {header}"))
        report.files.append(path)
    if report.removed:
        path = out_dir / f"contributions-{stamp}-removed.txt"
        lines = cast(bytes, ox.serialize(report.removed, format=ox.RdfFormat.N_TRIPLES)).decode("utf-8").splitlines()
        path.write_text("# Triples the accepted writes removed: delete them from data/ by hand, then mark-merged.\n"
                        + "\n".join(sorted(lines)) + "\n", encoding="utf-8")
        report.files.append(path)
    return report


def _shape(triple: ox.Triple) -> tuple:
    """The triple with its blank nodes left out, to match a copy whose blank nodes the parser renamed."""
    return tuple(None if isinstance(term, ox.BlankNode) else term for term in triple)


def mark_merged(store_path: Path, data_dirs: list[Path] | None = None) -> list[str]:
    """Check that the curated files under ``data_dirs`` (default: the project's data/) hold what the unmerged
    entries add and lack what they remove, then record those entries as merged; return their ids.

    Raises DataError naming each triple that is missing or still there (nothing is recorded then).
    """
    entries = unmerged(store_path)
    if not entries:
        return []
    data_dirs = [Path(d) for d in (data_dirs or [project_dir("data")])]
    curated = ox.Store()
    for path in collect_files(data_dirs):
        try:
            curated.extend(ox.parse(path=str(path), format=RDF_SUFFIXES[path.suffix]))
        except SyntaxError as error:
            raise DataError([Problem(str(path), 0, 0, "", "", f"does not parse: {error}")]) from None
    shapes = {_shape(q.triple) for q in curated if any(isinstance(t, ox.BlankNode) for t in q.triple)}
    added, removed, _ = net(entries)
    where = ", ".join(map(str, data_dirs))
    problems = [Problem(where, 0, 0, "", str(t), "an accepted write added this triple, which the curated files lack "
                        "(copy the files of `ses-graph contributions export` into data/ first)")
                for t in added if not (_shape(t) in shapes if None in _shape(t) else ox.Quad(*t) in curated)]
    problems += [Problem(where, 0, 0, "", str(t), "an accepted write removed this triple, which the curated files "
                         "still hold (see contributions-*-removed.txt)")
                 for t in removed if ox.Quad(*t) in curated]
    if problems:
        raise DataError(problems)
    ids = [entry.id for entry in entries]
    journal.mark_merged(store_path, ids, [str(d) for d in data_dirs])
    return ids
