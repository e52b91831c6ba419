"""What a node reaches: the groups among its contacts, and the members cut off from a root without it.

Each is a function ``graph -> dict`` keyed by node; a graph or an :class:`.undirected.Undirected`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

import networkx as nx

from .undirected import Undirected, undirected

__all__ = ["group_reach", "cut_off", "components"]


def group_reach(graph: nx.Graph | Undirected, attribute: str) -> dict:
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
    values: list = []
    for raw in u.values(attribute):
        value = str(raw or "")
        i = parsed.get(value)
        if i is None:
            i = parsed[value] = len(values)
            values.append(frozenset(value.split()))
        code.append(i)
    known: dict = {}  # the distinct values of a neighbourhood -> its sorted groups
    out = {}
    for node, neighbours in zip(u.nodes, u.adjacency, strict=True):
        key = frozenset([code[j] for j in neighbours])
        groups = known.get(key)
        if groups is None:
            groups = known[key] = sorted(set().union(*[values[i] for i in key]))
        out[node] = {"count": len(groups), "groups": list(groups)}
    return out


def cut_off(graph: nx.Graph | Undirected, root: str | None, members: Iterable[str] | None = None) -> dict:
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


def components(graph: nx.Graph) -> int:
    """Number of connected components (weakly, for a directed graph)."""
    return (
        nx.number_weakly_connected_components(cast(nx.DiGraph, graph)) if graph.is_directed()
        else nx.number_connected_components(graph)
    )
