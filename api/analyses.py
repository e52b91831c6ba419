"""The network analyses the pages serve (mediator rankings, the map), computed once and kept.

They are computed on first use, in a worker thread, and kept for the life of the application. A
writable server forgets them after every write (``invalidate``), so that the next request sees
the new data.
"""

from __future__ import annotations

import threading

import pyoxigraph as ox

from ses_graph.analysis import CANDIDATE_KINDS, graphs, mediators
from ses_graph.cartography import render_map


class Analyses:
    """Lazily computed, cached analyses of one store (thread-safe)."""

    def __init__(self, store: ox.Store):
        self._store = store
        self._lock = threading.Lock()
        self._cache: dict[tuple, object] = {}

    def invalidate(self) -> None:
        with self._lock:
            self._cache.clear()

    def _get(self, key: tuple, compute):
        with self._lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return self._cache[key]

    def _network(self):
        if ("network",) not in self._cache:
            self._cache[("network",)] = graphs.network(self._store)
        return self._cache[("network",)]

    def ranking(self, kind: str) -> list[dict]:
        """The whole ranking of one kind, as ``ses-graph mediators --kind KIND --format json`` gives it."""
        return self._get(("rankings",), lambda: mediators.rankings(self._network()))[kind]

    def map_page(self, lang: str) -> str:
        """The map page in ``lang``, its panels and mediators view from the rankings (organisations and people)."""
        ranking = [entry for kind in CANDIDATE_KINDS for entry in self.ranking(kind)]
        return self._get(("map", lang), lambda: render_map(self._store, lang=lang, ranking=ranking))
