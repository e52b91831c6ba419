"""Facts drawn as nodes (actions), folded by default into one edge between the two ends they tie.

The first view of the map shows who connects with whom, by level: each action lies folded in an
edge from its actor to its target that carries how many actions it holds, and is drawn on that
edge when it is unfolded (on demand, by a click on the edge, or when search finds it). The layout
is made without the folded facts, with their folds as edges; a fact is then placed on the segment
of its first fold (several facts of one fold spread along it), a fact with one end only just below
that end.

>>> nodes = [{"id": i, "kind": k, "name": i, "levelRank": None, **({"fact": True} if k == "action" else {})}
...          for i, k in (("apes", "organisation"), ("a1", "action"), ("a2", "action"), ("cress", "instance"))]
>>> edges = [{"from": "apes", "to": "a1", "type": "action"}, {"from": "a1", "to": "cress", "type": "action"},
...          {"from": "apes", "to": "a2", "type": "action"}, {"from": "a2", "to": "cress", "type": "action"}]
>>> folds(nodes, edges)
[{'type': 'action', 'from': 'apes', 'to': 'cress', 'facts': ['a1', 'a2']}]
"""

from __future__ import annotations

from collections import defaultdict

from .layout import SPACING_Y, layered_positions

#: How far below its one end a fact with a single end is drawn, and how far apart such facts are.
BELOW, APART = SPACING_Y // 2, 40


def folds(nodes: list[dict], edges: list[dict]) -> list[dict]:
    """One fold per (type, from, to) that facts drawn as nodes (``"fact": True``) tie, with those facts, sorted.

    A fact with several actors or targets lies in the fold of each pair.
    """
    facts = {n["id"] for n in nodes if n.get("fact")}
    into: dict[str, list[dict]] = defaultdict(list)
    out: dict[str, list[dict]] = defaultdict(list)
    for edge in edges:
        if edge["to"] in facts and edge["from"] not in facts:
            into[edge["to"]].append(edge)
        if edge["from"] in facts and edge["to"] not in facts:
            out[edge["from"]].append(edge)
    grouped: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for fact in facts:
        for first in into[fact]:
            for second in out[fact]:
                if first["from"] != second["to"]:
                    grouped[(first["type"], first["from"], second["to"])].add(fact)
    return [{"type": kind, "from": start, "to": end, "facts": sorted(grouped[(kind, start, end)])}
            for kind, start, end in sorted(grouped)]


def positions(nodes: list[dict], edges: list[dict], folded: list[dict]
              ) -> tuple[dict[str, tuple[int, int]], list[dict]]:
    """Positions and bands (:func:`ses_graph.cartography.layout.layered_positions`) of the nodes, laid out
    with the facts drawn as nodes folded; each fact then on its first fold, or below its one end."""
    facts = {n["id"] for n in nodes if n.get("fact")}
    kept = [n for n in nodes if n["id"] not in facts]
    ties = [e for e in edges if e["from"] not in facts and e["to"] not in facts] + folded
    placed, bands = layered_positions(kept, ties)
    on_fold: dict[int, list[str]] = defaultdict(list)
    seen: set[str] = set()
    for i, fold in enumerate(folded):
        for fact in fold["facts"]:
            if fact not in seen:
                seen.add(fact)
                on_fold[i].append(fact)
    for i, members in on_fold.items():
        (x1, y1), (x2, y2) = placed[folded[i]["from"]], placed[folded[i]["to"]]
        for j, fact in enumerate(members):
            share = (j + 1) / (len(members) + 1)
            placed[fact] = (int(round(x1 + (x2 - x1) * share)), int(round(y1 + (y2 - y1) * share)))
    below: dict[str, int] = defaultdict(int)
    for edge in edges:  # edges are sorted: the same rows give the same places
        for fact, end in ((edge["to"], edge["from"]), (edge["from"], edge["to"])):
            if fact in facts and fact not in placed and end in placed and end not in facts:
                x, y = placed[end]
                placed[fact] = (x + APART * below[end], y + BELOW + APART * below[end] // 2)
                below[end] += 1
    for fact in sorted(facts - placed.keys()):  # a fact tied to facts only: where the first band starts
        placed[fact] = (0, 0)
    return placed, bands
