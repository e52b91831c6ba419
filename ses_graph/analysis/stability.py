"""How much a rank depends on the sources: the range of each candidate's rank when facts are left out.

The sources are incomplete: a rank that holds only thanks to one document says so. Two
perturbations of the network, each ranked again by :func:`.scores.mediator_scores`:

- each source document in turn is left out (every fact derived from it); when there are more than
  :data:`MAX_SOURCES`, the ones behind the most facts (the others weigh less than the random draws);
- ``repeats`` times, a random ``fraction`` of the facts is left out (seeded: the same graph gives
  the same ranges).

A candidate's range is the best and worst rank it gets over the full network and every
perturbation (equal scores share a rank). Nodes are never removed, only the facts that tie them.
"""

from __future__ import annotations

import random
from typing import cast

import networkx as nx

from .scores import competition_ranks, measure, mediator_scores
from .vocabulary import root_of

__all__ = ["REPEATS", "FRACTION", "MAX_SOURCES", "rank_ranges"]

#: Random perturbations and the share of the facts each leaves out; sources left out in turn, at most.
REPEATS, FRACTION, MAX_SOURCES = 10, 0.1, 20


def _without(graph: nx.MultiDiGraph, facts: set) -> nx.MultiDiGraph:
    """A view of ``graph`` without the edges of ``facts`` (nodes and their attributes kept)."""
    hidden = [(u, v, k) for u, v, k in graph.edges(keys=True) if k in facts]
    return cast(nx.MultiDiGraph, nx.restricted_view(graph, [], hidden))  # a view has its graph's class


def rank_ranges(graph: nx.MultiDiGraph, ranks: dict[str, dict], *, root: str | None = None, repeats: int = REPEATS,
                fraction: float = FRACTION, seed: int = 0, samples: int | None = None) -> dict[str, dict]:
    """The range of the rank of every candidate when sources or random facts are left out.

    Parameters
    ----------
    graph, root, samples
        As for :func:`ses_graph.analysis.scores.mediator_scores`.
    ranks : dict
        ``{kind: {node: rank}}`` on the whole network, for one kind or both (each perturbation's
        network measures are shared by the kinds).
    repeats, fraction, seed
        The random perturbations.

    Returns
    -------
    dict
        ``{kind: {node: {"best": int, "worst": int, "without_source": {source: rank}, "random": [rank, ...]}}}``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["mes", "a", "b", "x"], kind="organisation")
    >>> _ = g.add_edge("a", "mes", key="f1", fact="f1", relation="membership", source="s1")
    >>> _ = g.add_edge("x", "a", key="f2", fact="f2", relation="membership", source="s2")
    >>> _ = g.add_edge("b", "mes", key="f3", fact="f3", relation="membership", source="s2")
    >>> ranks = competition_ranks({n: e["score"] for n, e in mediator_scores(g, root="mes").items()})
    >>> out = rank_ranges(g, {"organisation": ranks}, root="mes", repeats=2)["organisation"]
    >>> ranks, out["b"]["without_source"], (out["b"]["best"], out["b"]["worst"])
    ({'a': 1, 'b': 2, 'x': 2}, {'s1': 1, 's2': 1}, (1, 2))
    """
    root = root_of(graph, root)
    facts: dict[str, set] = {}
    source: str | None
    for _, _, key, source in graph.edges(keys=True, data="source"):
        facts.setdefault(source or "", set()).add(key)
    everything = sorted({key for keys in facts.values() for key in keys})
    out = {kind: {n: {"best": r, "worst": r, "without_source": {}, "random": []} for n, r in found.items()}
           for kind, found in ranks.items()}

    def record(left_out: set) -> dict[str, dict]:
        view = _without(graph, left_out)
        measured = measure(view, root=root, samples=samples, seed=seed)
        ranked = {}
        for kind, entries in out.items():
            scores = mediator_scores(view, kind, root=root, measured=measured)
            found = ranked[kind] = competition_ranks({n: e["score"] for n, e in scores.items()})
            for n, entry in entries.items():
                r = found.get(n, entry["worst"])
                entry["best"], entry["worst"] = min(entry["best"], r), max(entry["worst"], r)
        return ranked

    chosen = sorted((s for s in facts if s), key=lambda s: (-len(facts[s]), s))[:MAX_SOURCES]
    for source in sorted(chosen):
        ranked = record(facts[source])
        for kind, entries in out.items():
            for n, entry in entries.items():
                entry["without_source"][source] = ranked[kind].get(n)
    rng = random.Random(seed)
    for _ in range(repeats):
        ranked = record(set(rng.sample(everything, round(fraction * len(everything)))))
        for kind, entries in out.items():
            for n, entry in entries.items():
                entry["random"].append(ranked[kind].get(n))
    return out
