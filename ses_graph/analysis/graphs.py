"""Graphs for the analyses, built from the named queries ``graph-nodes`` and ``graph-edges``.

The store is read with SPARQL only: the two queries return one row per entity and one row per
sourced tie; this module turns the rows into networkx graphs.

- :func:`network` -- the multi-relational network: a ``MultiDiGraph`` whose nodes are people,
  organisations, bodies (instances) and events, and whose edges are the facts that tie them
  (membership, seat, on-behalf-of, participation, affiliation, action, partnership), keyed by the
  fact IRI, each carrying its source and a quote.
- :func:`simple` -- the same network as a simple undirected ``Graph`` (the one the measures use),
  each edge keeping the list of the facts behind it.
- :func:`projection` -- organisation-organisation ties through shared bodies or networks, or
  person-person ties through shared organisations or events. Projections of big ecosystems are
  dense (a body with k members gives k(k-1)/2 ties): the measures work on :func:`simple` instead.
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import pyoxigraph as ox

from .. import queries
from . import vocabulary

__all__ = ["KINDS", "network", "simple", "projection", "node_rows", "edge_rows"]

#: Node kinds, as the ``graph-nodes`` query names them.
KINDS = ("person", "organisation", "instance", "event")
#: Node attributes holding several values (space-separated IRIs in the query results).
MULTI_VALUED = ("classes", "level", "regions", "axes")
#: Edge attributes copied from the ``graph-edges`` rows.
EDGE_FIELDS = ("relation", "level", "role", "axis", "source", "quote")


def _value(term) -> str | None:
    return None if term is None else term.value


def _tuples(store: ox.Store, name: str, key: tuple) -> tuple[list[str], list[tuple]]:
    """The variable names and the rows (tuples of strings or None) of a named query, sorted by ``key``."""
    # Sorted here rather than with ORDER BY: the same order, several times faster on big stores.
    # Solutions are read by position: looking terms up by variable name costs several times more.
    result = queries.run(store, queries.get(name))
    names = [v.value for v in result.variables]
    rows = [tuple([None if term is None else term.value for term in solution]) for solution in result]
    positions = [names.index(k) for k in key]
    rows.sort(key=lambda row: tuple([row[i] or "" for i in positions]))
    return names, rows


def _rows(store: ox.Store, name: str, key: tuple) -> list[dict]:
    names, rows = _tuples(store, name, key)
    return [dict(zip(names, row)) for row in rows]


def node_rows(store: ox.Store) -> list[dict]:
    """The rows of the ``graph-nodes`` query, as plain dicts of strings, sorted by node and kind."""
    return _rows(store, "graph-nodes", ("node", "kind", "label"))


def edge_rows(store: ox.Store) -> list[dict]:
    """The rows of the ``graph-edges`` query, as plain dicts of strings, sorted by fact."""
    return _rows(store, "graph-edges", ("fact", "relation", "from", "to"))


def network(store: ox.Store) -> nx.MultiDiGraph:
    """The multi-relational network of people, organisations, bodies and events.

    Parameters
    ----------
    store : pyoxigraph.Store
        A store holding the ontology and the data (the subclass closure of ``ses:Organisation``
        and ``ses:Event`` is read from the ontology).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are entity IRIs with attributes ``label``, ``kind`` (one of :data:`KINDS`),
        ``classes``, ``level``, ``regions`` and ``axes`` (the last four: space-separated IRIs,
        possibly empty, sorted) and ``region_names`` (comma-separated). Edges go from the member, participant, actor or first partner
        to the organisation, body, event or target; the key is the fact IRI and the attributes
        are ``fact``, ``relation``, ``level``, ``role``, ``axis``, ``source`` and ``quote``
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
    graph = nx.MultiDiGraph()
    names, rows = _tuples(store, "graph-nodes", ("node", "kind", "label"))
    at = {name: i for i, name in enumerate(names)}
    i_node, i_kind, i_label, i_region_names = at["node"], at["kind"], at["label"], at["regionNames"]
    multi = [(name, at[name]) for name in MULTI_VALUED]
    rank = {kind: i for i, kind in enumerate(KINDS)}
    nodes: dict = {}
    for row in rows:
        node = row[i_node]
        if node in nodes:  # an entity of two kinds keeps the first one, in KINDS order
            if rank[row[i_kind]] >= rank[nodes[node]["kind"]]:
                continue
        attrs = {"label": row[i_label] or node, "kind": row[i_kind], "region_names": row[i_region_names] or ""}
        for name, i in multi:
            value = row[i]
            attrs[name] = " ".join(sorted(set(value.split()))) if value else ""
        nodes[node] = attrs
    graph.add_nodes_from(nodes.items())
    names, rows = _tuples(store, "graph-edges", ("fact", "relation", "from", "to"))
    at = {name: i for i, name in enumerate(names)}
    i_fact, i_from, i_to = at["fact"], at["from"], at["to"]
    fields = [(name, at[name]) for name in EDGE_FIELDS]
    # Filled in networkx's own adjacency (as add_edge does, keydicts shared by _succ and _pred):
    # add_edges_from costs several times more on big graphs.
    succ, pred, new_keydict = graph._succ, graph._pred, graph.edge_key_dict_factory
    for row in rows:
        u, v = row[i_from], row[i_to]
        if u in nodes and v in nodes:
            key = row[i_fact]
            attrs = {"fact": key}
            for name, i in fields:
                attrs[name] = row[i] or ""
            keydict = succ[u].get(v)
            if keydict is None:
                keydict = succ[u][v] = pred[v][u] = new_keydict()
            if key in keydict:
                keydict[key].update(attrs)
            else:
                keydict[key] = attrs
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
    out = nx.Graph()
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
    for u, v, relation in graph.edges(data="relation"):
        if relation in relations and graph.nodes[u].get("kind") == kind:
            shared.setdefault(v, set()).add(u)
    out = nx.Graph()
    out.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if d.get("kind") == kind)
    for via in sorted(shared):
        for a, b in combinations(sorted(shared[via]), 2):
            if out.has_edge(a, b):
                out.edges[a, b]["via"].append(via)
            else:
                out.add_edge(a, b, via=[via])
    return out
