"""The map's nodes and edges: the ``map`` view of the network (:mod:`ses_graph.network`).

One node per entity of a node kind: most take part in a fact, and those that do not stand alone
(an organisation of an imported directory, a body the sources name without a fact yet), so that
every entity can be found on the map; one edge per (type, from, to), carrying the list of
facts behind it, each with its role, source and quotes; a fact that is itself a node (an action)
is drawn between its two ends. The panel's and the search's details come from ``map-details``,
the labels of levels, axes, roles, kinds and relations from ``map-concepts``. Every list is
sorted, so that the same graph always gives the same rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import cast

import pyoxigraph as ox

from .. import network, queries
from ..search import normalize

VIEW = "map"


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str | None:
    return None if term is None else term.value


def _lines(value: str | None) -> list[str]:
    return sorted({line for line in (value or "").split("\n") if line})


def concepts(store: ox.Store) -> dict[str, dict]:
    """Levels, axes, roles, action types, node kinds, relations, edge rules and sources.

    ``{iri: {"scheme", "notation", "fr", "en"}}``.
    """
    found: dict[str, dict] = {}
    for row in cast(ox.QuerySolutions, queries.run(store, queries.get("map-concepts"))):
        iri = row["concept"].value
        if iri in found:
            continue
        notation = _value(row["notation"])
        found[iri] = {
            "scheme": _value(row["scheme"]),
            "notation": int(notation) if notation and notation.isdigit() else notation,
            "fr": _value(row["labelFr"]) or _value(row["labelEn"]) or iri.rsplit("/", 1)[-1],
            "en": _value(row["labelEn"]) or _value(row["labelFr"]) or iri.rsplit("/", 1)[-1],
        }
    return found


def _notations(iris: Iterable[str], known: dict[str, dict]) -> list[int]:
    """The integer notations (ranks of levels, numbers of axes) of the concepts ``iris``."""
    return sorted({known[i]["notation"] for i in iris if i in known and isinstance(known[i]["notation"], int)})


def years(row: network.Edge) -> tuple[int, int] | None:
    """The first and last year of the fact's :attr:`~ses_graph.network.Edge.period` (None when undated).

    >>> years(network.Edge("f", "action", "a", "b", (), (), (), None, None, (), start_date="2020-01", end_date="2022"))
    (2020, 2022)
    """
    found = [int(part[:4]) for part in row.period.split("/") if part[:4].isdigit()]
    return (min(found), max(found)) if found else None


def edges(rows: list[network.Edge], nodes: dict[str, network.Node], known: dict[str, dict]) -> list[dict]:
    """Edges of the map, one per (type, from, to) between ``nodes``, with their facts; ``years``: the
    first and last year of each dated fact, ``undated``: whether one of the facts has no date."""
    grouped: dict[tuple, dict] = {}
    facts: dict[tuple, dict] = {}
    for row in rows:
        if not network.in_view(row, VIEW):
            continue
        span = years(row)
        for start, end in network.ends(row, nodes):
            key = (row.relation, start, end)
            edge = grouped.setdefault(key, {"type": row.relation, "from": start, "to": end,
                                            "levels": set(), "axes": set(), "years": set(), "undated": False})
            edge["levels"].update(row.levels)
            edge["axes"].update(_notations(row.axes, known))
            if span:
                edge["years"].add(span)
            else:
                edge["undated"] = True
            fact = facts.setdefault(key + (row.fact,), {"fact": row.fact, "role": row.role, "source": row.source,
                                                        "date": row.period or None, "quotes": set()})
            fact["quotes"].update(row.quotes)
    by_edge = defaultdict(list)
    for (kind, start, end, _iri), fact in sorted(facts.items()):
        by_edge[(kind, start, end)].append({**fact, "quotes": sorted(fact["quotes"])})
    result = []
    for key in sorted(grouped):
        edge = grouped[key]
        edge["levels"] = sorted(edge["levels"])
        edge["axes"] = sorted(edge["axes"])
        edge["years"] = [list(span) for span in sorted(edge["years"])]
        edge["facts"] = by_edge[key]
        result.append(edge)
    return result


def details(store: ox.Store) -> dict[str, dict]:
    """The panel's and the search's fields of every node (query ``map-details``)."""
    names = ("entity", "description", "altLabels", "searchKeys", "type", "date", "sources", "quotes")
    result = queries.run(store, queries.get("map-details"))
    # the entity is always bound
    rows = network.solutions(cast(ox.QuerySolutions, result), names)
    return {cast(str, row[0]): dict(zip(names[1:], row[1:], strict=True)) for row in rows}


def nodes(rows: list[network.Node], declared: network.Model, store: ox.Store, known: dict[str, dict]) -> list[dict]:
    """Nodes of the map: every entity of ``rows``, with its sources (what it is derived from)."""
    more = details(store)
    result = []
    for row in rows:
        extra = more.get(row.id, {})
        label = row.label or extra.get("description") or row.id.rsplit("/", 1)[-1]
        alt = _lines(extra.get("altLabels"))
        keys = sorted(set(_lines(extra.get("searchKeys"))) | {normalize(text) for text in [label, *alt]} - {""})
        ranked = sorted((known[i]["notation"], i) for i in row.levels
                        if i in known and isinstance(known[i]["notation"], int))
        result.append({
            "id": row.id,
            "kind": declared.kind(row.kinds),
            "name": label,
            "description": extra.get("description"),
            "alt": alt,
            "keys": keys,
            "levelIri": ranked[0][1] if ranked else None,
            "levelRank": ranked[0][0] if ranked else None,
            "axes": _notations(row.axes, known),
            "actionType": extra.get("type"),
            "date": extra.get("date"),
            "sources": _lines(extra.get("sources")),
            "quotes": _lines(extra.get("quotes")),
        })
    return result


def graph_rows(store: ox.Store) -> tuple[list[dict], list[dict], dict[str, dict]]:
    """``(nodes, edges, concepts)`` of the map; edges whose ends are not both nodes are dropped; a node that
    is itself a fact (an action) has ``"fact": True``."""
    known = concepts(store)
    declared = network.model(store)
    entities, facts = network.extract(store, declared)
    kept = edges(facts, entities, known)
    drawn = nodes(list(entities.values()), declared, store, known)
    are_facts = {row.fact for row in facts}
    return [{**n, "fact": True} if n["id"] in are_facts else n for n in drawn], kept, known
