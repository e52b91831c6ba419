"""Change sets: the quads a write adds and removes, computed before anything is changed.

pyoxigraph has no change-set API, so :func:`of_update` finds one of two ways (the update runs as every
update of the project does, with ``queries.options()``: the project's prefixes predeclared):

* an update made only of ``INSERT DATA`` / ``DELETE DATA`` operations (a form, a Graph Store POST,
  most hand-written facts) is read without touching the store: pyoxigraph runs it on two small
  in-memory stores, an empty one (what it inserts) and one holding the quads its ``DELETE DATA``
  blocks name (what it deletes). Which operations an update holds, and the quads of those blocks,
  come from rdflib's SPARQL parser; both runs must agree with them, else the general way is taken.
  It costs well under a millisecond per fact, whatever the size of the store.
* any other update (``DELETE/INSERT ... WHERE``, ``CLEAR``, ``DROP``, ``ADD``, ``COPY``...) runs
  on a staging copy of the store (``Store.backup``: hard links, no copy of the data), and the change
  set is the difference of the two dumps: its cost grows with the store (``bench/README.md``).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox

from .queries import algebra, options

DATA_OPERATIONS = {"InsertData", "DeleteData"}


@dataclass(frozen=True)
class ChangeSet:
    """What a write does: the quads it adds and those it removes (neither holds a quad the other holds)."""

    added: tuple[ox.Quad, ...] = ()
    removed: tuple[ox.Quad, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def to_text(self) -> tuple[str, str]:
        """(added, removed) as N-Quads, each sorted: the same change set always reads the same."""
        return _nquads(self.added), _nquads(self.removed)

    @classmethod
    def from_text(cls, added: str, removed: str) -> ChangeSet:
        """The change set written by :meth:`to_text` (blank nodes keep their labels)."""
        return cls(_parse(added), _parse(removed))


def _nquads(quads: Iterable[ox.Quad]) -> str:
    return "".join(sorted(cast(bytes, ox.serialize([q], format=ox.RdfFormat.N_QUADS)).decode("utf-8") for q in quads))


def _parse(text: str) -> tuple[ox.Quad, ...]:
    return tuple(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)) if text else ()


def against(store: ox.Store, added: Iterable[ox.Quad], removed: Iterable[ox.Quad]) -> ChangeSet:
    """The change set of adding ``added`` and removing ``removed`` in ``store``: only what really changes."""
    new = {q for q in added if q not in store}
    gone = {q for q in removed if q in store} - new
    return ChangeSet(tuple(sorted(new, key=str)), tuple(sorted(gone, key=str)))


def of_graph(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph, triples: Iterable[ox.Triple],
             *, replace: bool) -> ChangeSet:
    """The change set of a Graph Store write: ``triples`` added to ``graph``, which they replace if ``replace``."""
    added = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
    removed = list(store.quads_for_pattern(None, None, None, graph)) if replace else []
    return against(store, added, [q for q in removed if q not in set(added)])


def of_drop(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> ChangeSet:
    """The change set of removing ``graph`` whole (a Graph Store DELETE)."""
    return ChangeSet((), tuple(store.quads_for_pattern(None, None, None, graph)))


def of_update(store: ox.Store, update: str, base_iri: str | None = None) -> ChangeSet:
    """The change set that running the SPARQL ``update`` on ``store`` would make; ``store`` is left unchanged.

    Raises SyntaxError (with the position) for a malformed update, and RuntimeError or ValueError
    for one that pyoxigraph refuses to run (a graph that does not exist...).
    """
    inserted = ox.Store()
    try:  # pyoxigraph reads the text first: its syntax errors are the ones reported
        inserted.update(update, base_iri=base_iri, **options())
    except RuntimeError:  # needs the store's content (DROP GRAPH of a graph an empty store lacks...)
        return _staged(store, update, base_iri)
    named = _data_deletions(update, base_iri)
    if named is not None:
        deleting = ox.Store()
        deleting.extend(named)
        deleting.update(update, base_iri=base_iri, **options())
        kept = set(deleting)
        if kept & set(named) == set(inserted) & set(named):  # pyoxigraph deleted what rdflib read
            return against(store, inserted, [q for q in named if q not in kept])
    return _staged(store, update, base_iri)


def _data_deletions(update: str, base_iri: str | None) -> list[ox.Quad] | None:
    """The quads of the ``DELETE DATA`` blocks of an update made only of data operations, else None."""
    operations = algebra("update", update, base_iri)
    if operations is None or not all(getattr(op, "name", None) in DATA_OPERATIONS for op in operations):
        return None
    quads = []
    try:
        for op in operations:
            if op.name != "DeleteData":
                continue
            for triple in op.triples or ():
                quads.append(_quad(triple, ox.DefaultGraph()))
            for graph, triples in (op.quads or {}).items():
                quads += [_quad(triple, _term(graph)) for triple in triples]
    except (ValueError, TypeError):
        return None
    return quads


def _quad(triple: tuple, graph: Any) -> ox.Quad:
    """pyoxigraph checks that each term fits its place (else TypeError, which the caller catches)."""
    subject, predicate, value = (_term(term) for term in triple)
    return ox.Quad(subject, predicate, value, graph)


def _term(term: object) -> Any:
    from rdflib import BNode, Literal, URIRef  # slow to import: only for updates that need it

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return (
            ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))) if term.datatype else ox.Literal(str(term))
        )
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def _staged(store: ox.Store, update: str, base_iri: str | None) -> ChangeSet:
    """Run ``update`` on a checkpoint of ``store`` and compare the two (every quad is read: slow on large stores)."""
    folder = Path(tempfile.mkdtemp(prefix="ses-graph-staging-"))
    try:
        try:
            store.backup(folder / "copy")
            staging = ox.Store(str(folder / "copy"))
        except RuntimeError:  # an in-memory store has no checkpoint: copy it
            staging = ox.Store()
            staging.extend(store)
        staging.update(update, base_iri=base_iri, **options())
        before, after = _lines(store), _lines(staging)
        del staging
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    added = _parse("".join(sorted(after - before)))
    removed = _parse("".join(sorted(before - after)))
    return ChangeSet(added, removed)


def _lines(store: ox.Store) -> set[str]:
    return set(cast(bytes, store.dump(format=ox.RdfFormat.N_QUADS)).decode("utf-8").splitlines(keepends=True))


def apply(store: ox.Store, changes: ChangeSet, extra: Iterable[ox.Quad] = ()) -> None:
    """Make ``changes`` (and ``extra``, the write's provenance) in ``store``: removals, then one atomic extend; a
    named graph left with no quad goes.

    Applying a change set twice gives the same store, so a write interrupted half way (the process
    killed) is completed by applying it again from the journal.
    """
    for quad in changes.removed:
        store.remove(quad)
    store.extend([*changes.added, *extra])
    emptied = {q.graph_name for q in changes.removed if isinstance(q.graph_name, ox.NamedNode)}
    for graph in emptied:
        if next(store.quads_for_pattern(None, None, None, graph), None) is None:
            store.remove_graph(graph)  # a change set knows quads only: a named graph left empty is no longer one
