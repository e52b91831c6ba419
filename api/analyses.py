"""The network analyses the pages serve (mediator rankings, the map), computed once and kept.

The rankings are those the build stored in the mediators graph (:mod:`ses_graph.analysis.stored`),
computed only for a store that has none. They are read on first use, in a worker thread, and kept
for the life of the application. A writable server forgets them after every write (``invalidate``)
and computes them from the data from then on, so that the next request sees the new data.
"""

from __future__ import annotations

import threading

import pyoxigraph as ox

from ses_graph.analysis import graphs, mediators, output, stored
from ses_graph.cartography import render_map

KINDS = ("organisation", "person")


class Analyses:
    """Lazily computed, cached analyses of one store (thread-safe)."""

    def __init__(self, store: ox.Store, stored: bool = True):
        """``stored``: the rankings the build stored still hold (False after a write)."""
        self._store = store
        self._lock = threading.Lock()
        self._cache: dict[tuple, object] = {}
        self._stored_current = stored

    def invalidate(self) -> None:
        with self._lock:
            self._cache.clear()
            self._stored_current = False

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
        return self._get(("ranking", kind), lambda: self._read_or_compute(kind))

    def _read_or_compute(self, kind: str) -> list[dict]:
        entries = stored.read(self._store, kind) if self._stored_current else None
        return mediators.ranking(self._network(), kind) if entries is None else entries

    def scores(self) -> dict[str, float]:
        """Mediator score by entity IRI, organisations and people together (node sizes of the map)."""
        return {entry["entity"]: entry["score"] for kind in KINDS for entry in self.ranking(kind)}

    def map_page(self, lang: str) -> str:
        scores = self.scores()
        panels = output.panel_texts(entry for kind in KINDS for entry in self.ranking(kind))
        return self._get(("map", lang), lambda: render_map(self._store, lang=lang, scores=scores, panels=panels))
