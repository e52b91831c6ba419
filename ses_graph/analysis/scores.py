"""The mediator score of every organisation or person: six measures, each as a percentile among the
candidates of one kind, averaged; and the ranks of the scores (equal scores share a rank).

The measures run on the two-mode network (:func:`.graphs.network`) read as undirected, its ties
weighted by :mod:`.ties` (mandates strong, attendance weak), never on a dense projection.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import networkx as nx

from . import measures, ties, vocabulary
from .brokerage import _roles
from .processes import started
from .whatif import _members

__all__ = ["COMPONENTS", "CANDIDATE_KINDS", "candidates", "measure", "measuring", "mediator_scores",
           "competition_ranks", "percentiles"]

#: The measures the score averages (percentile ranks among the candidates of one kind).
COMPONENTS = ("mandates", "betweenness", "brokerage", "openness", "reach", "cut_off")
#: The kinds of node ranked (the others are what they connect).
CANDIDATE_KINDS = ("organisation", "person")


def percentiles(values: dict) -> dict:
    """Percentile rank in [0, 1] of each value (ties share the mean rank; one value gives 1).

    >>> percentiles({"a": 3, "b": 1, "c": 3})
    {'a': 0.75, 'b': 0.0, 'c': 0.75}
    """
    ordered = sorted(values.values())
    n = len(ordered)
    first: dict = {}
    last: dict = {}
    for i, v in enumerate(ordered):
        first.setdefault(v, i)
        last[v] = i
    return {k: 1.0 if n == 1 else (first[v] + last[v]) / 2 / (n - 1) for k, v in values.items()}


def competition_ranks(scores: dict) -> dict:
    """Rank of each key by decreasing score, equal scores sharing the best rank ("1, 2, 2, 4").

    >>> competition_ranks({"a": 0.5, "b": 0.9, "c": 0.5, "d": 0.1})
    {'a': 2, 'b': 1, 'c': 2, 'd': 4}
    """
    ordered = sorted(scores.values(), reverse=True)
    first: dict = {}
    for i, v in enumerate(ordered):
        first.setdefault(v, i + 1)
    return {k: first[v] for k, v in scores.items()}


def _mandates(graph: nx.MultiDiGraph, node: str, mandates: frozenset[str] | set[str]) -> int:
    """The distinct bodies ``node`` holds a mandate in (seats, seats' principals, mandate roles)."""
    strength, mandate = ties.strength, ties.MANDATE
    # networkx's own adjacency, in the order of out_edges without the cost of its view (run for every candidate)
    succ = graph._succ  # type: ignore[attr-defined]  # (not in the stubs)
    return len({v for v, keyed in succ[node].items() for d in keyed.values()
                if strength(d.get("relation", ""), d.get("role", ""), mandates) == mandate})


def candidates(graph: nx.MultiDiGraph, kind: str, root: str | None) -> list[str]:
    """The nodes of ``kind`` ranked (every one but ``root``), sorted."""
    return sorted(n for n, k in graph.nodes(data="kind") if k == kind and n != root)


def measure(graph: nx.MultiDiGraph, *, root: str | None = None, samples: int | None = None, seed: int = 0) -> dict:
    """The network measures behind the scores, computed once for the candidates of every kind."""
    return measuring(graph, root=root, samples=samples, seed=seed)()


def measuring(graph: nx.MultiDiGraph, *, root: str | None = None, samples: int | None = None,
              seed: int = 0) -> Callable[[], dict]:
    """:func:`measure`, started: the function that gives its result. On a network too big for an exact betweenness,
    the sampled betweenness and the structural measures (:func:`structural`) run in processes of their own
    (:mod:`.processes`) while the caller does its own work; on a smaller one, everything is done before this
    returns."""
    root = vocabulary.root_of(graph, root)
    mandate_roles = vocabulary.of(graph).mandates
    simple = measures.Undirected(graph, weight=lambda data: ties.weight(data, mandate_roles))
    between = measures.betweenness_started(simple, samples=samples, seed=seed, weighted=True)
    ranked = sorted(n for n, k in graph.nodes(data="kind") if k in CANDIDATE_KINDS and n != root)
    members = _members(graph, root) if root in graph else None
    others: Callable[[], dict]
    if measures.sources(len(simple.nodes), samples) is not None:  # sampled: started beside it
        others = started(structural, simple.detached(STRUCTURAL_ATTRIBUTES), ranked, root, members)
    else:
        found = structural(simple, ranked, root, members)
        others = lambda: found  # noqa: E731
    mandates = {n: _mandates(graph, n, mandate_roles) for n in ranked}

    def done() -> dict:
        return {"betweenness": between(), **others(), "mandates": mandates}

    return done


#: The node attributes :func:`structural` reads (the groups of brokerage and of reach).
STRUCTURAL_ATTRIBUTES = ("kind", "level", "regions", "axes")


def structural(simple: measures.Undirected, ranked: list[str], root: str | None, members: set | None) -> dict:
    """The measures of the undirected weighted network other than betweenness and mandates: constraint, effective
    size, brokerage roles, reach, cut-off (a module-level function: it runs in a process of its own on big networks).
    """
    codes: dict = {}
    grp = [codes.setdefault(level or kind or "", len(codes))
           for level, kind in zip(simple.values("level"), simple.values("kind"), strict=True)]
    # Gould & Fernandez roles over the ties that are not attendance (see ses_graph.analysis.ties).
    strong: list[set] = [set() for _ in simple.nodes]
    # not strict: an unweighted graph (weights None) has no tie above attendance
    for (i, j), w in zip(simple.igraph.get_edgelist(), simple.weights or (), strict=False):
        if w > ties.WEIGHTS[ties.ATTENDANCE]:
            strong[i].add(j)
            strong[j].add(i)
    return {
        "constraint": measures.constraint(simple, weighted=True), "effective_size": measures.effective_size(simple),
        "roles": _roles(ranked, simple.index, grp, strong, strong),
        "reach": {attr: measures.group_reach(simple, attr) for attr in ("level", "regions", "axes")},
        "cut_off": measures.cut_off(simple, root, members) if root is not None and root in simple.index else {},
    }


def mediator_scores(graph: nx.MultiDiGraph, kind: str = "organisation", *, root: str | None = None,
                    samples: int | None = None, seed: int = 0, measured: dict | None = None) -> dict:
    """Mediator score of every node of one kind.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The multi-relational network (:func:`ses_graph.analysis.graphs.network`); the mandate
        roles are those of its vocabulary (:func:`ses_graph.analysis.vocabulary.of`).
    kind : {"organisation", "person"}
        The candidates (``root`` itself is not one).
    root : node, optional
        The national movement (default: the ``ses:nationalHub`` the ontology names); its members are the organisations
        with a membership tie to it (every organisation when there is none).
    samples, seed : int, optional
        Passed to :func:`ses_graph.analysis.measures.betweenness` (exact up to 5,000 nodes, else 150 sampled sources).
    measured : dict, optional
        :func:`measure` of the same graph and root, shared by the rankings of both kinds.

    Returns
    -------
    dict
        ``{node: entry}`` with ``entity``, ``label``, ``kind``, ``score``, ``mandates`` (the bodies
        it holds a mandate in), ``betweenness`` (weighted), ``constraint`` (weighted),
        ``effective_size``, ``brokerage`` (the five Gould & Fernandez roles and their total over
        the ties that are not attendance, groups = levels), ``reach`` (the levels, regions and
        axes among its contacts), ``cut_off`` (members that lose every path to ``root`` without
        it) and ``components`` (the six percentiles averaged). ``betweenness_error`` and
        ``betweenness_se``: see :func:`ses_graph.analysis.measures.betweenness` (0 when exact).

    Notes
    -----
    The score is the mean of six percentile ranks among the candidates (ties share the mean
    rank): mandates; betweenness on lengths ``1 / weight``; brokerage across groups (``total -
    coordinator``, each node's level as its group, or its kind when it has none); openness (lower
    weighted Burt constraint ranks higher; an isolated node ranks lowest); reach (distinct levels
    + regions + axes among its contacts); cut-off (members cut off from the national movement by
    its removal). The rule and its references: docs/mediators.md.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["mes", "a", "b"], kind="organisation", level="national")
    >>> g.add_nodes_from(["c", "d"], kind="organisation", level="regional")
    >>> for m in ["a", "b"]:
    ...     _ = g.add_edge(m, "mes", relation="membership")
    >>> _ = g.add_edge("c", "a", relation="membership"); _ = g.add_edge("d", "a", relation="membership")
    >>> scores = mediator_scores(g, root="mes")
    >>> max(scores, key=lambda n: scores[n]["score"]), scores["a"]["cut_off"]
    ('a', 0)
    """
    root = vocabulary.root_of(graph, root)
    m = measured if measured is not None else measure(graph, root=root, samples=samples, seed=seed)
    bet, con, eff, roles, reach, cut = (m[k] for k in ("betweenness", "constraint", "effective_size", "roles",
                                                        "reach", "cut_off"))
    ranked = candidates(graph, kind, root)
    raw = {
        "mandates": {n: m["mandates"].get(n, 0) for n in ranked},
        "betweenness": {n: round(bet["values"][n], 12) for n in ranked},
        "brokerage": {n: roles[n]["total"] - roles[n]["coordinator"] for n in ranked},
        "openness": {n: -1.0 if math.isnan(con[n]) else -round(con[n], 12) for n in ranked},
        "reach": {n: sum(reach[a][n]["count"] for a in reach) for n in ranked},
        "cut_off": {n: cut.get(n, 0) for n in ranked},
    }
    pct = {name: percentiles(raw[name]) for name in COMPONENTS}
    out = {}
    for n in ranked:
        d = graph.nodes[n]
        out[n] = {
            "entity": n, "label": d.get("label", n), "kind": kind,
            "score": round(sum(pct[c][n] for c in COMPONENTS) / len(COMPONENTS), 6),
            "mandates": raw["mandates"][n],
            "betweenness": bet["values"][n], "betweenness_error": bet["error"],
            "betweenness_se": bet["standard_errors"][n],
            "constraint": None if math.isnan(con[n]) else con[n],
            "effective_size": None if math.isnan(eff[n]) else eff[n],
            "brokerage": roles[n],
            "reach": {a: reach[a][n]["groups"] for a in reach},
            "cut_off": raw["cut_off"][n],
            "components": {c: round(pct[c][n], 6) for c in COMPONENTS},
        }
    return out
