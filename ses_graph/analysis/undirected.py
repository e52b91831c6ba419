"""A graph read as undirected and simple, indexed once and shared by the measures (igraph underneath).

Optionally weighted: the weight of a pair is the largest weight of the ties between them (the
strongest tie counts, see :mod:`.ties`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import igraph as ig
import networkx as nx

__all__ = ["Undirected", "undirected", "to_igraph"]


class Undirected:
    """A graph read as undirected and simple, indexed once so that several measures can share it.

    Every measure of this module accepts either a networkx graph or an ``Undirected``; give the
    same ``Undirected`` to several of them to convert the graph once.

    Attributes
    ----------
    graph : networkx graph
        The graph it was made from (node attributes are read there: :meth:`values`); empty once
        :meth:`detached`.
    nodes : list
        The nodes, in ``graph`` order; vertex ``i`` is ``nodes[i]``.
    index : dict
        ``{node: i}``.
    igraph : igraph.Graph
        Undirected, simple (directions, parallel edges and self-loops dropped), edges sorted.
    adjacency : list of list of int
        The neighbours of each vertex (computed on first use).
    weights : list of float or None
        With ``weight`` (a function of one edge's attribute dict, or of a multigraph edge's), the
        weight of each igraph edge: the largest of the ties it merges. None without.

    Examples
    --------
    >>> import networkx as nx
    >>> u = Undirected(nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "c")]))
    >>> u.nodes, u.igraph.get_edgelist(), u.adjacency
    (['a', 'b', 'c'], [(0, 1), (1, 2)], [[1], [0, 2], [1]])
    >>> g = nx.MultiDiGraph([("a", "b", {"w": 1.0}), ("b", "a", {"w": 0.5}), ("b", "c", {"w": 0.25})])
    >>> Undirected(g, weight=lambda d: d["w"]).weights
    [1.0, 0.25]
    """

    def __init__(self, graph: nx.Graph, weight: Callable[[dict], float] | None = None) -> None:
        self.graph = graph
        self.nodes = list(graph.nodes)
        self.index = index = {node: i for i, node in enumerate(self.nodes)}
        edges = [(i, index[v]) for u, neighbours in graph.adj.items() for i in (index[u],) for v in neighbours]
        # igraph drops the loops and merges parallel edges in C; the edge list comes out sorted,
        # (i, j) with i < j, as sorted(set(...)) would give it.
        self.igraph = ig.Graph(n=len(self.nodes), edges=edges, directed=False)
        self.weights = None
        if weight is None:
            self.igraph.simplify(multiple=True, loops=True)
        else:
            multi = graph.is_multigraph()
            self.igraph.es["weight"] = [max(map(weight, data.values())) if multi else weight(data)
                                        for neighbours in graph.adj.values() for data in neighbours.values()]
            self.igraph.simplify(multiple=True, loops=True, combine_edges={"weight": "max"})
            self.weights = self.igraph.es["weight"]
        self._adjacency: list | None = None
        self._values: dict[str, list] = {}  # node attributes kept without the graph (detached)

    def values(self, attribute: str) -> list:
        """The value of a node attribute for each vertex, in vertex order (None where a node has none).

        >>> u = Undirected(nx.Graph([("a", "b")]))
        >>> u.graph.nodes["a"]["level"] = "regional"
        >>> u.values("level")
        ['regional', None]
        """
        kept = self._values.get(attribute)
        if kept is not None:
            return kept
        return [data.get(attribute) for data in self.graph.nodes.values()]

    def detached(self, attributes: tuple[str, ...]) -> Undirected:
        """The same graph keeping of ``graph`` only the values of the node ``attributes`` named (:meth:`values`):
        what a process of its own needs of it, at a fraction of the cost of pickling the whole network.

        >>> u = Undirected(nx.Graph([("a", "b")]))
        >>> u.graph.nodes["a"]["level"] = "regional"
        >>> d = u.detached(("level",))
        >>> d.values("level"), d.graph.number_of_nodes(), d.igraph.get_edgelist()
        (['regional', None], 0, [(0, 1)])
        """
        light = copy.copy(self)
        light._values = {name: self.values(name) for name in attributes}
        light.graph = nx.Graph()
        return light

    @property
    def adjacency(self) -> list:
        if self._adjacency is None:
            self._adjacency = self.igraph.get_adjlist()
        return self._adjacency


def undirected(graph: nx.Graph | Undirected) -> Undirected:
    """``graph`` itself if it is an :class:`Undirected`, else a new one made from it."""
    return graph if isinstance(graph, Undirected) else Undirected(graph)


def to_igraph(graph: nx.Graph | Undirected) -> tuple[ig.Graph, list]:
    """An undirected simple igraph copy of ``graph`` and its node list (vertex ``i`` is ``nodes[i]``)."""
    u = undirected(graph)
    return u.igraph, u.nodes
