"""A fixed, deterministic layout: one horizontal band per level, international at the top.

Instances and actions sit in the band of their own level. People and organisations, which have no
level of their own, take the median level of their neighbours (repeated a few times so that a
person reaches the level of the instances where their organisation sits); what stays unplaced goes
to a last band. Entities with no link at all (the organisations of an imported directory) come
after it, in a band of their own, so that the network keeps its shape. Inside a band, nodes are
ordered by the mean position of their neighbours (barycentre heuristic of layered drawing, Sugiyama
et al. 1981, doi:10.1109/TSMC.1981.4308636) and wrapped in rows, column by column, so that
left-to-right order is kept.
"""

from __future__ import annotations

import math
from collections import defaultdict

#: The rank of the band of the entities that stand alone (levels have ranks from 1, "no level" is 0).
ALONE = -1
KIND_ORDER = ("instance", "public-body", "network", "organisation", "action", "event", "project", "person")
SPACING_X = 160
SPACING_Y = 80
BAND_GAP = 150
PROPAGATION_ROUNDS = 4
ORDERING_SWEEPS = 4


def derived_levels(node_ids: list[str], own: dict[str, int], neighbours: dict[str, list[str]]) -> dict[str, int]:
    """Level rank of each node: its own, else the lower median of its neighbours' (0 when none)."""
    level = dict(own)
    for _ in range(PROPAGATION_ROUNDS):
        found = {}
        for node in node_ids:
            if node in level:
                continue
            seen = sorted(level[n] for n in neighbours[node] if n in level)
            if seen:
                found[node] = seen[(len(seen) - 1) // 2]
        if not found:
            break
        level.update(found)
    return {node: level.get(node, 0) for node in node_ids}


def layered_positions(nodes: list[dict], edges: list[dict]) -> tuple[dict[str, tuple[int, int]], list[dict]]:
    """Positions ``{id: (x, y)}`` and the bands ``[{"rank", "top", "bottom"}]`` (top to bottom).

    ``nodes`` need ``id``, ``kind``, ``name`` and ``levelRank`` (or None); ``edges`` need ``from`` and ``to``.
    """
    ids = [n["id"] for n in nodes]
    neighbours: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        if edge["from"] != edge["to"]:
            neighbours[edge["from"]].append(edge["to"])
            neighbours[edge["to"]].append(edge["from"])
    own = {n["id"]: n["levelRank"] for n in nodes if n.get("levelRank")}
    level = derived_levels(ids, own, neighbours)
    kind_rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    members: dict[int, list[dict]] = defaultdict(list)
    for node in nodes:
        members[level[node["id"]] if neighbours[node["id"]] else ALONE].append(node)
    ranks = sorted((r for r in members if r > 0), reverse=True) + [r for r in (0, ALONE) if r in members]
    alone = len(members.get(ALONE, ()))
    columns = max(8, math.ceil(1.4 * math.sqrt(len(nodes) - alone)))
    order = {
        rank: sorted(members[rank], key=lambda n: (-(n.get("levelRank") or 0) if rank == ALONE else 0,
                                                   kind_rank.get(n["kind"], 99), n["name"].lower(), n["id"]))
        for rank in ranks
    }
    x: dict[str, float] = {}

    def place_x(rank: int) -> None:
        band = order[rank]
        rows = max(1, math.ceil(len(band) / columns))
        width = math.ceil(len(band) / rows)
        for i, node in enumerate(band):
            x[node["id"]] = (i // rows - (width - 1) / 2) * SPACING_X

    for rank in ranks:
        place_x(rank)
    for _ in range(ORDERING_SWEEPS):
        for rank in ranks[:-1] if alone else ranks:
            def barycentre(node: dict, current: dict[str, float] = x) -> float:
                around = [current[n] for n in neighbours[node["id"]] if n in current]
                return sum(around) / len(around) if around else current[node["id"]]
            keyed = {node["id"]: barycentre(node) for node in order[rank]}
            order[rank] = sorted(
                order[rank], key=lambda n: (round(keyed[n["id"]], 6), kind_rank.get(n["kind"], 99), n["id"])
            )
            place_x(rank)
    positions: dict[str, tuple[int, int]] = {}
    bands = []
    top = 0
    for rank in ranks:
        band = order[rank]
        rows = max(1, math.ceil(len(band) / columns))
        for i, node in enumerate(band):
            row = i % rows
            stagger = (SPACING_X // 2) if (i // rows) % 2 else 0
            positions[node["id"]] = (
                int(round(x[node["id"]])),
                top + row * SPACING_Y + (stagger // 3 if rows > 1 else 0),
            )
        bottom = top + (rows - 1) * SPACING_Y
        bands.append({"rank": rank, "top": top, "bottom": bottom, "count": len(band)})
        top = bottom + BAND_GAP
    return positions, bands
