"""Writes held to the rules of the build: a change set is validated against the store before it is made.

:func:`check` gives the violations that the store would have after a change set, with the build's
own rules (:mod:`ses_graph.validate`: the SHACL shapes of the store's shapes graph and the
graph-wide checks), without validating the whole graph again. The rules decide on a node from its
own triples, the types of the nodes it points to, and the class hierarchy; so only the *touched*
nodes need checking: the subjects of the changed triples of the default graph (the curated graph;
named graphs hold no curated data and are not checked), and the nodes that point to a node that
loses a type. Their neighbourhood is read from the store (a few lookups), surveyed like a file, and
validated; only the violations about touched nodes count, since the store was valid before. A change
to the ontology itself (a class, a property, the class hierarchy) is refused on a store that holds
the ontology: it is curated in ontology/ and changes with a build (a write that replaced the default
graph would otherwise take the rules away with it); on a store without one (a bare SPARQL store, as
the W3C protocol tests use) such a change is checked on the whole default graph again.

:func:`derived` gives what a write changes besides its own quads: the search keys of the entities
whose labels it touches, its provenance (:mod:`ses_graph.provenance`) and, on a store with stored
mediator rankings, the mark that they are stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from . import journal, provenance, terms
from .changes import ChangeSet, apply
from .changes import of_update as changes_of_update
from .errors import DataError, Problem, WriteRefused
from .journal import Agent, Entry
from .ontology import OWL_ONTOLOGY, RDF_TYPE
from .search import LABEL_PROPERTIES
from .search_index import own_labels, search_keys, unused
from .validate import (
    ONTOLOGY_KINDS,
    Constraint,
    Graph,
    Survey,
    Violation,
    compile_shapes,
    run_checks,
    run_constraints,
)

DEFAULT = ox.DefaultGraph()
SUBCLASS_OF = terms.rdfs_subClassOf
#: Graphs that the build derives from the curated graph: no write may touch them.
DERIVED_GRAPHS = (terms.SEARCH_GRAPH, terms.MEDIATORS_GRAPH, terms.CHANGES_GRAPH)
PROTECTED = frozenset([*DERIVED_GRAPHS, terms.SHAPES_GRAPH])


@dataclass
class Rules:
    """The constraints of a store's shapes graph, compiled once (a write to the shapes graph is refused)."""

    store: ox.Store
    _constraints: list[Constraint] | None = field(default=None, init=False)
    _has_ontology: bool | None = field(default=None, init=False)

    @property
    def constraints(self) -> list[Constraint]:
        if self._constraints is None:
            self._constraints, _ = compile_shapes(self.store)
        return self._constraints

    @property
    def has_ontology(self) -> bool:
        """Whether the store holds an ontology, against which the data is checked (asked once: on a store that
        holds one, a write may not change it; on one without, a write that adds one is checked on the whole
        graph, which answers for itself)."""
        if self._has_ontology is None:
            self._has_ontology = any(True for _ in self.store.quads_for_pattern(None, RDF_TYPE, OWL_ONTOLOGY, DEFAULT))
        return self._has_ontology


def of_update(store: ox.Store, update: str, base_iri: str | None = None) -> ChangeSet:
    """The change set of a SPARQL update (:func:`ses_graph.changes.of_update`) without the derived graphs, which
    writes never change (``DROP ALL`` leaves them)."""
    found = changes_of_update(store, update, base_iri)
    return ChangeSet(
        *(tuple(q for q in quads if q.graph_name not in PROTECTED) for quads in (found.added, found.removed))
    )


def _ontology_change(quad: ox.Quad) -> bool:
    """Whether ``quad`` changes the ontology: a verdict on any node may then change."""
    subject = quad.subject
    if type(subject) is ox.NamedNode and (subject.value.startswith(terms.SES) or subject == terms.ONTOLOGY):
        return True
    return quad.predicate == SUBCLASS_OF or (quad.predicate == RDF_TYPE and quad.object in ONTOLOGY_KINDS)


def _protected(changes: ChangeSet) -> list[Violation]:
    quads = [*changes.added, *changes.removed]
    found = {cast(ox.NamedNode, q.graph_name).value for q in quads if q.graph_name in PROTECTED}
    return [
        Violation(
            graph, "derived-graph", "", "is computed by the build (or holds the shapes): writes may not change it"
        )
        for graph in sorted(found)
    ]


def check(store: ox.Store, changes: ChangeSet, rules: Rules) -> list[Violation]:
    """The violations of the build's rules that ``store`` would have once ``changes`` are made (sorted)."""
    refused = _protected(changes)
    if refused:
        return refused
    added = [q for q in changes.added if q.graph_name == DEFAULT]
    removed = [q for q in changes.removed if q.graph_name == DEFAULT]
    if not added and not removed:
        return []
    touched = sorted({cast(ox.NamedNode | ox.BlankNode, q.subject).value for q in [*added, *removed]
                      if _ontology_change(q)})
    if touched and rules.has_ontology:
        return [Violation(node, "ontology", "", "belongs to the ontology, which is curated in ontology/ and changes "
                          "with a build: writes may not change it") for node in touched]
    if touched:
        survey = _whole(store, added, set(removed))
        focus = None
    else:
        focus = {q.subject for q in [*added, *removed]}
        for quad in removed:
            if quad.predicate == RDF_TYPE:  # who points to it may now point to a node of the wrong class
                focus.update(q.subject for q in store.quads_for_pattern(None, None, quad.subject, DEFAULT))
        survey = _neighbourhood(store, focus, added, set(removed))
    graph = Graph(survey)
    violations = run_checks(graph, None if focus is None else rules.has_ontology)
    violations += run_constraints(graph, rules.constraints)
    if focus is not None:
        names = {cast(ox.NamedNode | ox.BlankNode, node).value for node in focus}
        violations = [v for v in violations if v.focus in names]
    return sorted(set(violations), key=lambda v: (v.focus, v.term, v.value))


def _read(survey: Survey, triples: Iterable[ox.Quad]) -> None:
    for q in triples:
        survey.pairs[q.predicate].append((q.subject, q.object))


def _neighbourhood(store: ox.Store, focus: set, added: list[ox.Quad], removed: set[ox.Quad]) -> Survey:
    """The touched nodes' own triples after the change; the types of what they point to, of those types and of
    their predicates; the class hierarchy."""
    described = [q for node in focus for q in store.quads_for_pattern(node, None, None, DEFAULT) if q not in removed]
    described += [q for q in added if q not in set(described)]
    survey = Survey()
    _read(survey, described)
    around = {q.object for q in described if not isinstance(q.object, ox.Literal)} | {q.predicate for q in described}
    around -= focus
    types = [q for node in around for q in store.quads_for_pattern(node, RDF_TYPE, None, DEFAULT)]
    classes = {q.object for q in [*described, *types] if q.predicate == RDF_TYPE} - focus - around
    types += [q for node in classes  # the objects of rdf:type: classes, never literals in a validated store
              for q in store.quads_for_pattern(cast(ox.NamedNode, node), RDF_TYPE, None, DEFAULT)]
    _read(survey, types)
    _read(survey, store.quads_for_pattern(None, SUBCLASS_OF, None, DEFAULT))
    return survey


def _whole(store: ox.Store, added: list[ox.Quad], removed: set[ox.Quad]) -> Survey:
    """The whole default graph after the change."""
    survey = Survey()
    _read(survey, (q for q in store.quads_for_pattern(None, None, None, DEFAULT) if q not in removed))
    _read(survey, added)
    return survey


def search_key_changes(store: ox.Store, changes: ChangeSet) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(keys to add, keys to remove) for the entities whose labels ``changes`` touch, from their labels after it: the
    search graph then holds what a build from the labels after it makes (:func:`ses_graph.search_index.unused`)."""
    touched = {q.subject for q in [*changes.added, *changes.removed]
               if q.graph_name == DEFAULT and q.predicate in LABEL_PROPERTIES}
    if not touched:
        return [], []
    removed = set(changes.removed)
    labels = [(q.subject, q.object) for node in touched for p in LABEL_PROPERTIES
              for q in store.quads_for_pattern(node, p, None, DEFAULT) if q not in removed]
    labels += [(q.subject, q.object) for q in changes.added if q.subject in touched and q.graph_name == DEFAULT
               and q.predicate in LABEL_PROPERTIES]
    new = list(search_keys(own_labels(sorted(set(labels), key=str))))
    # the entities' own statements, and the nodes of the names and words that nothing links to any more (a word's
    # node is the word's alone: one that stays, or is made again, is the same whatever the label that wrote it)
    old = [q for node in touched for p in (terms.searchKey, terms.searchName)
           for q in store.quads_for_pattern(node, p, None, terms.SEARCH_GRAPH)]
    names = {q.object for q in old if q.predicate == terms.searchName}
    names -= {q.object for q in new if q.predicate == terms.searchName}
    return new, old + unused(store, cast(set[ox.NamedNode], names), touched)


def make(store: ox.Store, entry: Entry) -> None:
    """Make the write ``entry`` in ``store``, with its search keys and its provenance (added last, in one go); if the
    store holds mediator rankings, they are marked stale by it in the same transaction
    (:func:`ses_graph.provenance.invalidation`)."""
    new_keys, old_keys = search_key_changes(store, entry.changes)
    for quad in old_keys:
        store.remove(quad)
    stale = [provenance.invalidation(entry.id)] if store.contains_named_graph(terms.MEDIATORS_GRAPH) else []
    apply(store, entry.changes, [*new_keys, *stale, *provenance.quads(entry)])


def commit(store: ox.Store, store_path: Path, change_set: ChangeSet, agent: Agent, rules: Rules, *,
           proposer: Agent | None = None, proposal: str | None = None) -> Entry:
    """Validate ``change_set``, journal it (flushed to the disk), then make it in ``store``; ``proposer`` and
    ``proposal``: the contributor and the id of the proposal it accepts (:mod:`ses_graph.proposals`).

    Raises WriteRefused, with the violations, when the store would break the rules: nothing changes.
    """
    violations = check(store, change_set, rules)
    if violations:
        raise WriteRefused(violations)
    entry = Entry.new(agent, change_set, proposer=proposer, proposal=proposal)
    journal.append(store_path, entry)
    make(store, entry)
    return entry


def replay(store: ox.Store, store_path: Path, *, skip_recorded: bool = False) -> int:
    """Make the entries of the journal of ``store_path`` in ``store``, in order, each validated first; return how
    many were made.

    With ``skip_recorded``, an entry whose provenance the store already holds is left out (a server
    starting on a generation that holds part of the journal). An entry recorded as merged into the
    curated files (:func:`ses_graph.journal.merged`) adds its provenance only. Raises DataError naming the first
    entry that no longer validates (its author, date and problems); ``store`` then holds the entries
    before it.
    """
    rules, made, where = Rules(store), 0, str(journal.path_of(store_path))
    merged = journal.merged(store_path)
    for entry in journal.entries(store_path):
        if skip_recorded and provenance.recorded(store, entry):
            continue
        if entry.id in merged:  # its facts are in the curated files now: who wrote them, when, is kept
            apply(store, ChangeSet(), provenance.quads(entry))
            continue
        violations = check(store, entry.changes, rules)
        if violations:
            raise DataError(
                [
                    Problem(where, entry.line, 1, v.term, v.value, f"{entry.describe()}: {v.focus} {v.message}")
                    for v in violations
                ]
            )
        make(store, entry)
        made += 1
    return made
