"""What-if: the members that lose every path to the national movement when nodes are removed."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import cast

import networkx as nx

from . import measures, vocabulary

__all__ = ["what_if", "loss_ranking"]


def _members(graph: nx.Graph, root: str | None) -> set:
    """The members of ``root`` (membership ties to it); every organisation when it has none."""
    if graph.is_multigraph() and root in graph:
        multi = cast(nx.MultiDiGraph, graph)
        tied = cast("Iterable[tuple[str, str, str | None]]", multi.in_edges(root, data="relation"))
        found = {u for u, _, rel in tied if rel == "membership"}
        if found:
            return found
    return {n for n, kind in graph.nodes(data="kind") if kind == "organisation" and n != root}


def what_if(graph: nx.Graph, remove: str | Iterable[str], *, root: str | None = None,
            members: Iterable[str] | None = None, average_distance: bool = True) -> dict:
    """What the network loses when ``remove`` (a node or a collection of nodes) is taken out.

    Parameters
    ----------
    graph : networkx graph
        Read as undirected and simple.
    remove : node or iterable of nodes
    root : node, optional
        The national movement (default: the ``ses:nationalHub`` the ontology names).
    members : iterable of nodes, optional
        Default: the members of ``root`` (see :func:`mediator_scores`).
    average_distance : bool
        Also compute the mean distance over all connected pairs (``O(n m)``; switch off for
        big graphs).

    Returns
    -------
    dict
        ``removed`` (sorted), ``cut_off`` (sorted members connected to ``root`` before and not
        after), ``components``, ``mean_distance_to_root`` (over the members not removed that
        ``root`` reaches) and, if
        asked, ``average_distance``: each of the last three as ``{"before": x, "after": y}``.

    Examples
    --------
    >>> g = nx.Graph([("mes", "a"), ("a", "b"), ("b", "c"), ("mes", "c"), ("c", "d")])
    >>> r = what_if(g, "c", root="mes", members=["a", "b", "d"])
    >>> r["cut_off"], r["components"], r["mean_distance_to_root"]
    (['d'], {'before': 1, 'after': 2}, {'before': 1.6666666666666667, 'after': 1.5})
    """
    removed = {remove} if not isinstance(remove, (list, tuple, set, frozenset)) else set(remove)
    simple: nx.Graph = nx.Graph(graph.to_undirected(as_view=True) if graph.is_directed() else graph)
    root = vocabulary.root_of(graph, root)
    counted = set(_members(graph, root) if members is None else members) - removed
    after = simple.subgraph(n for n in simple if n not in removed)

    def reached(g: nx.Graph) -> dict:
        return nx.single_source_shortest_path_length(g, root) if root in g else {}

    before_d, after_d = reached(simple), reached(after)

    def mean_to_root(dist: Mapping[str, int]) -> float | None:
        values = [dist[m] for m in counted if m in dist]
        return sum(values) / len(values) if values else None

    out = {
        "removed": sorted(removed, key=str),
        "cut_off": sorted((m for m in counted if m in before_d and m not in after_d), key=str),
        "components": {
            "before": nx.number_connected_components(simple),
            "after": nx.number_connected_components(after),
        },
        "mean_distance_to_root": {"before": mean_to_root(before_d), "after": mean_to_root(after_d)},
    }
    if average_distance:
        out["average_distance"] = {"before": _average_distance(simple), "after": _average_distance(after)}
    return out


def _average_distance(graph: nx.Graph) -> float | None:
    g, _ = measures.to_igraph(graph)
    value = g.average_path_length(directed=False, unconn=True) if g.ecount() else math.nan
    return None if math.isnan(value) else value


def loss_ranking(graph: nx.Graph, *, root: str | None = None, members: Iterable[str] | None = None) -> list:
    """Every node by decreasing number of members it cuts off from ``root``, ties by IRI.

    Returns ``[{"entity", "label", "kind", "cut_off"}]`` (nodes that cut nobody off are left
    out). One linear-time pass (:func:`ses_graph.analysis.measures.cut_off`).

    Examples
    --------
    >>> g = nx.Graph([("mes", "a"), ("a", "b"), ("b", "c")])
    >>> [(e["entity"], e["cut_off"]) for e in loss_ranking(g, root="mes", members=["a", "b", "c"])]
    [('a', 2), ('b', 1)]
    """
    root = vocabulary.root_of(graph, root)
    counted = _members(graph, root) if members is None else members
    cut = measures.cut_off(graph, root, counted) if root in graph else {}
    rows = [{"entity": n, "label": graph.nodes[n].get("label", n), "kind": graph.nodes[n].get("kind", ""),
             "cut_off": k} for n, k in cut.items() if k]
    return sorted(rows, key=lambda e: (-e["cut_off"], str(e["entity"])))
