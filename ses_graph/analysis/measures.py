"""Structural measures of an undirected network: betweenness, Burt's constraint and effective size.

Each is a function ``graph -> dict`` keyed by node. Heavy loops run in igraph (C). The shared
undirected copy (:class:`.undirected.Undirected`) and the measures of reach (group reach, the
members cut off from a root: :mod:`.reach`) are re-exported here.
"""

from __future__ import annotations

import math
import os
import random
from collections.abc import Callable
from typing import NamedTuple

import igraph as ig
import networkx as nx

from .processes import started
from .reach import components, cut_off, group_reach
from .undirected import Undirected, to_igraph, undirected

__all__ = ["EXACT_LIMIT", "Undirected", "betweenness", "betweenness_started", "constraint", "effective_size",
           "group_reach", "cut_off", "components", "sources", "to_igraph", "undirected"]

#: The largest network (nodes) whose betweenness is exact by default; beyond it, sources are sampled.
EXACT_LIMIT = 5000
#: The sources sampled by default beyond :data:`EXACT_LIMIT` (see :func:`betweenness`'s notes).
DEFAULT_SAMPLES = 150


def sources(nodes: int, samples: int | None = None, exact_limit: int = EXACT_LIMIT) -> int | None:
    """How many sources the betweenness of a network of ``nodes`` samples (:func:`betweenness`'s ``samples`` and
    ``exact_limit``), or None when it is exact: the one place that decides it.

    >>> sources(4000), sources(6000), sources(10, samples=20), sources(10, samples=5)
    (None, 150, None, 5)
    """
    k = samples if samples is not None else (nodes if nodes <= exact_limit else DEFAULT_SAMPLES)
    return None if nodes < 3 or k >= nodes else k


def betweenness(graph: nx.Graph | Undirected, *, samples: int | None = None, exact_limit: int = EXACT_LIMIT,
                seed: int = 0, confidence: float = 0.95, batches: int = 10, weighted: bool = False,
                processes: int | None = None) -> dict:
    """Normalised shortest-path betweenness, exact or estimated from sampled sources.

    Parameters
    ----------
    graph : networkx.Graph or Undirected
        Undirected; directions, parallel edges and weights are ignored.
    samples : int, optional
        Number of source nodes to sample. Default: exact when the graph has at most
        ``exact_limit`` nodes, else :data:`DEFAULT_SAMPLES` sources (see the notes; :func:`sources`).
    exact_limit : int
        Largest number of nodes computed exactly when ``samples`` is not given.
    seed : int
        Seed of the source sample (the result is the same for the same graph and seed).
    confidence : float
        Confidence of the stated error bound.
    batches : int
        When sampled, the sources are drawn in this many random batches of (nearly) equal size,
        whose spread gives the standard errors.
    weighted : bool
        Shortest paths on lengths ``1 / weight`` of a weighted :class:`Undirected` (Brandes
        2001; Newman 2001: a strong tie is a short distance) instead of hop counts.
    processes : int, optional
        When sampled, the batches run in this many processes of their own (default: one per
        core this process may use, :data:`PROCESSES`; 1: in this process). The values are the
        same whatever the number: each batch is the same igraph call, and their sums are made
        here, in the order of the batches.

    Returns
    -------
    dict
        ``{"values": {node: float}, "exact": bool, "samples": int, "error": float,
        "standard_errors": {node: float}, "standard_error": float}``. Values are normalised as
        in :func:`networkx.betweenness_centrality` (divided by ``(n - 1)(n - 2) / 2``).
        ``error`` is 0 when exact; when sampled, every value is within ``error`` of the exact one
        with probability ``confidence`` (Hoeffding's inequality with a union bound over the
        nodes): a guaranteed but loose bound. ``standard_errors`` are the estimated standard
        errors of each value (0 when exact), and ``standard_error`` their largest: much
        tighter, but only estimated (see the notes).

    Notes
    -----
    Brandes' algorithm (igraph). The sampled version sums the dependencies of ``k`` sources
    drawn without replacement and scales by ``n / k`` (Brandes & Pich 2007). The dependency of a
    source on a node is at most ``n - 2``, so each scaled term lies in ``[0, 1]`` and
    ``error = n / (n - 1) * sqrt(ln(2 n / (1 - confidence)) / (2 k))``.

    The standard error of a node's value is estimated from the ``B`` batch estimates
    ``b_1 .. b_B`` (each from ``k / B`` of the sources, their mean being the value ``b``):
    ``sqrt(sum_j (b_j - b)^2 / (B (B - 1)))``, times ``sqrt(1 - k / n)`` for sampling without
    replacement (the batch-means estimator of a mean's variance). It is ``nan`` with fewer than
    two batches. It understates the error of values that come from few sources (a node only
    rarely sampled sources go through gets 0 and a standard error of 0): read it as the scale of
    the sampling noise, not as a confidence interval. On the generated 10k ecosystem
    (``bench/bench_mediators.py``, 25,000 nodes; exact values from a 160 s igraph run) the
    largest exact value is 0.0022, and the largest error and largest standard error are
    0.0094 and 0.0091 with 100 sources, 0.0062 and 0.0060 with 150, 0.0037 and 0.0037 with 300:
    at that size sampled betweenness ranks the nodes only roughly whatever the sample, and the
    mediator top 20 shares 10, 9 and 9 organisations with the top 20 computed with exact
    betweenness. Hence the default of 150 sources (half the time of 300); pass ``samples``
    for more.

    References
    ----------
    Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of Mathematical
    Sociology*, 25(2), 163-177. doi:10.1080/0022250X.2001.9990249

    Brandes, U. & Pich, C. (2007). Centrality estimation in large networks. *International
    Journal of Bifurcation and Chaos*, 17(7), 2303-2318. doi:10.1142/S0218127407018403

    Examples
    --------
    >>> import networkx as nx
    >>> result = betweenness(nx.path_graph(3))
    >>> result["values"], result["exact"], result["standard_error"]
    ({0: 0.0, 1: 1.0, 2: 0.0}, True, 0.0)
    """
    return betweenness_started(graph, samples=samples, exact_limit=exact_limit, seed=seed, confidence=confidence,
                               batches=batches, weighted=weighted, processes=processes)()


#: The longest length (in hops) a weighted edge is searched through as a path of its own (:func:`_paths`).
MAX_HOPS = 8
#: How many processes the batches of a sampled betweenness run in by default: the cores this process may use.
PROCESSES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _batches(vertices: int, edges: list[tuple[int, int]], lengths: list[float] | None, targets: range,
             parts: list[list[int]]) -> list[list[float]]:
    """:meth:`_Paths.batches`, run in a process of its own: the graph is given as its edges."""
    return _Paths(ig.Graph(n=vertices, edges=edges, directed=False), lengths, targets).batches(parts)


class _Paths(NamedTuple):
    """The graph the shortest paths are searched in: ``graph`` itself, with ``lengths`` (None: hop counts), or,
    when every length is a whole number, the graph whose edges of length ``L`` are paths of ``L`` hops through
    ``L - 1`` vertices added after the ``n`` of ``graph`` (``targets``: those ``n``), searched breadth first."""

    graph: ig.Graph
    lengths: list[float] | None
    targets: range

    def betweenness(self, sources: list[int] | None = None) -> list[float]:
        """The summed dependencies of ``sources`` (every vertex of the graph when None) on each of its vertices."""
        g, n = self.graph, self.targets.stop
        if sources is None and g.vcount() == n:
            return g.betweenness(directed=False, weights=self.lengths)
        return g.betweenness(directed=False, weights=self.lengths, sources=self.targets if sources is None else
                             sources, targets=self.targets)[:n]

    def batches(self, parts: list[list[int]]) -> list[list[float]]:
        """The summed dependencies of each batch of sources of ``parts``."""
        return [self.betweenness(part) for part in parts]


def _paths(u: Undirected, weighted: bool) -> _Paths:
    """Where the shortest paths of ``u`` are searched (:class:`_Paths`). A breadth-first search on the longer graph
    counts the same shortest paths as Dijkstra's on the lengths (an added vertex lies on one path between its two
    ends, and no shortest path between vertices of ``u`` ends at one), at about half the cost in igraph (1.0
    against 1.8 CPU s for 15 sources on the generated 50k ecosystem: bench/README.md)."""
    g, n = u.igraph, u.igraph.vcount()
    if not weighted or u.weights is None:
        return _Paths(g, None, range(n))
    lengths = [1.0 / w for w in u.weights]
    if not all(length.is_integer() and length <= MAX_HOPS for length in lengths):
        return _Paths(g, lengths, range(n))
    edges, vertices = [], n
    for (i, j), length in zip(g.get_edgelist(), lengths, strict=True):
        hops = int(length)
        if hops == 1:
            edges.append((i, j))
            continue
        chain = [i, *range(vertices, vertices + hops - 1), j]
        vertices += hops - 1
        edges += zip(chain, chain[1:], strict=False)  # consecutive pairs
    return _Paths(ig.Graph(n=vertices, edges=edges, directed=False), None, range(n))


def betweenness_started(graph: nx.Graph | Undirected, *, samples: int | None = None, exact_limit: int = EXACT_LIMIT,
                        seed: int = 0, confidence: float = 0.95, batches: int = 10, weighted: bool = False,
                        processes: int | None = None) -> Callable[[], dict]:
    """:func:`betweenness`, started: a sampled one runs in other processes while the caller does something else.

    Returns the function that waits for the result and gives it (as :func:`betweenness` does).
    An exact one, or one with ``processes=1``, is computed before this returns. Should a process
    fail, its batches run again in this one (the same values).
    """
    u = undirected(graph)
    nodes = u.nodes
    paths = _paths(u, weighted)
    n = len(nodes)
    k = sources(n, samples, exact_limit)
    if k is None:
        raw = paths.betweenness() if n >= 3 else [0.0] * n
        scale = 2.0 / ((n - 1) * (n - 2)) if n >= 3 else 0.0
        exact = {"values": {node: raw[i] * scale for i, node in enumerate(nodes)}, "exact": True, "samples": n,
                 "error": 0.0, "standard_errors": {node: 0.0 for node in nodes}, "standard_error": 0.0}
        return lambda: exact
    drawn = random.Random(seed).sample(range(n), k)
    b = max(1, min(batches, k))
    parts = [sorted(drawn[j::b]) for j in range(b)]
    workers = min(b, PROCESSES if processes is None else processes)
    if workers <= 1:
        raws = paths.batches(parts)
        return lambda: _sampled(nodes, raws, parts, k, confidence)
    g = paths.graph
    edges = g.get_edgelist()
    shares = [parts[w::workers] for w in range(workers)]  # batch j goes to process j % workers
    running = [started(_batches, g.vcount(), edges, paths.lengths, paths.targets, share)
               for share in shares]

    def finished() -> dict:
        found = [result() for result in running]
        raws = [found[j % workers][j // workers] for j in range(b)]
        return _sampled(nodes, raws, parts, k, confidence)

    return finished


def _sampled(nodes: list, raws: list[list[float]], parts: list[list[int]], k: int, confidence: float) -> dict:
    """The estimate of a sampled betweenness from the summed dependencies of each batch of sources (``raws``)."""
    n, b = len(nodes), len(parts)
    # igraph halves undirected counts; sources-only sums cover k of the n sources.
    scale = 2.0 / ((n - 1) * (n - 2)) * n
    estimates = []  # per batch: the values estimated from that batch alone
    total = [0.0] * n
    for part, raw in zip(parts, raws, strict=True):
        total = [t + r for t, r in zip(total, raw, strict=True)]
        factor = scale / len(part)
        estimates.append([r * factor for r in raw])
    values = [t * scale / k for t in total]
    if b > 1:
        fpc = (1 - k / n) / (b * (b - 1))
        se = [math.sqrt(fpc * sum((e[i] - values[i]) ** 2 for e in estimates)) for i in range(n)]
    else:
        se = [math.nan] * n
    error = n / (n - 1) * math.sqrt(math.log(2 * n / (1 - confidence)) / (2 * k))
    return {"values": dict(zip(nodes, values, strict=True)), "exact": False, "samples": k, "error": error,
            "standard_errors": dict(zip(nodes, se, strict=True)), "standard_error": max(se)}


def constraint(graph: nx.Graph | Undirected, *, weighted: bool = False) -> dict:
    """Burt's constraint of every node (unweighted ties, or the weights of a weighted :class:`Undirected`).

    Parameters
    ----------
    graph : networkx.Graph
        Undirected; directions, parallel edges and weights are ignored.

    Returns
    -------
    dict
        ``{node: float}``; ``nan`` for an isolated node, as in :func:`networkx.constraint`.
        Low constraint means contacts that are not tied to one another: brokerage opportunity.

    Notes
    -----
    ``c_i = sum_j (p_ij + sum_q p_iq p_qj)^2`` over the contacts ``j`` of ``i``, with
    ``p_ij = 1 / deg(i)``, or ``w_ij / sum_q w_iq`` when weighted (Burt 1992: the proportion of
    ``i``'s network time and energy invested in ``j``). Computed by igraph; equal to
    :func:`networkx.constraint`.

    References
    ----------
    Burt, R. S. (2004). Structural holes and good ideas. *American Journal of Sociology*,
    110(2), 349-399. doi:10.1086/421787

    Examples
    --------
    >>> import networkx as nx
    >>> values = constraint(nx.star_graph(3))
    >>> round(values[0], 4), values[1]
    (0.3333, 1.0)
    """
    u = undirected(graph)
    g, nodes = u.igraph, u.nodes
    values = g.constraint(weights="weight" if weighted and u.weights is not None else None)
    degree = g.degree()
    return {node: (values[i] if degree[i] else math.nan) for i, node in enumerate(nodes)}


def effective_size(graph: nx.Graph | Undirected) -> dict:
    """Burt's effective size of every node (unweighted ties).

    Parameters
    ----------
    graph : networkx.Graph
        Undirected; directions, parallel edges and weights are ignored.

    Returns
    -------
    dict
        ``{node: float}``: the number of contacts minus the redundancy among them,
        ``deg - 2 t / deg`` with ``t`` the ties among the contacts (Borgatti 1997); ``nan`` for
        an isolated node, as in :func:`networkx.effective_size`.

    References
    ----------
    Burt, R. S. (2004). Structural holes and good ideas. *American Journal of Sociology*,
    110(2), 349-399. doi:10.1086/421787 (the measure: Burt 1992, *Structural Holes*; the
    unweighted formula: Borgatti 1997, *Connections* 20(1), 35-38)

    Examples
    --------
    >>> import networkx as nx
    >>> effective_size(nx.complete_graph(3))[0], effective_size(nx.star_graph(3))[0]
    (1.0, 3.0)
    """
    g, nodes = to_igraph(graph)
    degree = g.degree()
    local = g.transitivity_local_undirected(mode="zero")
    out = {}
    for i, node in enumerate(nodes):
        d = degree[i]
        ties = local[i] * d * (d - 1) / 2
        out[node] = d - 2 * ties / d if d else math.nan
    return out
