"""How much a rank depends on the sources: the range of each candidate's rank when facts are left out.

The sources are incomplete: a rank that holds only thanks to one document says so. Two
perturbations of the network, each ranked again by :func:`.scores.mediator_scores`:

- each source document in turn is left out (every fact derived from it);
- ``repeats`` times, a random ``fraction`` of the facts is left out (seeded: the same graph gives
  the same ranges).

A candidate's range is the best and worst rank it gets over the full network and every
perturbation (equal scores share a rank). Nodes are never removed, only the facts that tie them.
"""

from __future__ import annotations

import random

import networkx as nx

from .scores import competition_ranks, mediator_scores
from .whatif import NATIONAL

__all__ = ["REPEATS", "FRACTION", "rank_ranges"]

#: Random perturbations and the share of the facts each leaves out.
REPEATS, FRACTION = 10, 0.1


def _without(graph: nx.MultiDiGraph, facts: set) -> nx.MultiDiGraph:
    """A view of ``graph`` without the edges of ``facts`` (nodes and their attributes kept)."""
    hidden = [(u, v, k) for u, v, k in graph.edges(keys=True) if k in facts]
    return nx.restricted_view(graph, [], hidden)


def rank_ranges(graph: nx.MultiDiGraph, kind: str, ranks: dict, *, root=NATIONAL, repeats: int = REPEATS,
                fraction: float = FRACTION, seed: int = 0, samples: int | None = None) -> dict:
    """The range of the rank of every candidate when sources or random facts are left out.

    Parameters
    ----------
    graph, kind, root, samples
        As for :func:`ses_graph.analysis.scores.mediator_scores`.
    ranks : dict
        ``{node: rank}`` on the whole network.
    repeats, fraction, seed
        The random perturbations.

    Returns
    -------
    dict
        ``{node: {"best": int, "worst": int, "without_source": {source: rank}, "random": [rank, ...]}}``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["mes", "a", "b", "x"], kind="organisation")
    >>> _ = g.add_edge("a", "mes", key="f1", fact="f1", relation="membership", source="s1")
    >>> _ = g.add_edge("x", "a", key="f2", fact="f2", relation="membership", source="s2")
    >>> _ = g.add_edge("b", "mes", key="f3", fact="f3", relation="membership", source="s2")
    >>> ranks = competition_ranks({n: e["score"] for n, e in mediator_scores(g, root="mes").items()})
    >>> out = rank_ranges(g, "organisation", ranks, root="mes", repeats=2)
    >>> ranks, out["b"]["without_source"], (out["b"]["best"], out["b"]["worst"])
    ({'a': 1, 'b': 2, 'x': 2}, {'s1': 1, 's2': 1}, (1, 2))
    """
    facts: dict[str, set] = {}
    for _, _, key, source in graph.edges(keys=True, data="source"):
        facts.setdefault(source or "", set()).add(key)
    everything = sorted({key for keys in facts.values() for key in keys})
    out = {n: {"best": r, "worst": r, "without_source": {}, "random": []} for n, r in ranks.items()}

    def record(left_out: set) -> dict:
        scores = mediator_scores(_without(graph, left_out), kind, root=root, samples=samples, seed=seed)
        found = competition_ranks({n: e["score"] for n, e in scores.items()})
        for n, entry in out.items():
            r = found.get(n, entry["worst"])
            entry["best"], entry["worst"] = min(entry["best"], r), max(entry["worst"], r)
        return found

    for source in sorted(s for s in facts if s):
        found = record(facts[source])
        for n, entry in out.items():
            entry["without_source"][source] = found.get(n)
    rng = random.Random(seed)
    for _ in range(repeats):
        found = record(set(rng.sample(everything, round(fraction * len(everything)))))
        for n, entry in out.items():
            entry["random"].append(found.get(n))
    return out
