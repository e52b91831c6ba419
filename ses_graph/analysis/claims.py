"""Claims: what the sourced facts say of one organisation or person, read in the right direction.

Each claim is one statement about the candidate (its ``subject``), resting on the facts that
state it (``facts``: their IRIs). Edges of the network go from the member, holder, participant,
actor or first partner to the organisation, body, event or target (:func:`.graphs.network`), so
a claim's type says which end the candidate is:

========================  =======================================================================
``member``                the subject is a member of ``object`` (``roles``: the roles it holds)
``seat``                  the subject sits in the body ``object``, on behalf of ``principal`` if given
``represents``            the subject holds a seat on behalf of ``object`` (in ``body`` if known)
``attends``               the subject took part in the event ``object``
``listed-with``           the subject was listed under the organisation ``object`` at an event
``acts``                  the subject carries an action aimed at ``object``
``partner``               the subject and ``object`` are partners
``has-member``            ``object`` is a member of the subject (a person only through a membership)
``has-seat``              ``object`` sits in the subject
``represented``           ``object`` holds a seat in ``body`` on behalf of the subject
``lists``                 ``object`` was listed under the subject at an event
``targeted``              ``object`` carries an action aimed at the subject
========================  =======================================================================

``levels`` are the levels of what the claim ties the subject to: those of ``object`` (its own
``ses:level``), and for an action the level the fact gives. ``strength`` is the tie's
(:mod:`.ties`).
"""

from __future__ import annotations

from functools import cache

import networkx as nx

from . import ties, vocabulary

__all__ = ["TYPES", "claims"]

#: Claim type of an edge, seen from its start (out) and from its end (in), by relation.
OUT = {"membership": "member", "seat": "seat", "on-behalf-of": "represents", "participation": "attends",
       "affiliation": "listed-with", "action": "acts", "partnership": "partner"}
IN = {"membership": "has-member", "seat": "has-seat", "on-behalf-of": "represented", "affiliation": "lists",
      "action": "targeted", "partnership": "partner"}
TYPES = tuple(dict.fromkeys([*OUT.values(), *IN.values()]))
_ORDER = {t: i for i, t in enumerate(TYPES)}
_RANK = {ties.MANDATE: 0, ties.TIE: 1, ties.ATTENDANCE: 2}


@cache
def _split(levels: str) -> tuple[str, ...]:
    return tuple(levels.split())  # the levels of a node: few distinct values, split once each


def _levels(graph: nx.MultiDiGraph, node: str) -> tuple[str, ...]:
    return _split(graph._node[node].get("level") or "")  # type: ignore[attr-defined]  # (not in the stubs)


def claims(graph: nx.MultiDiGraph, node: str) -> list[dict]:
    """The claims the facts at ``node`` make about it, strongest first.

    Returns a list of ``{"type", "subject", "object", "roles", "body", "principal", "levels",
    "strength", "facts"}`` (``body`` and ``principal`` empty unless the claim is about a seat held
    on someone's behalf). Claims of one type about one object (and body) are merged.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("mes", {"kind": "organisation", "level": "national"}), ("ripess", {"kind": "organisation",
    ...     "level": "european"}), ("apes", {"kind": "organisation"})])
    >>> _ = g.add_edge("mes", "ripess", key="m1", fact="m1", relation="membership", role="founding-member")
    >>> _ = g.add_edge("apes", "ripess", key="m2", fact="m2", relation="membership", role="member")
    >>> [(c["type"], c["object"], c["roles"], c["levels"], c["facts"]) for c in claims(g, "ripess")]
    [('has-member', 'apes', ['member'], [], ['m2']), ('has-member', 'mes', ['founding-member'], ['national'], ['m1'])]
    >>> [(c["type"], c["object"], c["levels"]) for c in claims(g, "mes")]
    [('member', 'ripess', ['european'])]
    """
    mandates = vocabulary.of(graph).mandates
    # networkx's own adjacency (a view's is filtered alike), in the order of out_edges and in_edges without the
    # cost of their views: this runs for every candidate.
    succ = graph._succ  # type: ignore[attr-defined]  # (not in the stubs)
    by_fact: dict[str, dict[str, tuple]] = {}  # fact -> relation -> (from, to), for seats held on behalf of
    edges = [(node, v, d, OUT) for v, keyed in succ[node].items() for d in keyed.values()]
    pred = graph._pred  # type: ignore[attr-defined]
    edges += [(u, node, d, IN) for u, keyed in pred[node].items() for d in keyed.values()]
    for u, _v, d, _ in edges:
        if d.get("relation") in ("seat", "on-behalf-of"):
            for b, keyed in succ[u].items():
                for e in keyed.values():
                    if e.get("fact") == d.get("fact"):
                        by_fact.setdefault(d["fact"], {})[e["relation"]] = (u, b)
    merged: dict[tuple, dict] = {}
    for u, v, d, side in edges:
        relation, fact = d.get("relation", ""), d.get("fact", "")
        kind = side.get(relation)
        if kind is None or not fact:
            continue
        other = v if side is OUT else u
        seat = by_fact.get(fact, {})
        body = principal = ""
        if relation == "seat" and "on-behalf-of" in seat:
            principal = seat["on-behalf-of"][1]
        if relation == "on-behalf-of":
            if "seat" in seat and side is OUT:
                continue  # told by the seat claim, with its principal
            body = seat["seat"][1] if "seat" in seat else ""
        if relation == "seat" and side is IN and "on-behalf-of" in seat:
            principal = seat["on-behalf-of"][1]
        key = (kind, other, body, principal)
        claim = merged.setdefault(key, {"type": kind, "subject": node, "object": other, "roles": set(),
                                        "body": body, "principal": principal, "levels": set(_levels(graph, other)),
                                        "strength": ties.ATTENDANCE, "facts": set()})
        claim["roles"].update((d.get("role") or "").split())
        if kind == "acts" and d.get("level"):
            claim["levels"].add(d["level"])
        strength = ties.strength(relation, d.get("role", ""), mandates)
        if _RANK[strength] < _RANK[claim["strength"]]:
            claim["strength"] = strength
        claim["facts"].add(fact)
    out = [{**c, "roles": sorted(c["roles"]), "levels": sorted(c["levels"]), "facts": sorted(c["facts"])}
           for c in merged.values()]
    out.sort(key=lambda c: (_RANK[c["strength"]], _ORDER[c["type"]], c["object"], c["body"], c["principal"]))
    return out
