"""Graphs for the analyses: the mediators' view of the network (:mod:`ses_graph.network`).

The store is read with SPARQL only (the network's named queries, plus ``network-groups`` for the
regions and axes each node reaches); this module turns the rows into networkx graphs.

- :func:`network` -- the multi-relational network: a ``MultiDiGraph`` whose nodes are people,
  organisations, bodies (instances) and events, and whose edges are the facts that tie them
  (the rules of the ``mediators`` view: membership, seat, on-behalf-of, participation,
  affiliation, action, partnership), keyed by the fact IRI, each carrying its source and a quote.
- :func:`simple` -- the same network as a simple undirected ``Graph`` (the one the measures use),
  each edge keeping the list of the facts behind it.
- :func:`projection` -- organisation-organisation ties through shared bodies or networks, or
  person-person ties through shared organisations or events. Projections of big ecosystems are
  dense (a body with k members gives k(k-1)/2 ties): the measures work on :func:`simple` instead.
"""

from __future__ import annotations

from itertools import combinations
from typing import cast

import networkx as nx
import pyoxigraph as ox

from .. import network as extraction
from .. import queries
from . import vocabulary

__all__ = ["MEDIATOR_KINDS", "VIEW", "network", "simple", "projection"]

#: The view of the network the analyses read (``ses:view``).
VIEW = "mediators"
#: The kinds of node of the analyses, in their order of precedence (an entity of two keeps the
#: first); every declared kind folds into its broader kind first (a network is an organisation).
MEDIATOR_KINDS = ("person", "organisation", "instance", "event")
#: Node attributes of the ``network-groups`` query (space-separated IRIs, sorted).
GROUP_FIELDS = ("classes", "regions", "axes")
EMPTY_GROUPS = {"classes": "", "regions": "", "axes": "", "region_names": ""}


def _groups(store: ox.Store) -> dict[str, dict[str, str]]:
    """The groups each node reaches (query ``network-groups``): its classes, regions (IRIs and names) and axes."""
    result = cast(ox.QuerySolutions, queries.run(store, queries.get("network-groups")))
    found: dict[str, tuple[set, set, set, set]] = {}
    for node, *values in extraction.solutions(result, ("node", "class", "region", "axis", "regionName")):
        sets = found.get(node) or found.setdefault(node, (set(), set(), set(), set()))
        for seen, value in zip(sets, values, strict=True):
            if value:
                seen.add(value)
    return {node: {"classes": " ".join(sorted(classes)), "regions": " ".join(sorted(regions)),
                   "axes": " ".join(sorted(axes)), "region_names": ", ".join(sorted(names))}
            for node, (classes, regions, axes, names) in found.items()}


def network(store: ox.Store) -> nx.MultiDiGraph:
    """The multi-relational network of people, organisations, bodies and events.

    Parameters
    ----------
    store : pyoxigraph.Store
        A store holding the ontology (where the node kinds and edge rules are declared) and the data.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are entity IRIs with attributes ``label``, ``kind`` (one of :data:`MEDIATOR_KINDS`),
        ``classes``, ``level``, ``regions`` and ``axes`` (the last four: space-separated IRIs,
        possibly empty, sorted) and ``region_names`` (comma-separated). Edges go from the member,
        participant, actor or first partner to the organisation, body, event or target; the key is the fact IRI and the
        attributes
        are ``fact``, ``relation``, ``level``, ``role``, ``axis``, ``source``, ``quote`` and ``date``
        (absent values are empty strings, so the graph can be written as GraphML). Ties to
        entities that are neither a person, an organisation nor an event are left out. The
        graph's attribute ``vocabulary`` holds the labels of levels and roles and the mandate
        roles (:func:`ses_graph.analysis.vocabulary.read`).

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> from ses_graph.resources import project_dir
    >>> store = ox.Store()
    >>> store.load(path=str(project_dir("ontology") / "ses.ttl"), format=ox.RdfFormat.TURTLE)
    >>> store.load(input='''
    ...   @prefix ses: <https://w3id.org/ses-graph/ontology#> . @prefix id: <https://w3id.org/ses-graph/id/> .
    ...   @prefix org: <http://www.w3.org/ns/org#> . @prefix prov: <http://www.w3.org/ns/prov#> .
    ...   @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...   id:mes a ses:Network ; rdfs:label "MES" .  id:apes a ses:MemberOrganisation ; rdfs:label "APES" .
    ...   id:m1 a ses:Membership ; org:member id:apes ; org:organization id:mes ;
    ...       prov:wasDerivedFrom id:source-003 ; ses:quote "l'APES est membre du MES"@fr .
    ... ''', format=ox.RdfFormat.TURTLE)
    >>> g = network(store)
    >>> sorted(g.nodes(data="kind"))
    [('https://w3id.org/ses-graph/id/apes', 'organisation'), ('https://w3id.org/ses-graph/id/mes', 'organisation')]
    >>> [(d["relation"], d["source"].rsplit("/", 1)[1]) for _, _, d in g.edges(data=True)]
    [('membership', 'source-003')]
    """
    declared = extraction.model(store)
    rank = {kind: i for i, kind in enumerate(MEDIATOR_KINDS)}
    folded = {code: kind.broader or code for code, kind in declared.kinds.items()}
    groups = _groups(store)
    entities, edges = extraction.extract(store, declared)
    nodes: dict = {}
    for row in entities.values():
        kinds = [folded[code] for code in row.kinds if folded[code] in rank]
        if not kinds:
            continue
        reached = groups.get(row.id) or EMPTY_GROUPS
        nodes[row.id] = {"label": row.label or row.id, "kind": min(kinds, key=rank.__getitem__),
                         "region_names": reached["region_names"], "level": " ".join(row.levels),
                         **{name: reached[name] for name in GROUP_FIELDS}}
    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes.items())
    # Filled in networkx's own adjacency (as add_edge does, keydicts shared by _succ and _pred):
    # add_edges_from costs several times more on big graphs.
    # (private attributes, which networkx's type stubs do not declare)
    succ, pred, new_keydict = graph._succ, graph._pred, graph.edge_key_dict_factory  # type: ignore[attr-defined,misc]
    for edge in edges:
        if not extraction.in_view(edge, VIEW):
            continue
        for u, v in extraction.ends(edge, nodes):
            # the tuples of an edge are sorted: their first value is their least
            levels, axes, quotes = edge.levels, edge.axes, edge.quotes
            attrs = {"fact": edge.fact, "relation": edge.relation, "level": levels[0] if levels else "",
                     "role": edge.role or "", "axis": axes[0] if axes else "", "source": edge.source or "",
                     "quote": quotes[0] if quotes else "", "date": edge.period}
            keydict = succ[u].get(v)
            if keydict is None:
                keydict = succ[u][v] = pred[v][u] = new_keydict()
            if edge.fact in keydict:
                keydict[edge.fact].update(attrs)
            else:
                keydict[edge.fact] = attrs
    graph.graph["vocabulary"] = vocabulary.read(store)
    return graph


def simple(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of a multi-relational network.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        As returned by :func:`network`.

    Returns
    -------
    networkx.Graph
        Same nodes and node attributes; one edge per pair of tied nodes, with ``facts``: the
        list of the edge-attribute dicts of the facts behind it (sorted by fact IRI), and
        ``relations``: their sorted, space-separated relation names.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", key="f2", fact="f2", relation="seat")
    'f2'
    >>> g.add_edge("b", "a", key="f1", fact="f1", relation="membership")
    'f1'
    >>> s = simple(g)
    >>> s.edges["a", "b"]["relations"], [f["fact"] for f in s.edges["a", "b"]["facts"]]
    ('membership seat', ['f1', 'f2'])
    """
    out: nx.Graph = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        if out.has_edge(u, v):
            out.edges[u, v]["facts"].append(dict(data))
        else:
            out.add_edge(u, v, facts=[dict(data)])
    for _, _, data in out.edges(data=True):
        data["facts"].sort(key=lambda f: f.get("fact", ""))
        data["relations"] = " ".join(sorted({f.get("relation", "") for f in data["facts"]}))
    return out


def projection(graph: nx.MultiDiGraph, kind: str = "organisation") -> nx.Graph:
    """One-mode projection: organisations through shared bodies or networks, people through shared
    organisations or events.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        As returned by :func:`network`.
    kind : {"organisation", "person"}
        ``"organisation"``: two organisations are tied when both have a seat in, a membership of
        or an action aimed at the same body or organisation (a network). ``"person"``: two people
        are tied when both are members of or affiliated with the same organisation, or took part
        in the same event (workshop).

    Returns
    -------
    networkx.Graph
        The nodes of that kind (with their attributes) and, on each tie, ``via``: the sorted
        list of the shared entities. A shared entity with k ties gives k(k-1)/2 edges, so
        projections of big ecosystems are dense; prefer the two-mode graph (:func:`simple`).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for n, k in [("a", "organisation"), ("b", "organisation"), ("cress", "instance")]:
    ...     g.add_node(n, kind=k)
    >>> _ = g.add_edge("a", "cress", relation="seat"); _ = g.add_edge("b", "cress", relation="seat")
    >>> p = projection(g)
    >>> list(p.edges(data="via"))
    [('a', 'b', ['cress'])]
    """
    if kind == "organisation":
        relations = {"seat", "membership", "action", "on-behalf-of"}
    elif kind == "person":
        relations = {"membership", "affiliation", "participation"}
    else:
        raise ValueError(f"kind must be 'organisation' or 'person', not {kind!r}")
    shared: dict[str, set] = {}
    relation: str
    for u, v, relation in graph.edges(data="relation"):
        if relation in relations and graph.nodes[u].get("kind") == kind:
            shared.setdefault(v, set()).add(u)
    out: nx.Graph = nx.Graph()
    out.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if d.get("kind") == kind)
    for via in sorted(shared):
        for a, b in combinations(sorted(shared[via]), 2):
            if out.has_edge(a, b):
                out.edges[a, b]["via"].append(via)
            else:
                out.add_edge(a, b, via=[via])
    return out
