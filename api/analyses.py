"""The network analyses the pages serve (mediator rankings, the map), computed once and kept.

The rankings are those the build stored in the mediators graph (:mod:`ses_graph.analysis.stored`),
computed from the data only for a store that holds none (built without them). On a writable server,
between a write and their refresh in the background (:mod:`ses_graph.api.refresh`), they are the stored
ones, marked stale by the write: :meth:`Analyses.stale` says since when. They are read on first use, in a
worker thread, and kept for the life of this object; every write gives the application a new one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar, cast

import networkx as nx
import pyoxigraph as ox

from ses_graph.analysis import CANDIDATE_KINDS, graphs, mediators, stored
from ses_graph.cartography import render_map

T = TypeVar("T")


class Analyses:
    """Lazily computed, cached analyses of one store (thread-safe)."""

    def __init__(self, store: ox.Store):
        self._store = store
        self._lock = threading.Lock()
        self._cache: dict[tuple, object] = {}

    def _get(self, key: tuple, compute: Callable[[], T]) -> T:
        with self._lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return cast(T, self._cache[key])  # what ``compute`` gave for this key

    def _network(self) -> nx.MultiDiGraph:
        if ("network",) not in self._cache:
            self._cache[("network",)] = graphs.network(self._store)
        return cast(nx.MultiDiGraph, self._cache[("network",)])

    def _rankings(self) -> dict[str, list[dict]]:
        read = {kind: stored.read(self._store, kind) for kind in CANDIDATE_KINDS}
        found = {kind: entries for kind, entries in read.items() if entries is not None}
        if len(found) == len(read):
            return found
        return mediators.rankings(self._network())

    def stale(self) -> str | None:
        """Since when the stored rankings are stale (the time of the oldest write they do not count), or None."""
        return self._get(("stale",), lambda: stored.stale(self._store))

    def ranking(self, kind: str) -> list[dict]:
        """The whole ranking of one kind, as ``ses-graph mediators --kind KIND --format json`` gives it."""
        return self._get(("rankings",), self._rankings)[kind]

    def map_page(self, lang: str) -> str:
        """The map page in ``lang``, its panels and mediators view from the rankings (organisations and people)."""
        ranking = [entry for kind in CANDIDATE_KINDS for entry in self.ranking(kind)]
        return self._get(("map", lang), lambda: render_map(self._store, lang=lang, ranking=ranking))
