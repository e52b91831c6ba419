"""The map page: vis-network's items built from the rows, rendered into one self-contained HTML file.

pyvis is used for the one thing the page takes from it: the vis-network script and stylesheet it
ships (its ``templates/lib`` folder, read through the package's location), inlined in the page.
Its ``Network`` class is not used: its template loads Bootstrap and vis-network's stylesheet from
CDNs and its filter menu breaks rendering, and its ``add_node`` looks each id up in a list (quadratic:
seconds at 10,000 nodes); the page has its own template (``ses_graph/map_assets/map.html``) and
controls, and the items are plain dictionaries (:func:`vis_items`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import jinja2
import pyvis

from .. import terms

ASSETS = Path(__file__).resolve().parent.parent / "map_assets"
#: The map's script, one file per concern (``map_assets/map/``), joined in this order into the page's one script:
#: they are the parts of one closure (the first opens it, the last closes it) and share its state. ``state``: the
#: data, vis-network's items, the filters' state and what they show; ``filters``: their controls; ``network``:
#: the network, its labels and fit; ``panel``: the mediators view, the highlight, the panel and the folds;
#: ``controls``: search, reset, language, and the page's ``window.sesMap``.
MAP_SCRIPTS = ("state", "filters", "network", "panel", "controls")
VIS_DIR = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
LINE_LENGTH = 22
MIN_SIZE, MAX_SIZE = 10, 34


@lru_cache(maxsize=1)
def style() -> dict:
    """The looks of ``style.json``: one entry per node kind and per relation the map draws, in legend order."""
    loaded = json.loads((ASSETS / "style.json").read_text(encoding="utf-8"))
    loaded["kindOrder"], loaded["edgeOrder"] = list(loaded["kinds"]), list(loaded["edges"])
    return loaded


def legend(concepts: dict) -> dict:
    """:func:`style` with the French and English names of each kind and relation, from the ontology's concepts.

    A store without the ontology (no concepts) names them by their codes; tests/cartography checks
    that style.json has exactly one entry per kind and per relation of the map's view.
    """
    named = {(c["scheme"], c["notation"]): c for c in concepts.values()}
    out = dict(style())
    for part, scheme in (("kinds", terms.KIND_SCHEME.value), ("edges", terms.RELATION_SCHEME.value)):
        out[part] = {code: {**look, **{lang: named.get((scheme, code), {}).get(lang, code) for lang in ("fr", "en")}}
                     for code, look in out[part].items()}
    return out


def importance(nodes: list[dict], edges: list[dict]) -> dict[str, int]:
    """How many other entities each node is tied to (distinct neighbours), an action counting as a tie
    between its actor and its target (so that folding the actions leaves the sizes as they are).

    The national hub, on whose network every membership converges, is the most tied entity of the
    real map; the same rows give the same numbers.
    """
    facts = {n["id"] for n in nodes if n.get("fact")}
    around: dict[str, set[str]] = {n["id"]: set() for n in nodes}
    for edge in edges:
        if edge["from"] != edge["to"]:
            around[edge["from"]].add(edge["to"])
            around[edge["to"]].add(edge["from"])
    found = {}
    for node, neighbours in around.items():
        if node in facts:
            found[node] = len(neighbours)
            continue
        reached: set[str] = set()
        for other in neighbours:
            reached |= around[other] - {node} if other in facts else {other}
        found[node] = len(reached)
    return found


def sizes(nodes: list[dict], edges: list[dict]) -> dict[str, float]:
    """Node sizes from :func:`importance`, square-root scaled between ``MIN_SIZE`` and ``MAX_SIZE``."""
    values = importance(nodes, edges)
    low, high = (min(values.values()), max(values.values())) if values else (0, 0)
    span = (high - low) or 1
    return {n["id"]: round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt((values[n["id"]] - low) / span), 2)
            for n in nodes}


def node_label(text: str) -> str:
    """The node's label: at most two lines of about 22 characters (the full name is in the panel)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > LINE_LENGTH:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], lines[1][: LINE_LENGTH - 1].rstrip() + "…"]
    return "\n".join(lines)


#: vis-network's node and edge items, in the order of the rows.
Items = tuple[list[dict], list[dict]]


def vis_items(nodes: list[dict], edges: list[dict], positions: dict, size: dict) -> Items:
    """vis-network's items: each node with its label, position and size, each edge with its ends and its
    id, both with the map's own fields (shapes and colours follow the kind and the link type)."""
    node_items = [{**node, "label": node_label(node["name"]), "size": size[node["id"]],
                   "x": positions[node["id"]][0], "y": positions[node["id"]][1]} for node in nodes]
    edge_items = [
        {
            "id": f"e{i}",
            "from": edge["from"],
            "to": edge["to"],
            "type": edge["type"],
            "levels": edge["levels"],
            "axes": edge["axes"],
            "facts": edge.get("facts", []),
            "years": edge.get("years", []),
            "undated": edge.get("undated", True),
        }
        for i, edge in enumerate(edges)
    ]
    return node_items, edge_items


def _json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


DRAW_FIELDS = ("id", "label", "x", "y", "size", "kind", "levelRank", "axes", "alt", "keys", "fact")
DETAIL_FIELDS = ("name", "description", "levelIri", "actionType", "date", "sources", "quotes", "mediator")


def payload(items: Items, concepts: dict, folded: Sequence[dict] = ()) -> tuple[dict, dict]:
    """``(drawn, details)``: what the first frame and the filters need, and what only the panel and search need.

    Shapes, colours, widths, dashes and arrows follow the kind or the link type (``style.json``), so
    they are not repeated on each item; an edge names its ends by their index in ``nodes`` and its
    levels by their rank; a fold (:mod:`ses_graph.cartography.folds`) its ends and its facts the same way.
    ``sources``: every source document or dataset the map's entities and facts are derived from, which a
    node (its own sources) and an edge (its facts') name by number in ``src``, for the sources filter.
    ``details`` is parsed by the page on first use.
    """
    nodes, edges = items
    index = {n["id"]: i for i, n in enumerate(nodes)}
    of_facts = {f["source"] for e in edges for f in e["facts"] if f.get("source")}
    sources = sorted({s for n in nodes for s in n.get("sources", ())} | of_facts)
    number = {iri: i + 1 for i, iri in enumerate(sources)}  # 0 is "none", as for levels and axes

    def numbered(iris: Iterable[str]) -> dict[str, list[int]]:
        found = sorted({number[i] for i in iris if i})
        return {"src": found} if found else {}

    drawn_nodes = [{**{k: n[k] for k in DRAW_FIELDS if n.get(k) not in (None, [])}, **numbered(n.get("sources", ()))}
                   for n in nodes]
    rank = {iri: c.get("notation") for iri, c in concepts.items()}
    drawn_edges = [{"f": index[e["from"]], "t": index[e["to"]], "type": e["type"],
                    **numbered(f.get("source") for f in e["facts"]),
                    **({"ranks": [rank.get(level, 0) for level in e["levels"]]} if e["levels"] else {}),
                    **({"axes": e["axes"]} if e["axes"] else {}),
                    **({"years": e["years"]} if e["years"] else {}),
                    **({"undated": 1} if e["undated"] else {})} for e in edges]
    details = {"nodes": [{k: n[k] for k in DETAIL_FIELDS if n.get(k) not in (None, [])} for n in nodes],
               "facts": [e["facts"] for e in edges]}
    drawn_folds = [
        {"f": index[f["from"]], "t": index[f["to"]], "type": f["type"], "facts": [index[i] for i in f["facts"]]}
        for f in folded
    ]
    return {"nodes": drawn_nodes, "edges": drawn_edges, "folds": drawn_folds, "sources": sources}, details


def html(items: Items, concepts: dict, bands: list[dict], lang: str, id_base: str, folded: Sequence[dict] = (),
         mediators: dict[str, list[int]] | None = None, stale: str | None = None) -> str:
    """The page, every script and style inlined; the same input gives the same bytes. ``mediators``: what
    the mediators view emphasises (:func:`ses_graph.cartography.mediator_view`); ``stale``: since when the
    mediator ranking does not count every write (None: it does)."""
    drawn, details = payload(items, concepts, folded)
    data = {**drawn, "concepts": concepts, "bands": bands, "style": legend(concepts), "lang": lang, "idBase": id_base,
            "mediators": mediators or {"top": [], "ties": [], "folds": []}, "rankingStale": stale}
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(ASSETS)), autoescape=False, keep_trailing_newline=True
    )
    return environment.get_template("map.html").render(
        lang=lang,
        title=style()["strings"]["title"][lang],
        vis_js=(VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
        search_js=(ASSETS / "vendor" / "damerau-levenshtein.js").read_text(encoding="utf-8")
        + (ASSETS / "search.js").read_text(encoding="utf-8"),
        map_js="".join((ASSETS / "map" / f"{name}.js").read_text(encoding="utf-8") for name in MAP_SCRIPTS),
        map_css=(ASSETS / "map.css").read_text(encoding="utf-8"),
        data=_json(data),
        details=_json(details),
    )
