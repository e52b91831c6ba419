"""Who wrote what, when: each accepted write is a ``prov:Activity`` in the named graph of changes.

The activity (``id:change/ID``, ID the journal entry's) names its agent (``id:agent/HOLDER``, with
the holder's name), the agent's role, its time and its change set (the added and removed quads, as
N-Quads text); an accepted proposal names its contributor too (``ses:proposer``) and the proposal's id
(``ses:proposal``); every entity the write describes is linked to it by ``prov:wasGeneratedBy``. The
shape of these statements is in ``ses_graph/sparql/activity.rq`` and ``generated.rq`` and ``proposed.rq``.

A write to a store that holds the stored mediator rankings makes them stale: it states so in the
mediators graph, in the same transaction, by :func:`invalidation` (the graph ``prov:wasInvalidatedBy``
the activity), until the rankings are computed again with it (:mod:`ses_graph.api.refresh`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, cast
from urllib.parse import quote

import pyoxigraph as ox

from . import terms
from .journal import Entry
from .resources import internal_query


def activity_iri(entry_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{terms.ID}change/{quote(entry_id, safe='')}")


def agent_iri(holder: str) -> ox.NamedNode:
    slug = re.sub(r"[^0-9a-z]+", "-", holder.lower()).strip("-") or "agent"
    return ox.NamedNode(f"{terms.ID}agent/{quote(slug, safe='-')}")


def quads(entry: Entry) -> list[ox.Quad]:
    """The provenance statements of ``entry``, in the changes graph."""
    activity = activity_iri(entry.id)
    added, removed = entry.changes.to_text()
    values: dict[str, ox.NamedNode | ox.Literal] = {
        "activity": activity, "agent": agent_iri(entry.agent.holder), "holder": ox.Literal(entry.agent.holder),
        "role": ox.Literal(entry.agent.role), "when": ox.Literal(entry.time),
        "added": ox.Literal(added), "removed": ox.Literal(removed)}
    store = ox.Store()

    def construct(query: str, bound: Mapping[str, Any]) -> Iterable[ox.Triple]:
        return cast(ox.QueryTriples, store.query(query, substitutions={ox.Variable(k): v for k, v in bound.items()}))

    triples = list(construct(internal_query("activity"), values))
    if entry.proposer is not None:
        proposed = {"activity": activity, "proposer": agent_iri(entry.proposer.holder),
                    "holder": ox.Literal(entry.proposer.holder), "proposal": ox.Literal(cast(str, entry.proposal))}
        triples += construct(internal_query("proposed"), proposed)
    generated = internal_query("generated")
    for entity in sorted({q.subject for q in entry.changes.added if q.graph_name == ox.DefaultGraph()}, key=str):
        triples += construct(generated, {"entity": entity, "activity": activity})
    return [ox.Quad(t.subject, t.predicate, t.object, terms.CHANGES_GRAPH) for t in triples]


#: The stored mediator rankings (the graph holding them) were made stale by an activity.
INVALIDATED_BY = ox.NamedNode(terms.PROV + "wasInvalidatedBy")


def invalidation(entry_id: str) -> ox.Quad:
    """The statement that the write ``entry_id`` made the stored mediator rankings stale (in their graph)."""
    return ox.Quad(terms.MEDIATORS_GRAPH, INVALIDATED_BY, activity_iri(entry_id), terms.MEDIATORS_GRAPH)


def recorded(store: ox.Store, entry: Entry) -> bool:
    """Whether ``store`` holds the provenance of ``entry`` (the last thing a write adds: then the write is whole)."""
    return any(store.quads_for_pattern(activity_iri(entry.id), None, None, terms.CHANGES_GRAPH))
