"""The map's nodes and edges, read from the store with ``queries/map-*.rq``.

One node per entity taking part in a fact; one edge per (type, from, to), carrying the list of
facts behind it, each with its role, source and quote. Every list is sorted, so that the same graph
always gives the same rows.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from .. import queries
from ..search import normalize


def _value(term) -> str | None:
    return None if term is None else term.value


def _lines(term) -> list[str]:
    return sorted({line for line in (_value(term) or "").split("\n") if line})


def concepts(store: ox.Store) -> dict[str, dict]:
    """Levels, axes, roles, action types and sources: ``{iri: {"scheme", "notation", "fr", "en"}}``."""
    found: dict[str, dict] = {}
    for row in queries.run(store, queries.get("map-concepts")):
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


def edges(store: ox.Store) -> list[dict]:
    """Edges of the map, one per (type, from, to), with their facts."""
    grouped: dict[tuple, dict] = {}
    facts: dict[tuple, dict] = defaultdict(lambda: {"quotes": set()})
    for row in queries.run(store, queries.get("map-edges")):
        key = (row["type"].value, row["from"].value, row["to"].value)
        edge = grouped.setdefault(key, {"type": key[0], "from": key[1], "to": key[2], "levels": set(), "axes": set()})
        if row["level"] is not None:
            edge["levels"].add(row["level"].value)
        if row["axis"] is not None and row["axis"].value.isdigit():
            edge["axes"].add(int(row["axis"].value))
        fact = facts[key + (row["fact"].value,)]
        fact.update(fact=row["fact"].value, role=_value(row["role"]), source=_value(row["source"]))
        if row["quote"] is not None:
            fact["quotes"].add(row["quote"].value)
    for (kind, start, end, iri), fact in sorted(facts.items()):
        grouped[(kind, start, end)].setdefault("facts", []).append(
            {"fact": iri, "role": fact["role"], "source": fact["source"], "quotes": sorted(fact["quotes"])})
    result = []
    for key in sorted(grouped):
        edge = grouped[key]
        edge["levels"] = sorted(edge["levels"])
        edge["axes"] = sorted(edge["axes"])
        result.append(edge)
    return result


def nodes(store: ox.Store, linked: set[str]) -> list[dict]:
    """Nodes of the map: the entities in ``linked`` (those with at least one edge)."""
    result = []
    for row in queries.run(store, queries.get("map-nodes")):
        iri = row["entity"].value
        if iri not in linked:
            continue
        label = _value(row["label"]) or _value(row["description"]) or iri.rsplit("/", 1)[-1]
        alt = _lines(row["altLabels"])
        keys = sorted(set(_lines(row["searchKeys"])) | {normalize(text) for text in [label, *alt]} - {""})
        axes = sorted(int(a) for a in (_value(row["axes"]) or "").split() if a.isdigit())
        result.append({
            "id": iri,
            "kind": row["kind"].value,
            "name": label,
            "description": _value(row["description"]),
            "alt": alt,
            "keys": keys,
            "levelIri": _value(row["level"]),
            "levelRank": int(row["levelRank"].value) if row["levelRank"] is not None else None,
            "axes": axes,
            "actionType": _value(row["type"]),
            "date": _value(row["date"]),
            "sources": _lines(row["sources"]),
            "quotes": _lines(row["quotes"]),
        })
    return result


def graph_rows(store: ox.Store) -> tuple[list[dict], list[dict], dict[str, dict]]:
    """``(nodes, edges, concepts)`` of the map; edges whose ends are not both nodes are dropped."""
    known = concepts(store)
    all_edges = edges(store)
    ends = {e["from"] for e in all_edges} | {e["to"] for e in all_edges}
    node_rows = nodes(store, ends)
    ids = {n["id"] for n in node_rows}
    kept = [e for e in all_edges if e["from"] in ids and e["to"] in ids]
    linked = {e["from"] for e in kept} | {e["to"] for e in kept}
    return [n for n in node_rows if n["id"] in linked], kept, known
