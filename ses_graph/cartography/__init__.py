"""cartography: the interactive map of members, instances and advocacy actions (axis 4).

People, organisations, networks, instances, public bodies, events and actions are nodes; each
sourced fact (membership, seat, participation, action, partnership, funding) is an edge. The page
is one HTML file with every script and style inlined, laid out in advance (one band per level,
international at the top) and drawn without live physics; the same graph gives the same bytes.

>>> import pyoxigraph as ox
>>> render_map(ox.Store()).startswith("<!DOCTYPE html>")
True
"""

from __future__ import annotations

import pyoxigraph as ox

from .. import terms
from ..analysis import CANDIDATE_KINDS, output, stored
from . import folds
from .layout import ALONE
from .page import html, sizes, style, vis_items
from .rows import graph_rows

LANGUAGES = ("fr", "en")

__all__ = ["LANGUAGES", "TOP_MEDIATORS", "map_data", "mediator_view", "render_map", "render_rows", "stored_ranking"]

#: How many of the best-ranked organisations and of the best-ranked people the mediators view emphasises.
TOP_MEDIATORS = 5


def map_data(store: ox.Store) -> tuple[list[dict], list[dict], dict[str, dict]]:
    """``(nodes, edges, concepts)`` of the map: its view of the network (:mod:`ses_graph.network`)."""
    return graph_rows(store)


def render_rows(nodes: list[dict], edges: list[dict], concepts: dict[str, dict], lang: str = "fr",
                ranking: list[dict] | None = None, stale: str | None = None) -> str:
    """The map page for already-read rows (see :func:`map_data`); ``ranking``: the mediator entries
    (:func:`stored_ranking`), which give the mediator line of each ranked entity's panel; ``stale``: since
    when that ranking does not count every write (:func:`ses_graph.analysis.stored.stale`), said beside it."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    if ranking:
        panels = output.panel_texts(e for e in ranking if "rank" in e)
        nodes = [{**n, "mediator": panels[n["id"]]} if n["id"] in panels else n for n in nodes]
    folded = folds.folds(nodes, edges)
    positions, bands = folds.positions(nodes, edges, folded)
    level_of_rank = {n["levelRank"]: n["levelIri"] for n in sorted(nodes, key=lambda n: n["id"]) if n.get("levelRank")}
    unplaced, alone = style()["strings"]["noLevel"], style()["strings"]["alone"]  # the filters' words
    for band in bands:
        concept = concepts.get(level_of_rank.get(band["rank"], ""))
        named = {"fr": concept["fr"], "en": concept["en"]} if concept else None
        band.update(named or (alone if band["rank"] == ALONE else unplaced))
    items = vis_items(nodes, edges, positions, sizes(nodes, edges))
    return html(items, concepts, bands, lang, id_base=terms.ID, folded=folded,
                mediators=mediator_view(nodes, edges, folded, ranking or []), stale=stale)


def mediator_view(nodes: list[dict], edges: list[dict], folded: list[dict], ranking: list[dict],
                  top: int = TOP_MEDIATORS) -> dict[str, list[int]]:
    """What the map's mediators view emphasises, by position in ``nodes``, ``edges`` and ``folded``.

    ``top``: the entities ranked ``top`` or better (each kind has its own ranks), best first;
    ``ties`` and ``folds``: the edges and folds of the facts their explanations rest on (the
    ``evidence`` of the ranking), through which they tie the national movement and its members.
    The ranking is read, not computed (:func:`stored_ranking`).
    """
    index = {n["id"]: i for i, n in enumerate(nodes)}
    best = sorted((e for e in ranking if e.get("rank", top + 1) <= top and e["entity"] in index),
                  key=lambda e: (e["rank"], e["entity"]))
    evidence = {fact for e in best for fact in e.get("evidence", ())}
    return {"top": [index[e["entity"]] for e in best],
            "ties": [i for i, edge in enumerate(edges) if any(f["fact"] in evidence for f in edge["facts"])],
            "folds": [i for i, fold in enumerate(folded) if evidence.intersection(fold["facts"])]}


def stored_ranking(store: ox.Store) -> list[dict]:
    """The mediator ranking the build wrote into the mediators graph, organisations then people (empty when
    it was built without it): the entries as :func:`ses_graph.analysis.mediators.ranking` gives them, read
    back from their records (:mod:`ses_graph.analysis.stored`)."""
    return [entry for kind in CANDIDATE_KINDS for entry in stored.read(store, kind) or []]


def render_map(store: ox.Store, lang: str = "fr", ranking: list[dict] | None = None) -> str:
    """The interactive map of ``store`` as one self-contained HTML page.

    Parameters
    ----------
    store : pyoxigraph.Store
        The graph.
    lang : "fr" or "en"
        Language of the interface when the page opens (a button switches it).
    ranking : list of dict, optional
        The mediator entries (``entity``, ``rank``, ``rank_range``, ``explanations``, ``evidence``), as
        :func:`ses_graph.analysis.mediators.ranking` gives them; when None, those the build stored in the
        mediators graph (:func:`stored_ranking`). Node sizes do not depend on it: they follow how many
        entities a node is tied to (:func:`ses_graph.cartography.page.importance`). Between a write and the
        refresh of the stored rankings, the panel says since when they do not count every write.

    Returns
    -------
    str
        The HTML page, with no reference to any network resource.
    """
    nodes, edges, concepts = map_data(store)
    return render_rows(nodes, edges, concepts, lang, ranking if ranking is not None else stored_ranking(store),
                       stored.stale(store))
