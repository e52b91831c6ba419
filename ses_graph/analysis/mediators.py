"""Mediators between the national movement and its members: score, ranking, explanation, what-if.

The score of an organisation or a person combines five measures of :mod:`.measures` and
:mod:`.brokerage`, all computed on the two-mode network (:func:`.graphs.simple`), never on a
dense projection. :func:`to_quads` writes a ranking as a named graph for SPARQL users; the
what-if functions (:mod:`.whatif`) are re-exported here.
"""

from __future__ import annotations

import math

import networkx as nx
import pyoxigraph as ox

from .. import terms
from . import measures
from .brokerage import ROLES, _roles
from .whatif import NATIONAL, _members, loss_ranking, what_if

__all__ = ["NATIONAL", "COMPONENTS", "mediator_scores", "ranking", "explain", "what_if", "loss_ranking", "to_quads"]

#: The measures the score averages (percentile ranks among the candidates of one kind).
COMPONENTS = ("betweenness", "brokerage", "openness", "reach", "cut_off")
#: Predicates of the mediators graph (namespace of the ontology).
PREDICATES = {"rank": terms.mediatorRank, "score": terms.mediatorScore, "betweenness": terms.betweenness,
              "constraint": terms.constraint, "brokerage": terms.brokerage, "explanation": terms.mediatorExplanation}
XSD = "http://www.w3.org/2001/XMLSchema#"


def _percentiles(values: dict) -> dict:
    """Percentile rank in [0, 1] of each value (ties share the mean rank; one value gives 1)."""
    ordered = sorted(values.values())
    n = len(ordered)
    first, last = {}, {}
    for i, v in enumerate(ordered):
        first.setdefault(v, i)
        last[v] = i
    return {k: 1.0 if n == 1 else (first[v] + last[v]) / 2 / (n - 1) for k, v in values.items()}


def mediator_scores(graph: nx.MultiDiGraph, kind: str = "organisation", *, root=NATIONAL,
                    samples: int | None = None, seed: int = 0) -> dict:
    """Mediator score of every node of one kind.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The multi-relational network (:func:`ses_graph.analysis.graphs.network`).
    kind : {"organisation", "person"}
        The candidates (``root`` itself is not one).
    root : node
        The national movement (default ``id:mes-france``); its members are the organisations
        with a membership tie to it (every organisation when there is none).
    samples, seed : int, optional
        Passed to :func:`ses_graph.analysis.measures.betweenness` (exact up to 5,000 nodes, else 150 sampled sources).

    Returns
    -------
    dict
        ``{node: entry}`` with ``entity``, ``label``, ``kind``, ``score``, ``betweenness``,
        ``constraint``, ``effective_size``, ``brokerage`` (the five Gould & Fernandez roles and
        their total, groups = levels), ``reach`` (the levels, regions and axes among its
        contacts), ``cut_off`` (members that lose every path to ``root`` without it) and
        ``components`` (the five percentiles averaged). ``betweenness_error`` is the stated
        (guaranteed, loose) error bound of sampled betweenness and ``betweenness_se`` the
        estimated standard error of this node's value (both 0 when exact; see
        :func:`ses_graph.analysis.measures.betweenness`).

    Notes
    -----
    The score is the mean of five percentile ranks among the candidates (ties share the mean
    rank): betweenness; brokerage across groups (``total - coordinator``, with each node's level
    as its group, or its kind when it has none); openness (lower Burt constraint ranks higher;
    an isolated node ranks lowest); reach (distinct levels + regions + axes among its contacts);
    cut-off (members cut off from the national movement by its removal). Percentiles make the
    five scales comparable and the score robust to the heavy tails of betweenness.

    References
    ----------
    Burt, R. S. (2004). Structural holes and good ideas. *American Journal of Sociology*,
    110(2), 349-399. doi:10.1086/421787

    Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation. *Sociological
    Methodology*, 19, 89-126. doi:10.2307/270949

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
    # The measures share one undirected simple copy (the graph of graphs.simple, without the
    # per-edge fact lists): converted once, used by all.
    simple = measures.Undirected(graph)
    candidates = sorted(n for n, k in graph.nodes(data="kind") if k == kind and n != root)
    bet = measures.betweenness(simple, samples=samples, seed=seed)
    con = measures.constraint(simple)
    eff = measures.effective_size(simple)
    codes: dict = {}
    grp = [codes.setdefault(d.get("level") or d.get("kind") or "", len(codes)) for _, d in graph.nodes(data=True)]
    neighbours = [set(adjacency) for adjacency in simple.adjacency]
    roles = _roles(candidates, simple.index, grp, neighbours, neighbours)
    reach = {attr: measures.group_reach(simple, attr) for attr in ("level", "regions", "axes")}
    members = _members(graph, root)
    cut = measures.cut_off(simple, root, members) if root in graph else {}
    raw = {
        "betweenness": {n: round(bet["values"][n], 12) for n in candidates},
        "brokerage": {n: roles[n]["total"] - roles[n]["coordinator"] for n in candidates},
        "openness": {n: -1.0 if math.isnan(con[n]) else -round(con[n], 12) for n in candidates},
        "reach": {n: sum(reach[a][n]["count"] for a in reach) for n in candidates},
        "cut_off": {n: cut.get(n, 0) for n in candidates},
    }
    pct = {name: _percentiles(raw[name]) for name in COMPONENTS}
    out = {}
    for n in candidates:
        d = graph.nodes[n]
        out[n] = {
            "entity": n, "label": d.get("label", n), "kind": kind,
            "score": round(sum(pct[c][n] for c in COMPONENTS) / len(COMPONENTS), 6),
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


def ranking(graph: nx.MultiDiGraph, kind: str = "organisation", *, top: int | None = None,
            root=NATIONAL, samples: int | None = None, seed: int = 0) -> list:
    """The candidates of one kind by decreasing mediator score, ties broken by IRI.

    Parameters
    ----------
    graph, kind, root, samples, seed
        As for :func:`mediator_scores`.
    top : int, optional
        Keep the first ``top`` entries.

    Returns
    -------
    list of dict
        The entries of :func:`mediator_scores` with ``rank`` (1 = best), ``explanation`` (plain
        words) and ``via`` (the bodies, events and organisations it is tied to, each with the
        fact and its source) added.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["mes", "a", "b"], kind="organisation", label="x")
    >>> _ = g.add_edge("a", "mes", relation="membership"); _ = g.add_edge("b", "mes", relation="membership")
    >>> [(e["entity"], e["rank"]) for e in ranking(g, root="mes")]
    [('a', 1), ('b', 2)]
    """
    scores = mediator_scores(graph, kind, root=root, samples=samples, seed=seed)
    ordered = sorted(scores.values(), key=lambda e: (-e["score"], e["entity"]))[:top]
    members = _root_members(graph, root)
    for rank, entry in enumerate(ordered, 1):
        entry["rank"] = rank
        entry.update(explain(graph, entry, root=root, members=members))
    return ordered


def _root_members(graph, root) -> set:
    """The organisations with a membership tie to ``root`` (none when it is not in the graph)."""
    if root not in graph:
        return set()
    return {u for u, _, rel in graph.in_edges(root, data="relation") if rel == "membership"}


def _slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def explain(graph: nx.MultiDiGraph, entry: dict, *, root=NATIONAL, limit: int = 6, members=None) -> dict:
    """Plain-words explanation of a mediator entry, and the ties it rests on.

    Returns ``{"explanation": str, "via": [{entity, label, kind, relation, fact, source}]}``:
    the groups its contacts belong to, its tie to the national movement and the other members it
    shares bodies, events (workshops) or partnerships with (left out when none), the bodies, events and organisations
    it goes through (bodies and events first, then by label), its brokerage and what its removal
    would cut off. ``members`` (the members of ``root``) is computed when not given.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("mes", {"label": "MES", "kind": "organisation"}), ("a", {"label": "A", "kind": "organisation"}),
    ...                   ("b", {"label": "B", "kind": "organisation"}), ("c", {"label": "C", "kind": "organisation"}),
    ...                   ("cress", {"label": "CRESS", "kind": "instance"})])
    >>> for m in "abc":
    ...     _ = g.add_edge(m, "mes", relation="membership")
    >>> _ = g.add_edge("a", "cress", relation="seat"); _ = g.add_edge("b", "cress", relation="seat")
    >>> entry = {"entity": "a", "reach": {"level": [], "regions": [], "axes": []}, "cut_off": 0,
    ...          "brokerage": {"coordinator": 0, "total": 0}}
    >>> explain(g, entry, root="mes")["explanation"]
    'Member of MES, sharing bodies with 1 of its other members (B); through CRESS (seat; no source).'
    >>> entry["entity"] = "c"
    >>> explain(g, entry, root="mes")["explanation"]
    'Member of MES.'
    """
    node = entry["entity"]
    via = []
    for u, v, d in list(graph.out_edges(node, data=True)) + list(graph.in_edges(node, data=True)):
        other = v if u == node else u
        od = graph.nodes[other]
        via.append({"entity": other, "label": od.get("label", other), "kind": od.get("kind", ""),
                    "relation": d.get("relation", ""), "fact": d.get("fact", ""), "source": d.get("source", "")})
    first = {"instance": 0, "event": 1, "organisation": 2, "person": 3}
    via.sort(key=lambda t: (first.get(t["kind"], 4), t["label"].lower(), t["relation"], t["fact"]))
    parts = []
    reach = entry["reach"]
    levels = [_slug(x) for x in reach["level"]]
    if levels:
        parts.append(f"reaches {len(levels)} level(s) ({', '.join(levels)})")
    regions = sorted({n for c in graph.neighbors(node) for n in [graph.nodes[c].get("region_names", "")] if n}
                     | {n for c in graph.predecessors(node) for n in [graph.nodes[c].get("region_names", "")] if n})
    if reach["regions"]:
        parts.append(f"{len(reach['regions'])} region(s) ({'; '.join(regions)})")
    if reach["axes"]:
        parts.append(f"axes {', '.join(_slug(x) for x in reach['axes'])}")
    if root in graph and node != root:
        ties = {t["relation"] for t in via if t["entity"] == root}
        link = "member of" if "membership" in ties else ("tied to" if ties else "not directly tied to")
        text = f"{link} {graph.nodes[root].get('label', root)}"
        if members is None:
            members = _root_members(graph, root)
        shared, how = _shared_members(graph, via, members - {node, root})
        if shared:
            names = sorted(graph.nodes[m].get("label", m) for m in shared)
            more = f" and {len(names) - limit} more" if len(names) > limit else ""
            other = "other " if node in members else ""
            what = [w for w in ("bodies", "events", "partnerships") if w in how]
            what = what[0] if len(what) == 1 else ", ".join(what[:-1]) + " or " + what[-1]
            text += f", sharing {what} with {len(names)} of its {other}members ({', '.join(names[:limit])}{more})"
        parts.append(text)
    for words, kinds in (("through", ("instance", "event")), ("with", ("organisation",))):
        ties = {}
        for t in via:
            if t["kind"] in kinds and t["entity"] != root:
                ties.setdefault(t["entity"], (t["label"], set(), set()))
                ties[t["entity"]][1].add(t["relation"])
                ties[t["entity"]][2].add(_slug(t["source"]) or "no source")
        ties = list(ties.values())
        if ties:
            shown = [f"{label} ({', '.join(sorted(rels))}; {', '.join(sorted(srcs))})" for label, rels, srcs in ties[:limit]]
            more = f" and {len(ties) - limit} more" if len(ties) > limit else ""
            parts.append(f"{words} " + "; ".join(shown) + more)
    b = entry["brokerage"]
    across = b["total"] - b["coordinator"]
    if across:
        detail = ", ".join(f"{r} {b[r]}" for r in ROLES[1:] if b[r])
        parts.append(f"brokers {across} pair(s) across levels or kinds ({detail})")
    if entry["cut_off"]:
        parts.append(f"removing it cuts {entry['cut_off']} member(s) off the national movement")
    text = "; ".join(parts) if parts else "no tie"
    return {"explanation": text[0].upper() + text[1:] + ".", "via": via}


def _shared_members(graph, via, members) -> tuple[set, set]:
    """The ``members`` that share a body or an event (workshop) with the node whose ties are
    ``via``, or are its partners; and how (among ``bodies``, ``events``, ``partnerships``)."""
    shared, how, seen = set(), set(), set()
    for t in via:
        other = t["entity"]
        if t["kind"] in ("instance", "event"):
            if other in seen:
                continue
            seen.add(other)
            found = {m for m in graph.predecessors(other) if m in members}
            found.update(m for m in graph.successors(other) if m in members)
            if found:
                shared |= found
                how.add("bodies" if t["kind"] == "instance" else "events")
        elif t["relation"] == "partnership" and other in members:
            shared.add(other)
            how.add("partnerships")
    return shared, how


def to_quads(ranking_entries) -> list:
    """The ranking as quads in the named graph ``terms.MEDIATORS_GRAPH``.

    Each entity gets ``ses:mediatorRank``, ``ses:mediatorScore``, ``ses:betweenness``,
    ``ses:constraint`` (when defined), ``ses:brokerage`` (total) and ``ses:mediatorExplanation``
    (``@en``). Load them with ``store.extend(to_quads(entries))``.

    Examples
    --------
    >>> quads = to_quads([{"entity": "https://w3id.org/ses-graph/id/apes", "rank": 1, "score": 0.5,
    ...     "betweenness": 0.1, "constraint": None, "brokerage": {"total": 3}, "explanation": "x"}])
    >>> len(quads), quads[0].graph_name == terms.MEDIATORS_GRAPH
    (5, True)
    """
    quads = []
    for e in ranking_entries:
        s = ox.NamedNode(e["entity"])
        values = [("rank", ox.Literal(str(e["rank"]), datatype=ox.NamedNode(XSD + "integer"))),
                  ("score", ox.Literal(repr(float(e["score"])), datatype=ox.NamedNode(XSD + "double"))),
                  ("betweenness", ox.Literal(repr(float(e["betweenness"])), datatype=ox.NamedNode(XSD + "double")))]
        if e.get("constraint") is not None:
            values.append(("constraint", ox.Literal(repr(float(e["constraint"])), datatype=ox.NamedNode(XSD + "double"))))
        values.append(("brokerage", ox.Literal(str(e["brokerage"]["total"]), datatype=ox.NamedNode(XSD + "integer"))))
        values.append(("explanation", ox.Literal(e["explanation"], language="en")))
        quads.extend(ox.Quad(s, PREDICATES[name], value, terms.MEDIATORS_GRAPH) for name, value in values)
    return quads
