"""The words of the mediator analysis, read from the ontology's schemes: labels of levels and roles
in French and English, and which roles are governance or representation mandates.

The mandates are the members of the collection ``role:public-mandates`` of ``ontology/schemes.ttl``
(the same declaration the public view reads). :func:`read` runs one internal query
(``ses_graph/sparql/mediator-vocabulary.rq``); :func:`ses_graph.analysis.graphs.network` keeps the
result in the graph's attributes (``graph.graph["vocabulary"]``), so that the ranking of a graph
made by hand falls back on :data:`EMPTY` (IRIs shortened, no mandate roles).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

import networkx as nx
import pyoxigraph as ox

from .. import queries
from ..resources import internal_query

__all__ = ["LANGS", "Vocabulary", "EMPTY", "read", "of", "root_of"]

#: The languages of the explanations.
LANGS = ("fr", "en")


@dataclass(frozen=True)
class Vocabulary:
    """Labels of concepts by IRI (``{iri: {"fr": ..., "en": ...}}``), their order in their scheme
    (``skos:notation``), the IRIs of the mandate roles, and the national hub the ontology names
    (``ses:nationalHub``), the root of the analysis."""

    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    mandates: frozenset[str] = frozenset()
    order: dict[str, int] = field(default_factory=dict)
    hub: str | None = None

    def sort(self, iris: Iterable[str]) -> list[str]:
        """``iris`` in their schemes' order (local to international), unknown ones last by IRI."""
        return sorted(iris, key=lambda iri: (self.order.get(iri, 1 << 30), iri))

    def label(self, iri: str, lang: str) -> str:
        """The label of ``iri`` in ``lang`` (the other language, else the IRI's last segment, when missing).

        >>> EMPTY.label("https://w3id.org/ses-graph/id/level/european", "fr")
        'european'
        """
        found = self.labels.get(iri, {})
        return found.get(lang) or next(iter(found.values()), "") or iri.rstrip("/").rsplit("/", 1)[-1]


#: The vocabulary of a graph that carries none.
EMPTY = Vocabulary()


def read(store: ox.Store) -> Vocabulary:
    """The labels of the levels and roles, the mandate roles and the national hub declared in ``store``'s ontology."""
    result = cast(ox.QuerySolutions,
                  queries.execute(store, internal_query("mediator-vocabulary"), origin="mediator-vocabulary"))
    labels: dict[str, dict[str, str]] = {}
    mandates = set()
    order = {}
    for row in result:
        concept = row["concept"].value
        if row["notation"] is not None and row["notation"].value.isdigit():
            order[concept] = int(row["notation"].value)
        labels[concept] = {lang: row[lang].value for lang in LANGS if row[lang] is not None}
        if row["mandate"] is not None:  # bound only for a member of the collection (any engine's spelling of true)
            mandates.add(concept)
    hubs = cast(ox.QuerySolutions, queries.execute(store, internal_query("national-hub"), origin="national-hub"))
    hub = next((row["hub"].value for row in hubs), None)
    return Vocabulary(dict(sorted(labels.items())), frozenset(mandates), order, hub)


def of(graph: nx.Graph) -> Vocabulary:
    """The vocabulary kept in a network's attributes (:data:`EMPTY` when it has none)."""
    return graph.graph.get("vocabulary", EMPTY)


def root_of(graph: nx.Graph, root: str | None = None) -> str | None:
    """``root``, else the national hub of ``graph``'s vocabulary (None for a graph that carries none)."""
    return of(graph).hub if root is None else root
