"""Structural measures of an undirected network: betweenness, Burt's constraint and effective size,
group reach, and the members cut off from a root by removing one node.

Each is a function ``graph -> dict`` keyed by node. Heavy loops run in igraph (C).
"""

from __future__ import annotations

import math
import random

import igraph as ig
import networkx as nx

__all__ = ["Undirected", "betweenness", "constraint", "effective_size", "group_reach", "cut_off", "components",
           "to_igraph"]


class Undirected:
    """A graph read as undirected and simple, indexed once so that several measures can share it.

    Every measure of this module accepts either a networkx graph or an ``Undirected``; give the
    same ``Undirected`` to several of them to convert the graph once.

    Attributes
    ----------
    graph : networkx graph
        The graph it was made from (node attributes are read there).
    nodes : list
        The nodes, in ``graph`` order; vertex ``i`` is ``nodes[i]``.
    index : dict
        ``{node: i}``.
    igraph : igraph.Graph
        Undirected, simple (directions, parallel edges and self-loops dropped), edges sorted.
    adjacency : list of list of int
        The neighbours of each vertex (computed on first use).

    Examples
    --------
    >>> import networkx as nx
    >>> u = Undirected(nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "c")]))
    >>> u.nodes, u.igraph.get_edgelist(), u.adjacency
    (['a', 'b', 'c'], [(0, 1), (1, 2)], [[1], [0, 2], [1]])
    """

    def __init__(self, graph):
        self.graph = graph
        self.nodes = list(graph.nodes)
        self.index = index = {node: i for i, node in enumerate(self.nodes)}
        edges = [(i, index[v]) for u, neighbours in graph.adj.items() for i in (index[u],) for v in neighbours]
        # igraph drops the loops and merges parallel edges in C; the edge list comes out sorted,
        # (i, j) with i < j, as sorted(set(...)) would give it.
        self.igraph = ig.Graph(n=len(self.nodes), edges=edges, directed=False)
        self.igraph.simplify(multiple=True, loops=True)
        self._adjacency = None

    @property
    def adjacency(self) -> list:
        if self._adjacency is None:
            self._adjacency = self.igraph.get_adjlist()
        return self._adjacency


def undirected(graph) -> Undirected:
    """``graph`` itself if it is an :class:`Undirected`, else a new one made from it."""
    return graph if isinstance(graph, Undirected) else Undirected(graph)


def to_igraph(graph) -> tuple[ig.Graph, list]:
    """An undirected simple igraph copy of ``graph`` and its node list (vertex ``i`` is ``nodes[i]``)."""
    u = undirected(graph)
    return u.igraph, u.nodes


def betweenness(graph, *, samples: int | None = None, exact_limit: int = 5000, seed: int = 0,
                confidence: float = 0.95, batches: int = 10) -> dict:
    """Normalised shortest-path betweenness, exact or estimated from sampled sources.

    Parameters
    ----------
    graph : networkx.Graph or Undirected
        Undirected; directions, parallel edges and weights are ignored.
    samples : int, optional
        Number of source nodes to sample. Default: exact when the graph has at most
        ``exact_limit`` nodes, else 150 sources (see the notes).
    exact_limit : int
        Largest number of nodes computed exactly when ``samples`` is not given.
    seed : int
        Seed of the source sample (the result is the same for the same graph and seed).
    confidence : float
        Confidence of the stated error bound.
    batches : int
        When sampled, the sources are drawn in this many random batches of (nearly) equal size,
        whose spread gives the standard errors.

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
    g, nodes = to_igraph(graph)
    n = len(nodes)
    k = samples if samples is not None else (n if n <= exact_limit else 150)
    if n < 3 or k >= n:
        raw = g.betweenness(directed=False) if n >= 3 else [0.0] * n
        scale = 2.0 / ((n - 1) * (n - 2)) if n >= 3 else 0.0
        return {"values": {node: raw[i] * scale for i, node in enumerate(nodes)}, "exact": True,
                "samples": n, "error": 0.0, "standard_errors": {node: 0.0 for node in nodes}, "standard_error": 0.0}
    drawn = random.Random(seed).sample(range(n), k)
    # igraph halves undirected counts; sources-only sums cover k of the n sources.
    scale = 2.0 / ((n - 1) * (n - 2)) * n
    b = max(1, min(batches, k))
    parts = [sorted(drawn[j::b]) for j in range(b)]
    estimates = []  # per batch: the values estimated from that batch alone
    total = [0.0] * n
    for part in parts:
        raw = g.betweenness(directed=False, sources=part, targets=None)
        total = [t + r for t, r in zip(total, raw)]
        factor = scale / len(part)
        estimates.append([r * factor for r in raw])
    values = [t * scale / k for t in total]
    if b > 1:
        fpc = (1 - k / n) / (b * (b - 1))
        se = [math.sqrt(fpc * sum((e[i] - values[i]) ** 2 for e in estimates)) for i in range(n)]
    else:
        se = [math.nan] * n
    error = n / (n - 1) * math.sqrt(math.log(2 * n / (1 - confidence)) / (2 * k))
    return {"values": dict(zip(nodes, values)), "exact": False, "samples": k, "error": error,
            "standard_errors": dict(zip(nodes, se)), "standard_error": max(se)}


def constraint(graph) -> dict:
    """Burt's constraint of every node (unweighted ties).

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
    ``p_ij = 1 / deg(i)``. Computed by igraph; equal to :func:`networkx.constraint`.

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
    g, nodes = to_igraph(graph)
    values = g.constraint()
    degree = g.degree()
    return {node: (values[i] if degree[i] else math.nan) for i, node in enumerate(nodes)}


def effective_size(graph) -> dict:
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


def group_reach(graph, attribute: str) -> dict:
    """The distinct groups among each node's contacts.

    Parameters
    ----------
    graph : networkx.Graph
        The network; for a directed graph, contacts in both directions count.
    attribute : str
        Node attribute holding the group, or several groups separated by spaces (as the
        ``level``, ``regions`` and ``axes`` attributes of :func:`ses_graph.analysis.graphs.network`).
        Contacts without the attribute (or with an empty value) count for no group.

    Returns
    -------
    dict
        ``{node: {"count": int, "groups": [sorted group values]}}``.

    References
    ----------
    Burt, R. S. (2004). Structural holes and good ideas. *American Journal of Sociology*,
    110(2), 349-399. doi:10.1086/421787 (ties that span groups as the broker's advantage)

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.path_graph(3)
    >>> nx.set_node_attributes(g, {0: "regional", 1: "", 2: "national european"}, "level")
    >>> group_reach(g, "level")[1]
    {'count': 3, 'groups': ['european', 'national', 'regional']}
    """
    u = undirected(graph)
    parsed: dict = {}  # many nodes share a value: split each value once
    code = []  # node index -> index of its value in ``values``
    values = []
    for _, value in u.graph.nodes(data=attribute):
        value = str(value or "")
        i = parsed.get(value)
        if i is None:
            i = parsed[value] = len(values)
            values.append(frozenset(value.split()))
        code.append(i)
    known: dict = {}  # the distinct values of a neighbourhood -> its sorted groups
    out = {}
    for node, neighbours in zip(u.nodes, u.adjacency):
        key = frozenset([code[j] for j in neighbours])
        groups = known.get(key)
        if groups is None:
            groups = known[key] = sorted(set().union(*[values[i] for i in key]))
        out[node] = {"count": len(groups), "groups": list(groups)}
    return out


def cut_off(graph, root, members=None) -> dict:
    """For every node, how many members lose every path to ``root`` when that node is removed.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected (a directed graph is read as undirected).
    root : node
        The node to stay connected to (e.g. the national movement).
    members : iterable of nodes, optional
        The nodes that count. Default: every node.

    Returns
    -------
    dict
        ``{node: int}`` for every node of ``root``'s component other than ``root``, sorted by
        node. Members not connected to ``root`` at all are never counted. To list the members,
        see :func:`ses_graph.analysis.whatif.what_if`.

    Notes
    -----
    One depth-first search from ``root`` (Hopcroft & Tarjan): removing ``v`` cuts off the
    subtree of each DFS child ``c`` with ``low(c) >= disc(v)``; subtrees are ranges of the DFS
    order, counted with prefix sums. Linear time and memory.

    References
    ----------
    Hopcroft, J. & Tarjan, R. (1973). Algorithm 447: efficient algorithms for graph
    manipulation. *Communications of the ACM*, 16(6), 372-378. doi:10.1145/362248.362272

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([("mes", "a"), ("a", "b"), ("a", "c"), ("b", "c"), ("mes", "d")])
    >>> cut_off(g, "mes")
    {'a': 2, 'b': 0, 'c': 0, 'd': 0}
    """
    u = undirected(graph)
    if root not in u.index:
        raise nx.NetworkXError(f"The node {root} is not in the graph.")
    counted = [False] * len(u.nodes)
    for m in (u.nodes if members is None else members):
        i = u.index.get(m)
        if i is not None:
            counted[i] = True
    adjacency = u.adjacency
    r = u.index[root]
    disc, low, parent, order = {r: 0}, {r: 0}, {r: -1}, [r]
    cuts: dict = {}  # v -> (start, end) ranges of the DFS order cut off by removing v
    stack = [(r, iter(adjacency[r]))]
    while stack:
        v, neighbours = stack[-1]
        advanced = False
        for w in neighbours:
            if w not in disc:
                disc[w] = low[w] = len(order)
                order.append(w)
                parent[w] = v
                stack.append((w, iter(adjacency[w])))
                advanced = True
                break
            if w != parent[v] and disc[w] < low[v]:
                low[v] = disc[w]
        if advanced:
            continue
        stack.pop()
        p = parent[v]
        if p >= 0:
            if low[v] < low[p]:
                low[p] = low[v]
            if p != r and low[v] >= disc[p]:
                cuts.setdefault(p, []).append((disc[v], len(order)))
    prefix = [0]
    for i in order:
        prefix.append(prefix[-1] + counted[i])
    nodes = u.nodes
    out = {nodes[v]: sum(prefix[end] - prefix[start] for start, end in cuts.get(v, ())) for v in order[1:]}
    return dict(sorted(out.items(), key=lambda item: str(item[0])))


def components(graph) -> int:
    """Number of connected components (weakly, for a directed graph)."""
    return nx.number_weakly_connected_components(graph) if graph.is_directed() else nx.number_connected_components(graph)
