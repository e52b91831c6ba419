"""The stored mediator rankings brought up to date after writes, in small steps that writes can come between.

A write marks the stored rankings stale (:func:`ses_graph.provenance.invalidation`). :func:`plan` computes them
again on a read-only snapshot of the store (in a process of its own: :mod:`ses_graph.api.refresh`) and compares
them with the snapshot's, entity by entity: only the entities whose statements differ are written, into files
of at most ``chunk`` quads each. The store's writer then makes one file at a time (:func:`apply`), a short step
each (removing the whole mediators graph and loading it again took 14 s of CPU at 10,000 organisations, most of
it the removal), and last removes the marks of the writes that the new rankings count (:func:`settle`); the marks
of the writes made since the snapshot stay, and the next refresh counts them. Between two steps a ranking mixes
former and new entries (each entity's whole), and says it is stale: the marks go last.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from . import provenance, terms
from .analysis import stored
from .build import mediator_quads

#: Quads of new statements per step (one call of the writer): some 20 ms of work on a quiet machine.
CHUNK = 2000
GRAPH = terms.MEDIATORS_GRAPH


def _by_entity(quads: Iterable[ox.Quad]) -> dict[ox.NamedNode, set[ox.Quad]]:
    grouped: dict[ox.NamedNode, set[ox.Quad]] = defaultdict(set)
    for quad in quads:
        if quad.subject != GRAPH:  # the marks of stale writes are the writer's to remove
            grouped[cast(ox.NamedNode, quad.subject)].add(quad)
    return grouped


def canonical(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """``quads`` as a store gives them back (``"0.0"^^xsd:double`` is stored as ``"0"``), so that they compare."""
    memory = ox.Store()
    memory.extend(quads)
    return list(memory)


def plan(snapshot: ox.Store, folder: Path, chunk: int = CHUNK) -> dict:
    """The rankings of ``snapshot`` computed again, and the steps that make them in the store it was taken of:
    ``{"counted": [activity IRI...], "steps": [{"file": PATH, "entities": [IRI...]}...]}``, each file the new
    statements of its entities (an entity no longer ranked has none)."""
    counted = stored.stale_changes(snapshot)
    new = _by_entity(canonical(mediator_quads(snapshot)))
    old = _by_entity(snapshot.quads_for_pattern(None, None, None, GRAPH))
    changed = sorted((e for e in new.keys() | old.keys() if new.get(e) != old.get(e)), key=lambda e: e.value)
    steps: list[dict] = []
    batch: list[ox.NamedNode] = []
    size = 0
    for entity in [*changed, None]:
        if entity is not None:
            batch.append(entity)
            size += len(new.get(entity, ()))
        if batch and (entity is None or size >= chunk):
            path = folder / f"step-{len(steps):05d}.nq"
            ox.serialize(sorted(itertools.chain.from_iterable(new.get(e, ()) for e in batch), key=str), str(path),
                         format=ox.RdfFormat.N_QUADS)
            steps.append({"file": str(path), "entities": [e.value for e in batch]})
            batch, size = [], 0
    return {"counted": counted, "steps": steps}


def apply(store: ox.Store, path: str, entities: list[str]) -> None:
    """One step of :func:`plan`: the statements of ``entities`` in the mediators graph become those of the file."""
    new = _by_entity(ox.parse(path=path, format=ox.RdfFormat.N_QUADS))
    for iri in entities:
        entity = ox.NamedNode(iri)
        old = set(store.quads_for_pattern(entity, None, None, GRAPH))
        for quad in old - new.get(entity, set()):
            store.remove(quad)
        store.extend(new.get(entity, set()) - old)


def settle(store: ox.Store, counted: list[str]) -> None:
    """The last step: the marks of the writes that the new rankings count go (those of later writes stay)."""
    for iri in counted:
        store.remove(ox.Quad(GRAPH, provenance.INVALIDATED_BY, ox.NamedNode(iri), GRAPH))
