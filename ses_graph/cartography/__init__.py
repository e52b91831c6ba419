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
from ..analysis import output, stored
from .layout import layered_positions
from .page import html, sizes, style, vis_network
from .rows import graph_rows

LANGUAGES = ("fr", "en")

__all__ = ["LANGUAGES", "map_data", "render_map", "render_rows"]


def map_data(store: ox.Store) -> tuple[list[dict], list[dict], dict[str, dict]]:
    """``(nodes, edges, concepts)`` of the map: its view of the network (:mod:`ses_graph.network`)."""
    return graph_rows(store)


def render_rows(nodes: list[dict], edges: list[dict], concepts: dict[str, dict], lang: str = "fr",
                scores: dict[str, float] | None = None, panels: dict[str, dict[str, str]] | None = None) -> str:
    """The map page for already-read rows (see :func:`map_data`); ``panels``: the mediator line of each
    entity's panel, by language (:func:`ses_graph.analysis.output.panel_texts`)."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    if panels:
        nodes = [{**n, "mediator": panels[n["id"]]} if n["id"] in panels else n for n in nodes]
    positions, bands = layered_positions(nodes, edges)
    level_of_rank = {n["levelRank"]: n["levelIri"] for n in sorted(nodes, key=lambda n: n["id"]) if n.get("levelRank")}
    unplaced = style()["strings"]["unplaced"]
    for band in bands:
        concept = concepts.get(level_of_rank.get(band["rank"], ""))
        band.update({"fr": concept["fr"], "en": concept["en"]} if concept else unplaced)
    net = vis_network(nodes, edges, positions, sizes(nodes, edges, scores))
    return html(net, concepts, bands, lang, id_base=terms.ID)


def stored_scores(store) -> dict[str, float]:
    """The mediator scores the build wrote into the mediators graph (none when it was built without them)."""
    return stored.scores(store)


def stored_panels(store) -> dict[str, dict[str, str]]:
    """The mediator line of each ranked entity's panel ("rang 2 (entre 1 et 4) · explanation"), from the
    records of the mediators graph (:mod:`ses_graph.analysis.stored`)."""
    return output.panel_texts(e for kind in ("organisation", "person") for e in stored.read(store, kind) or [])


def render_map(store: ox.Store, lang: str = "fr", scores: dict[str, float] | None = None,
               panels: dict[str, dict[str, str]] | None = None) -> str:
    """The interactive map of ``store`` as one self-contained HTML page.

    Parameters
    ----------
    store : pyoxigraph.Store
        The graph.
    lang : "fr" or "en"
        Language of the interface when the page opens (a button switches it).
    scores : dict, optional
        Mediator score by entity IRI, used for node size. When None: the scores stored in the
        mediators graph by the build, else (a store built without them) the degree.
    panels : dict, optional
        The mediator line of each entity's panel by language; when None, from the mediators graph.

    Returns
    -------
    str
        The HTML page, with no reference to any network resource.
    """
    nodes, edges, concepts = map_data(store)
    return render_rows(nodes, edges, concepts, lang, scores if scores is not None else stored_scores(store) or None,
                       panels if panels is not None else stored_panels(store))
