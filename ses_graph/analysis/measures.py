"""Structural measures of an undirected network: betweenness, Burt's constraint and effective size,
group reach, and the members cut off from a root by removing one node.

Each is a function ``graph -> dict`` keyed by node. Heavy loops run in igraph (C).
"""

from __future__ import annotations

import math
import random

import igraph as ig
import networkx as nx

__all__ = ["betweenness", "constraint", "effective_size", "group_reach", "cut_off", "components", "to_igraph"]


def to_igraph(graph: nx.Graph) -> tuple[ig.Graph, list]:
    """An undirected simple igraph copy of ``graph`` and its node list (vertex ``i`` is ``nodes[i]``)."""
    nodes = list(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    edges = {(min(index[u], index[v]), max(index[u], index[v])) for u, v in graph.edges() if u != v}
    return ig.Graph(n=len(nodes), edges=sorted(edges), directed=False), nodes


def betweenness(graph, *, samples: int | None = None, exact_limit: int = 5000, seed: int = 0,
                confidence: float = 0.95) -> dict:
    """Normalised shortest-path betweenness, exact or estimated from sampled sources.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected; directions, parallel edges and weights are ignored.
    samples : int, optional
        Number of source nodes to sample. Default: exact when the graph has at most
        ``exact_limit`` nodes, else 300 sources.
    exact_limit : int
        Largest number of nodes computed exactly when ``samples`` is not given.
    seed : int
        Seed of the source sample (the result is the same for the same graph and seed).
    confidence : float
        Confidence of the stated error bound.

    Returns
    -------
    dict
        ``{"values": {node: float}, "exact": bool, "samples": int, "error": float}``. Values are
        normalised as in :func:`networkx.betweenness_centrality` (divided by
        ``(n - 1)(n - 2) / 2``). ``error`` is 0 when exact; when sampled, every value is within
        ``error`` of the exact one with probability ``confidence`` (Hoeffding's inequality with a
        union bound over the nodes).

    Notes
    -----
    Brandes' algorithm (igraph). The sampled version sums the dependencies of ``k`` sources
    drawn without replacement and scales by ``n / k`` (Brandes & Pich 2007). The dependency of a
    source on a node is at most ``n - 2``, so each scaled term lies in ``[0, 1]`` and
    ``error = n / (n - 1) * sqrt(ln(2 n / (1 - confidence)) / (2 k))``.

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
    >>> result["values"], result["exact"]
    ({0: 0.0, 1: 1.0, 2: 0.0}, True)
    """
    g, nodes = to_igraph(graph)
    n = len(nodes)
    if n < 3:
        return {"values": {node: 0.0 for node in nodes}, "exact": True, "samples": n, "error": 0.0}
    scale = 2.0 / ((n - 1) * (n - 2))
    k = samples if samples is not None else (n if n <= exact_limit else 300)
    if k >= n:
        raw = g.betweenness(directed=False)
        return {"values": {node: raw[i] * scale for i, node in enumerate(nodes)},
                "exact": True, "samples": n, "error": 0.0}
    sources = sorted(random.Random(seed).sample(range(n), k))
    raw = g.betweenness(directed=False, sources=sources, targets=None)
    # igraph halves undirected counts; sources-only sums cover k of the n sources.
    factor = scale * 2.0 * n / (2.0 * k)
    error = n / (n - 1) * math.sqrt(math.log(2 * n / (1 - confidence)) / (2 * k))
    return {"values": {node: raw[i] * factor for i, node in enumerate(nodes)},
            "exact": False, "samples": k, "error": error}


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
    groups = {node: set(str(value or "").split()) for node, value in graph.nodes(data=attribute)}
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    out = {}
    for node in graph.nodes:
        found = set().union(*(groups[m] for m in undirected.neighbors(node) if m != node))
        out[node] = {"count": len(found), "groups": sorted(found)}
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
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    counted = set(graph.nodes) if members is None else set(members)
    disc, low, order = {root: 0}, {root: 0}, [root]
    parent = {root: None}
    cuts: dict = {}  # v -> (start, end) ranges of the DFS order cut off by removing v
    stack = [(root, iter(sorted(undirected.neighbors(root), key=str)))]
    while stack:
        v, neighbours = stack[-1]
        advanced = False
        for w in neighbours:
            if w == v:
                continue
            if w not in disc:
                disc[w] = low[w] = len(order)
                order.append(w)
                parent[w] = v
                stack.append((w, iter(sorted(undirected.neighbors(w), key=str))))
                advanced = True
                break
            if w != parent[v]:
                low[v] = min(low[v], disc[w])
        if advanced:
            continue
        stack.pop()
        p = parent[v]
        if p is not None:
            low[p] = min(low[p], low[v])
            if p != root and low[v] >= disc[p]:
                cuts.setdefault(p, []).append((disc[v], len(order)))
    prefix = [0]
    for node in order:
        prefix.append(prefix[-1] + (node in counted))
    out = {v: sum(prefix[end] - prefix[start] for start, end in cuts.get(v, ())) for v in order[1:]}
    return dict(sorted(out.items(), key=lambda item: str(item[0])))


def components(graph) -> int:
    """Number of connected components (weakly, for a directed graph)."""
    return nx.number_weakly_connected_components(graph) if graph.is_directed() else nx.number_connected_components(graph)
